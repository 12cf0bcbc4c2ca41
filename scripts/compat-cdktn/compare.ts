/**
 * The comparison behind `npm run compat:cdktn`: the Terraform JSON synthesized with the CDK Terrain fork against the
 * cdktf output of the original tree. Pure functions over parsed JSON; no file system, no processes.
 *
 * Synthesis metadata (every `//` key, which records the framework's own version, construct paths and ids) is
 * ignored. The one difference the switch may make is the azurerm provider pin, because the fork's bindings are
 * generated for a newer azurerm; anything else is a behaviour change of the framework and fails the run.
 */

/** A parsed JSON value. */
export type Json = null | boolean | number | string | readonly Json[] | { readonly [key: string]: Json };

/** The key under which cdktf and cdktn write synthesis metadata, at any depth. */
export const METADATA_KEY = '//';

/** Paths (key segments from the document root) that may differ between the cdktf and the fork output. */
export const ALLOWED_DIFFERENCES: readonly (readonly string[])[] = [
  ['terraform', 'required_providers', 'azurerm', 'version'],
];

/** One difference between two JSON documents. */
export interface JsonDifference {
  /** Key segments (array indexes as decimal strings) from the document root. */
  readonly path: readonly string[];
  /** `added`: only in the candidate; `removed`: only in the baseline; `changed`: in both, different values. */
  readonly kind: 'added' | 'removed' | 'changed';
  /** The baseline's value (absent for `added`). */
  readonly before?: Json;
  /** The candidate's value (absent for `removed`). */
  readonly after?: Json;
}

/** The outcome of comparing one synthesized stack. */
export interface StackComparison {
  /** Differences the switch is allowed to make (the azurerm pin). */
  readonly allowed: readonly JsonDifference[];
  /** Every other difference; the run fails when any is present. */
  readonly unexpected: readonly JsonDifference[];
}

/**
 * Every difference between `before` and `after`, depth first in key order, ignoring `//` metadata keys at any depth.
 * Arrays are compared position by position (Terraform JSON arrays are ordered blocks and lists).
 */
export function diffJson(before: Json, after: Json, path: readonly string[] = []): JsonDifference[] {
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((k) => k !== METADATA_KEY);
    return keys.sort().flatMap((key) => {
      const at = [...path, key];
      if (!(key in after)) return [{ path: at, kind: 'removed' as const, before: before[key]! }];
      if (!(key in before)) return [{ path: at, kind: 'added' as const, after: after[key]! }];
      return diffJson(before[key]!, after[key]!, at);
    });
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const a = before as readonly Json[];
    const b = after as readonly Json[];
    const out: JsonDifference[] = [];
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      const at = [...path, String(i)];
      if (i >= b.length) out.push({ path: at, kind: 'removed', before: a[i]! });
      else if (i >= a.length) out.push({ path: at, kind: 'added', after: b[i]! });
      else out.push(...diffJson(a[i]!, b[i]!, at));
    }
    return out;
  }
  return before === after ? [] : [{ path, kind: 'changed', before, after }];
}

/**
 * Compares a stack synthesized with the fork (`candidate`) to the cdktf output (`baseline`) and splits the
 * differences into the allowed one (a changed azurerm version pin) and all others.
 */
export function compareStacks(baseline: Json, candidate: Json): StackComparison {
  const allowed: JsonDifference[] = [];
  const unexpected: JsonDifference[] = [];
  for (const d of diffJson(baseline, candidate)) {
    const permitted =
      d.kind === 'changed' &&
      typeof d.before === 'string' &&
      typeof d.after === 'string' &&
      ALLOWED_DIFFERENCES.some((p) => samePath(p, d.path));
    (permitted ? allowed : unexpected).push(d);
  }
  return { allowed, unexpected };
}

/** A path for people: `resource.azurerm_subnet.nodes.address_prefixes[0]`. */
export function formatPath(path: readonly string[]): string {
  if (path.length === 0) return '(document root)';
  return path
    .map((segment, i) => {
      if (/^\d+$/.test(segment)) return `[${segment}]`;
      const plain = /^[A-Za-z_][\w-]*$/.test(segment) ? segment : JSON.stringify(segment);
      return i === 0 ? plain : `.${plain}`;
    })
    .join('');
}

/** One line per difference, at most `limit` lines plus a count of the rest. */
export function formatDifferences(differences: readonly JsonDifference[], limit = 20): string[] {
  const lines = differences.slice(0, limit).map((d) => {
    const where = formatPath(d.path);
    if (d.kind === 'added') return `+ ${where} = ${short(d.after)}`;
    if (d.kind === 'removed') return `- ${where} (was ${short(d.before)})`;
    return `~ ${where}: ${short(d.before)} -> ${short(d.after)}`;
  });
  if (differences.length > limit) lines.push(`… and ${differences.length - limit} more`);
  return lines;
}

function short(value: Json | undefined): string {
  const text = JSON.stringify(value) ?? 'undefined';
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function samePath(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((s, i) => s === b[i]);
}

function isObject(value: Json): value is { readonly [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
