/**
 * The Terraform the customer receives: the stack synthesized by cdktf, cleaned of everything that only cdktf needs
 * (construct metadata, stack bookkeeping), and the provider schema facts the HCL renderer needs (which nested
 * objects are blocks rather than map or object attributes).
 *
 * Everything downstream (HCL, tfvars example, README, RUNBOOK, diagram) is derived from the {@link TerraformModel}
 * returned here, so the documents cannot drift from the configuration.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TerraformElement, type TerraformStack } from 'cdktf';
import { buildApp } from '../../stacks/app';
import { synthesizeChecked } from '../../stacks/synthesize';
import type { JsonObject, JsonValue } from '../../lib/json';
import type { Profile } from '../../stacks/profile/schema';
import { policyOutcome, type PolicyOutcome } from './policy';

/** A JSON value (the one declaration is lib/json.ts's `JsonValue`). */
export type Json = JsonValue;
// Declared once in lib/json.ts, re-exported for the handoff modules.
export type { JsonObject } from '../../lib/json';

/** One Terraform variable as Terraform JSON declares it. */
export interface TerraformVariableJson {
  readonly type?: string;
  readonly description?: string;
  readonly default?: Json;
  readonly sensitive?: boolean;
  readonly nullable?: boolean;
  readonly validation?: ReadonlyArray<{ readonly condition: string; readonly error_message: string }>;
}

/** One Terraform output as Terraform JSON declares it. */
export interface TerraformOutputJson {
  readonly value: Json;
  readonly description?: string;
  readonly sensitive?: boolean;
}

/** The cleaned Terraform JSON document (the parts the handoff reads; everything else is kept as it is). */
export interface TerraformDocument {
  readonly terraform: {
    readonly required_providers: Readonly<Record<string, { readonly source: string; readonly version: string }>>;
    readonly backend?: Readonly<Record<string, JsonObject>>;
    readonly [key: string]: Json | undefined;
  };
  readonly provider?: Readonly<Record<string, readonly JsonObject[]>>;
  readonly variable?: Readonly<Record<string, TerraformVariableJson>>;
  readonly output?: Readonly<Record<string, TerraformOutputJson>>;
  readonly resource?: Readonly<Record<string, Readonly<Record<string, JsonObject>>>>;
  readonly data?: Readonly<Record<string, Readonly<Record<string, JsonObject>>>>;
  readonly locals?: JsonObject;
}

/**
 * Which nested objects are blocks. Keys are `<kind>:<type>/<attr>/<nested attr>…`, e.g.
 * `resource:azurerm_storage_account/blob_properties/delete_retention_policy` or `provider:azurerm/features`.
 */
export type BlockSchema = ReadonlySet<string>;

/** The synthesized configuration and what the renderer needs to know about it. */
export interface TerraformModel {
  /** The cleaned Terraform JSON. */
  readonly document: TerraformDocument;
  /** Nested objects that are blocks, from the provider bindings. */
  readonly blocks: BlockSchema;
  /**
   * What the policy pack reported on the stack.
   *
   * @default - not known (the README says so)
   */
  readonly policy?: PolicyOutcome;
}

/** The provider registry address a bare provider source stands for. */
export const DEFAULT_PROVIDER_NAMESPACE = 'hashicorp';

/**
 * Synthesizes the profile's stack with cdktf (offline; validations and aspects run as in `npm run synth`) into a
 * temporary folder, and returns the cleaned configuration with its block schema. The folder is removed afterwards.
 *
 * @throws PolicyViolation (exit 2) when the policy pack reports errors; ProfileError or Error when the stack cannot
 *   be built or synthesis fails for another reason.
 */
export function synthesizeTerraform(profile: Profile): TerraformModel {
  const dir = mkdtempSync(join(tmpdir(), 'vast-handoff-synth-'));
  try {
    const { app, stack } = buildApp(profile, { outdir: dir });
    // A policy error is the user's input (PolicyViolation, exit 2), exactly as in `npm run synth`.
    synthesizeChecked(app, stack);
    const raw = JSON.parse(readFileSync(join(dir, 'stacks', profile.name, 'cdk.tf.json'), 'utf8')) as JsonObject;
    return { document: cleanTerraform(raw), blocks: blockSchemaOf(stack), policy: policyOutcome(stack) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Removes cdktf bookkeeping from a synthesized document: every `//` key (construct paths, unique ids, stack
 * metadata), and spells provider sources out in full (`azurerm` → `hashicorp/azurerm`). Object keys come out sorted.
 *
 * @throws Error when the document has no `terraform.required_providers`, or a local backend path is absolute.
 */
export function cleanTerraform(raw: JsonObject): TerraformDocument {
  const doc = stripMetadata(raw) as JsonObject;
  const terraform = doc.terraform as JsonObject | undefined;
  const providers = terraform?.required_providers as Record<string, JsonObject> | undefined;
  if (!terraform || !providers) throw new Error('the synthesized Terraform has no terraform.required_providers');
  for (const p of Object.values(providers)) {
    const source = p.source;
    if (typeof source === 'string' && !source.includes('/')) p.source = `${DEFAULT_PROVIDER_NAMESPACE}/${source}`;
  }
  const local = (terraform.backend as Record<string, JsonObject> | undefined)?.local;
  if (local && typeof local.path === 'string' && isAbsolutePath(local.path)) {
    throw new Error(`the local backend path must be relative, got "${local.path}"`);
  }
  return sortKeys(doc) as unknown as TerraformDocument;
}

/** Whether a path is absolute on POSIX or Windows. */
export function isAbsolutePath(path: string): boolean {
  return path.startsWith('/') || path.startsWith('\\') || /^[A-Za-z]:[\\/]/.test(path);
}

/** Removes every `//` key, recursively. */
export function stripMetadata(value: Json): Json {
  if (Array.isArray(value)) return value.map(stripMetadata);
  if (value !== null && typeof value === 'object') {
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(value)) if (k !== '//') out[k] = stripMetadata(v);
    return out;
  }
  return value;
}

/** A copy with every object's keys in code-unit order. */
export function sortKeys(value: Json): Json {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const out: JsonObject = {};
    for (const k of Object.keys(value).sort(compareStrings)) out[k] = sortKeys(value[k]!);
    return out;
  }
  return value;
}

/** JSON with sorted keys, two-space indentation and a final newline: the same value always gives the same bytes. */
export function stableJson(value: unknown): string {
  return `${JSON.stringify(sortKeys(value as Json), null, 2)}\n`;
}

/** Compares strings by UTF-16 code units (locale-independent, so the order never depends on the machine). */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Reads from the provider bindings which nested attributes are blocks. Uses each element's public
 * `toHclTerraform()`, whose attribute entries carry an `isBlock` (resources) or `is_block` (providers) flag.
 */
export function blockSchemaOf(stack: TerraformStack): BlockSchema {
  const blocks = new Set<string>();
  for (const node of stack.node.findAll()) {
    if (!(node instanceof TerraformElement)) continue;
    const hcl = node.toHclTerraform() as Record<string, unknown> | undefined;
    if (!hcl) continue;
    for (const kind of ['resource', 'data', 'provider'] as const) {
      const byType = hcl[kind] as Record<string, unknown> | undefined;
      if (!byType) continue;
      for (const [type, entries] of Object.entries(byType)) {
        const bodies = kind === 'provider' ? (entries as unknown[]) : Object.values(entries as object);
        for (const body of bodies) collectBlocks(body, `${kind}:${type}`, blocks);
      }
    }
  }
  return blocks;
}

interface HclAttribute {
  readonly value?: unknown;
  readonly isBlock?: boolean;
  readonly is_block?: boolean;
}

function collectBlocks(body: unknown, prefix: string, out: Set<string>): void {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return;
  for (const [name, attr] of Object.entries(body as Record<string, unknown>)) {
    if (attr === null || typeof attr !== 'object' || Array.isArray(attr)) continue;
    const a = attr as HclAttribute;
    if (!(a.isBlock ?? a.is_block)) continue;
    const path = `${prefix}/${name}`;
    out.add(path);
    const values = Array.isArray(a.value) ? a.value : [a.value];
    for (const v of values) collectBlocks(v, path, out);
  }
}

/** A JSON value as text: strings as they are, other primitives as written in JSON, objects and lists as JSON. */
export function text(v: Json | undefined): string {
  if (v === undefined) return '';
  return typeof v === 'string' ? v : JSON.stringify(v);
}
