/**
 * What the policy pack (constructs/policy) reported on the stack, reduced to what a customer reviews: the
 * exceptions someone accepted (with their reason) and the warnings left open.
 */
import type { TerraformStack } from 'cdktf';
import { policyReport } from '../../constructs/policy/pack';
import { compareStrings } from './terraform';

/** A finding accepted by a suppression. */
export interface AcceptedFinding {
  readonly ruleId: string;
  /** What the rule requires. */
  readonly title: string;
  /** Terraform address of the resource. */
  readonly address: string;
  /** Why it was accepted, as written in the profile. */
  readonly reason: string;
}

/** A warning the pack reported and nobody suppressed. */
export interface PolicyWarning {
  readonly ruleId: string;
  readonly title: string;
  readonly address: string;
  readonly detail: string;
}

/** The policy outcome the README shows. */
export interface PolicyOutcome {
  /** How many rules ran. */
  readonly rulesRun: number;
  readonly suppressed: readonly AcceptedFinding[];
  readonly warnings: readonly PolicyWarning[];
}

/** Reads the pack's report of a synthesized stack (sorted by rule, then address). */
export function policyOutcome(stack: TerraformStack): PolicyOutcome {
  const report = policyReport(stack);
  const order = (a: { ruleId: string; address: string }, b: { ruleId: string; address: string }) =>
    compareStrings(a.ruleId, b.ruleId) || compareStrings(a.address, b.address);
  return {
    rulesRun: report.rules.length,
    suppressed: report.suppressed
      .map((s) => ({ ruleId: s.ruleId, title: s.title, address: s.address, reason: s.reason }))
      .sort(order),
    warnings: report.warnings
      .map((w) => ({ ruleId: w.ruleId, title: w.title, address: w.address, detail: w.detail }))
      .sort(order),
  };
}
