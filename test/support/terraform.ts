/** Helpers for reading synthesized Terraform JSON in tests. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Testing } from 'cdktf';
import type { Construct } from 'constructs';
import {
  ProfileError,
  validateProfile,
  type Profile,
  type ProfileIssue,
  type ValidateOptions,
} from '../../stacks/profile/schema';
import { buildApp } from '../../stacks/app';

/** A synthesized Terraform document (the parts the tests read). */
export interface TerraformJson {
  readonly terraform?: Record<string, unknown>;
  readonly provider?: Record<string, unknown[]>;
  readonly variable?: Record<string, Record<string, unknown>>;
  readonly output?: Record<string, { value: unknown; description?: string }>;
  readonly resource?: Record<string, Record<string, Record<string, unknown>>>;
}

/** Synthesizes whatever `build` adds to a scope and parses the JSON. */
export function synthScope(build: (scope: Construct) => void): TerraformJson {
  return JSON.parse(Testing.synthScope(build)) as TerraformJson;
}

/** Every resource of a Terraform type, in logical-id order. */
export function resources(json: TerraformJson, type: string): Record<string, unknown>[] {
  return Object.entries(json.resource?.[type] ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([, r]) => r);
}

/** The one resource of a type; fails the test when there is not exactly one. */
export function only(json: TerraformJson, type: string): Record<string, unknown> {
  const all = resources(json, type);
  if (all.length !== 1) throw new Error(`expected exactly one ${type}, found ${all.length}`);
  return all[0];
}

/** The resource of a type whose `name` attribute is `name`. */
export function named(json: TerraformJson, type: string, name: string): Record<string, unknown> {
  const hit = resources(json, type).find((r) => r.name === name);
  if (!hit)
    throw new Error(
      `no ${type} named ${name}; have ${resources(json, type)
        .map((r) => String(r.name))
        .join(', ')}`,
    );
  return hit;
}

/** The raw default-profile data, for tests that change one field. */
export function baseProfileData(): Record<string, unknown> {
  return {
    name: 'unit-test',
    location: 'uksouth',
    zone: '1',
    placement: { mode: 'zonal' },
    nodes: { count: 8, vmSize: 'Standard_L96s_v4' },
    network: { addressSpace: '10.40.0.0/16', nodeSubnet: '10.40.0.0/24', privateEndpointSubnet: '10.40.1.0/27' },
    offload: { namePrefix: 'vastpoc' },
    tags: { owner: 'tests', purpose: 'vast-poc', expiry: '2027-01-31' },
  };
}

/** The issues `validateProfile` finds in `data` (empty when it is valid); any other failure is rethrown. */
export function profileIssues(data: unknown, options?: ValidateOptions): ProfileIssue[] {
  try {
    validateProfile(data, options);
    return [];
  } catch (e) {
    if (!(e instanceof ProfileError)) throw e;
    return [...e.issues];
  }
}

/** A validated profile built from the base data with `patch` applied (deep merge of plain objects). */
export function profileWith(patch: Record<string, unknown> = {}): Profile {
  return validateProfile(merge(baseProfileData(), patch));
}

/** Synthesizes the whole stack for a profile (validations included) and parses it. */
export function synthStack(profile: Profile): TerraformJson {
  const { stack } = buildApp(profile, { outdir: scratchOutdir() });
  return JSON.parse(Testing.synth(stack, true)) as TerraformJson;
}

let outdir: string | undefined;

/** One disposable output folder per test process, so apps never create `cdktf.out` in the working tree. */
function scratchOutdir(): string {
  outdir ??= mkdtempSync(join(tmpdir(), 'app-'));
  return outdir;
}

function merge(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const cur = out[k];
    out[k] =
      v && typeof v === 'object' && !Array.isArray(v) && cur && typeof cur === 'object' && !Array.isArray(cur)
        ? merge(cur as Record<string, unknown>, v as Record<string, unknown>)
        : v;
  }
  return out;
}
