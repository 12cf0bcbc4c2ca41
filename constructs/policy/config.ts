/** Helpers for reading synthesized Terraform configuration (`cdk.tf.json` shapes) inside rule checks. */
import { L_SERIES_CATALOG } from '../compute/l-series-catalog';
import {
  OTHER_COMPUTE_TYPES,
  RESOURCE_TYPE_NAMES,
  resourceTypeEntry,
  type ComputeFacts,
  type KnownResourceType,
  type OtherComputeType,
} from '../shared/resource-types';
import { lookupTable, ownValue } from '../shared/validation';
import type { JsonObject, JsonValue, PolicySubject } from './rule';

/** Whether a value is (or contains) a Terraform expression such as `${var.x}`: its value is known only at plan time. */
export function isExpression(value: JsonValue | undefined): boolean {
  return typeof value === 'string' && value.includes('${');
}

/** Whether a value is a JSON object (a single nested block). */
export function isObject(value: JsonValue | undefined): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * The blocks of a nested block attribute: `cdk.tf.json` writes a single block as an object and repeated blocks as
 * a list. Anything else (absent, an expression) gives no blocks.
 */
export function blocks(value: JsonValue | undefined): JsonObject[] {
  if (Array.isArray(value)) return value.filter(isObject);
  return isObject(value) ? [value] : [];
}

/** The first block of a nested block attribute, if any. */
export function block(value: JsonValue | undefined): JsonObject | undefined {
  return blocks(value)[0];
}

/** Shows a configuration value in a finding: strings quoted, absent values as "unset". */
export function showSetting(value: JsonValue | undefined): string {
  if (value === undefined) return 'unset';
  return typeof value === 'string' ? `"${value}"` : JSON.stringify(value);
}

/** The Terraform expression a reference to another resource's attribute synthesizes to. */
export function referenceTo(subject: PolicySubject, attribute: string): string {
  return `\${${subject.address}.${attribute}}`;
}

/** The Terraform variable a value refers to when it is exactly `${var.<name>}`. */
export function variableName(value: JsonValue | undefined): string | undefined {
  if (typeof value !== 'string') return undefined;
  return /^\$\{var\.([A-Za-z_][\w-]*)\}$/.exec(value)?.[1];
}

/** The catalog's compute types, then the ones the stacks never emit: scale sets first, then single VMs. */
const COMPUTE_FACTS: readonly (readonly [KnownResourceType, ComputeFacts])[] = (() => {
  const all: [KnownResourceType, ComputeFacts][] = [
    ...RESOURCE_TYPE_NAMES.flatMap((type): [KnownResourceType, ComputeFacts][] => {
      const compute = resourceTypeEntry(type)?.compute;
      return compute ? [[type, compute]] : [];
    }),
    ...(Object.keys(OTHER_COMPUTE_TYPES) as OtherComputeType[]).map((type): [KnownResourceType, ComputeFacts] => [
      type,
      OTHER_COMPUTE_TYPES[type],
    ]),
  ];
  return [...all.filter(([, c]) => c.scaleSet), ...all.filter(([, c]) => !c.scaleSet)];
})();

/**
 * The resource types that run VMs: the catalog's compute types and {@link OTHER_COMPUTE_TYPES}, scale sets first,
 * then single VMs.
 */
export const COMPUTE_TYPE_NAMES: readonly KnownResourceType[] = COMPUTE_FACTS.map(([type]) => type);

/** The attribute that holds the VM size, by compute resource type. */
export const COMPUTE_TYPES: Readonly<Record<string, string>> = lookupTable(
  COMPUTE_FACTS.map(([type, c]) => [type, c.sizeAttribute] as const),
);

/** The scale set resource types (VMs with `network_interface` blocks inline). */
export const SCALE_SET_TYPES: readonly KnownResourceType[] = COMPUTE_FACTS.filter(([, c]) => c.scaleSet).map(
  ([type]) => type,
);

/** The VM size of a compute subject, when it is a literal. */
export function vmSizeOf(subject: PolicySubject): string | undefined {
  const attribute = ownValue(COMPUTE_TYPES, subject.type);
  const value = attribute === undefined ? undefined : subject.config[attribute];
  return typeof value === 'string' && !isExpression(value) ? value : undefined;
}

/**
 * Whether a VM size has local NVMe disks that hold data (the L-series, storage optimized): catalog sizes, and any
 * other `Standard_L<n>` size so that a size newer than the catalog is not waved through.
 */
export function isNvmeSize(size: string): boolean {
  return ownValue(L_SERIES_CATALOG, size) !== undefined || /^Standard_L\d+/i.test(size);
}

/**
 * Whether a VM size needs a Gen2 image with NVMe support: catalog v4 and v5 sizes, and unknown L-series sizes
 * whose name ends in `_v4` or later.
 */
export function needsGen2NvmeImage(size: string): boolean {
  const spec = ownValue(L_SERIES_CATALOG, size);
  if (spec) return !spec.supportsGen1;
  return /^Standard_L\d+\w*_v([4-9]|\d{2,})$/i.test(size);
}

/** A configuration value as plain text (strings as they are, other values as JSON, absent as empty). */
export function text(value: JsonValue | undefined): string {
  if (value === undefined) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * Whether a subject is a Flexible scale set without a VM profile (no `sku_name`): it creates no VMs itself, and the
 * VMs that join it (`virtual_machine_scale_set_id`) are checked as VMs.
 */
export function isScaleSetWithoutVmProfile(subject: PolicySubject): boolean {
  return subject.type === 'azurerm_orchestrated_virtual_machine_scale_set' && subject.config.sku_name === undefined;
}

/**
 * The subject of type `type` that a value refers to when it is exactly `${<type>.<name>.id}` (how a construct's `.id`
 * synthesizes), or undefined when it is a literal id, another expression, or absent.
 */
export function referencedSubject(
  value: JsonValue | undefined,
  subjects: readonly PolicySubject[],
  type: string,
): PolicySubject | undefined {
  if (typeof value !== 'string') return undefined;
  return subjects.find((s) => s.kind === 'resource' && s.type === type && value === referenceTo(s, 'id'));
}

/** The zones a compute or placement subject declares: `zones` (a list) or `zone` (one), as literal strings. */
export function declaredZones(subject: PolicySubject): string[] {
  const { zones, zone } = subject.config;
  if (Array.isArray(zones)) return zones.filter((z): z is string => typeof z === 'string');
  return typeof zone === 'string' ? [zone] : [];
}
