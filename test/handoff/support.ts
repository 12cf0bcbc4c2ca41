/** Shared helpers for the handoff tests: bundles for the shipped profiles, built once per test file. */
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildPlan, type Plan } from '../../scripts/planning/plan';
import { buildBundle } from '../../scripts/handoff/bundle';
import type { BundleFile } from '../../scripts/handoff/integrity';
import { synthesizeTerraform, type TerraformModel } from '../../scripts/handoff/terraform';
import { DEFAULT_PROFILE_PATH, loadProfile, SHIPPED_PROFILES_DIR } from '../../stacks/profile/load';
import type { Profile } from '../../stacks/profile/schema';
import { profileFileIdentity, type PreflightProfileIdentity } from '../../scripts/preflight/identity';

/** The shipped fault-domains profile (azurerm backend, admin CIDRs in the profile). */
export const FAULT_DOMAINS_PROFILE_PATH = join(SHIPPED_PROFILES_DIR, 'fault-domains.yaml');

/** A built bundle and what it was built from. */
export interface BuiltBundle {
  readonly profile: Profile;
  readonly terraform: TerraformModel;
  readonly plan: Plan;
  readonly files: readonly BundleFile[];
}

/** Builds the bundle of a profile file in memory. */
export function bundleFor(path: string = DEFAULT_PROFILE_PATH): BuiltBundle {
  const profile = loadProfile(path);
  const terraform = synthesizeTerraform(profile);
  const plan = buildPlan(profile);
  return { profile, terraform, plan, files: buildBundle({ profile, terraform, plan }) };
}

/** The content of one bundle file; fails when it is missing. */
export function file(bundle: BuiltBundle, path: string): string {
  const f = bundle.files.find((x) => x.path === path);
  if (!f) throw new Error(`no ${path} in the bundle; have ${bundle.files.map((x) => x.path).join(', ')}`);
  return f.content;
}

/** A stand-in terraform binary whose `init` fails the way an unreachable registry makes it fail. */
export function offlineTerraform(): string {
  const path = join(mkdtempSync(join(tmpdir(), 'fake-tf-')), 'terraform');
  writeFileSync(
    path,
    [
      '#!/bin/sh',
      'case "$1" in',
      '  version) echo "Terraform v1.11.4"; exit 0;;',
      '  fmt) exit 0;;',
      '  init) printf "\\nError: Failed to query available provider packages\\n\\nCould not connect to the registry.\\n" >&2; exit 1;;',
      'esac',
      'exit 2',
    ].join('\n'),
  );
  chmodSync(path, 0o755);
  return path;
}

/** The `profile` object preflight writes into its `--json` report for the profile at `path` (default profile). */
export function preflightIdentityOf(path: string = DEFAULT_PROFILE_PATH): PreflightProfileIdentity {
  return profileFileIdentity(loadProfile(path), path);
}
