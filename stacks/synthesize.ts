/**
 * Synthesis with the policy pack's verdict: shared by `npm run synth` and the cdktf entry point, so both refuse a
 * stack with error findings the same way (every finding listed, exit code 2).
 */
import { formatPolicyReport } from '../constructs/policy/format';
import { policyReport, type PolicyReport } from '../constructs/policy/pack';
import { buildApp, type BuildAppOptions } from './app';
import type { Profile } from './profile/schema';

/** The policy pack found error findings; carries the report so a command can list every finding. */
export class PolicyViolation extends Error {
  constructor(readonly report: PolicyReport) {
    super(
      `${formatPolicyReport(report)}${report.errors.length} policy error(s) in ${report.stack}; nothing was written. Fix each finding, or accept it in the profile under policy.suppressions with a rule, path and reason.`,
    );
    this.name = 'PolicyViolation';
  }
}

/**
 * Synthesizes the profile's app (into `options.outdir` when given) and returns the policy report.
 *
 * @throws PolicyViolation when the pack reports errors, also when CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS let
 * cdktf write the output anyway.
 */
export function synthesizeWithPolicy(profile: Profile, options: BuildAppOptions = {}): PolicyReport {
  const { app, stack } = buildApp(profile, options);
  try {
    app.synth();
  } catch (e) {
    let report: PolicyReport | undefined;
    try {
      report = policyReport(stack);
    } catch {
      // The pack could not run (the stack itself is broken): report the original failure.
    }
    if (report && report.errors.length > 0) throw new PolicyViolation(report);
    throw e;
  }
  const report = policyReport(stack);
  if (report.errors.length > 0) throw new PolicyViolation(report);
  return report;
}
