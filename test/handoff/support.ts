/** Shared helpers for the handoff tests: bundles for the shipped profiles, built once per test file. */
import { join } from 'node:path';
import { buildPlan, type Plan } from '../../scripts/planning/plan';
import { buildBundle } from '../../scripts/handoff/bundle';
import type { BundleFile } from '../../scripts/handoff/integrity';
import { synthesizeTerraform, type TerraformModel } from '../../scripts/handoff/terraform';
import { DEFAULT_PROFILE_PATH, loadProfile } from '../../stacks/profile/load';
import type { Profile } from '../../stacks/profile/schema';

/** The shipped fault-domains profile (azurerm backend, admin CIDRs in the profile). */
export const FAULT_DOMAINS_PROFILE_PATH = join(__dirname, '..', '..', 'stacks', 'profiles', 'fault-domains.yaml');

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
