/** Helpers for the policy tests: stacks built from the shipped profiles or from raw provider resources. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { TerraformStack, Testing } from 'cdktf';
import { load } from 'js-yaml';
import { applyPolicyPack, policyReport, type PolicyPackProps, type PolicyReport } from '../../constructs/policy/pack';
import { buildApp } from '../../stacks/app';
import { SHIPPED_PROFILES_DIR } from '../../stacks/profile/load';
import { validateProfile, type Profile } from '../../stacks/profile/schema';
import type { VastPocStack } from '../../stacks/vast-poc-stack';

/** A shipped profile, optionally edited as raw data before validation (as a user would edit the YAML). */
export function profile(
  name: 'default' | 'fault-domains',
  edit: (raw: Record<string, Record<string, unknown>>) => void = () => {},
  files: Record<string, string> = {},
): Profile {
  const raw = load(readFileSync(join(SHIPPED_PROFILES_DIR, `${name}.yaml`), 'utf8')) as Record<
    string,
    Record<string, unknown>
  >;
  edit(raw);
  return validateProfile(raw, {
    source: `${name}.yaml`,
    readFile: (p) => {
      const content = files[p];
      if (content === undefined) throw new Error(`no fixture file ${p}`);
      return content;
    },
  });
}

/** A fresh app and stack for a profile, with the policy pack applied as `buildApp` does. */
export function profileStack(p: Profile = profile('default')): VastPocStack {
  // An outdir under TMPDIR: cdktf's App creates `<outdir>/stacks` at construction, never in the work tree.
  return buildApp(p, { outdir: mkdtempSync(join(tmpdir(), 'policy-app-')) }).stack;
}

/** A fresh stack with only an azurerm provider and the policy pack (zone "1" unless told otherwise). */
export function rawStack(props: PolicyPackProps = {}): TerraformStack {
  const stack = new TerraformStack(Testing.app(), 'raw');
  new AzurermProvider(stack, 'azurerm', { features: [{}] });
  applyPolicyPack(stack, { zone: '1', ...props });
  return stack;
}

/** Synthesizes the stack (which runs the pack's Aspect) and returns the pack's report. */
export function evaluate(stack: TerraformStack): PolicyReport {
  Testing.synth(stack);
  return policyReport(stack);
}

/** The unsuppressed findings (errors and warnings) of one rule. */
export function findingsOf(report: PolicyReport, ruleId: string) {
  return [...report.errors, ...report.warnings].filter((f) => f.ruleId === ruleId);
}

/** The paths a rule found compliant. */
export function compliantPaths(report: PolicyReport, ruleId: string): string[] {
  return report.checks.filter((c) => c.ruleId === ruleId && c.status === 'compliant').map((c) => c.path);
}

/** Common attributes of raw test resources. */
export const RAW = {
  resourceGroupName: 'rg-raw',
  location: 'uksouth',
  tags: { owner: 'test', purpose: 'policy-test', expiry: '2027-01-31' },
} as const;
