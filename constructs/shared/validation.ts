/** Guards shared by the constructs: each throws at once with the field, the value received and what is allowed. */
import { Token } from 'cdktf';
import { contains, overlaps, parseCidr, type Cidr } from './cidr';

/** Azure resource tags. */
export type Tags = Readonly<Record<string, string>>;

/**
 * Azure's rule for a resource group name, as the source of a regular expression that JavaScript and Terraform's
 * `regex()` (RE2) read alike: 1-90 characters of letters, digits, `_`, `-`, `.`, `(` and `)`, not ending in a period.
 */
export const RESOURCE_GROUP_NAME_PATTERN = '^[-\\w._()]{0,89}[-\\w_()]$';

/** {@link RESOURCE_GROUP_NAME_PATTERN} in words, for error messages. */
export const RESOURCE_GROUP_NAME_RULE =
  '1-90 letters, digits, underscores, hyphens, periods or parentheses, not ending in a period';

/** The logical availability zones. */
export const AVAILABILITY_ZONES = ['1', '2', '3'] as const;

/**
 * The value a map holds under `key` as its own property, or undefined. Every lookup by a key that came from input
 * goes through this (or a null-prototype map), so `constructor`, `toString` or `__proto__` never find what
 * `Object.prototype` holds.
 */
export function ownValue<T>(map: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(map, key) ? map[key] : undefined;
}

/**
 * A frozen lookup table without a prototype: an input key that names an `Object.prototype` member finds nothing.
 */
export function lookupTable<T>(entries: Iterable<readonly [string, T]>): Readonly<Record<string, T>> {
  const table = Object.create(null) as Record<string, T>;
  for (const [k, v] of entries) table[k] = v;
  return Object.freeze(table);
}

/** Fails unless `zone` is "1", "2" or "3" (tokens pass: Terraform checks them at plan time). */
export function assertZone(zone: string, field: string): void {
  if (Token.isUnresolved(zone)) return;
  if (!(AVAILABILITY_ZONES as readonly string[]).includes(zone)) {
    throw new Error(`${field} must be one of "1", "2", "3", got "${zone}"`);
  }
}

/** Fails unless `value` is a whole number within [min, max] (tokens pass). */
export function assertIntegerInRange(value: number, min: number, max: number, field: string): void {
  if (Token.isUnresolved(value)) return;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${field} must be a whole number from ${min} to ${max}, got ${value}`);
  }
}

/** Parses a CIDR or fails naming the field (returns undefined for tokens). */
export function requireCidr(text: string, field: string): Cidr | undefined {
  if (Token.isUnresolved(text)) return undefined;
  const c = parseCidr(text);
  if ('error' in c) throw new Error(`${field} must be an IPv4 CIDR block, got "${text}": it ${c.error}`);
  return c;
}

/** Fails unless `inner` lies inside `outer` (skipped for tokens). */
export function assertInside(outer: Cidr | undefined, inner: Cidr | undefined, field: string): void {
  if (outer && inner && !contains(outer, inner)) {
    throw new Error(`${field} must lie inside ${outer.text}, got "${inner.text}"`);
  }
}

/** Fails when two blocks overlap (skipped for tokens). */
export function assertDisjoint(a: Cidr | undefined, b: Cidr | undefined, field: string): void {
  if (a && b && overlaps(a, b)) throw new Error(`${field} must not overlap ${a.text}, got "${b.text}"`);
}
