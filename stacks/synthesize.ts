/**
 * Synthesis with the policy pack's verdict: shared by `npm run synth` and the cdktf entry point, so both refuse a
 * stack with error findings the same way (every finding listed, exit code 2).
 */
import { formatPolicyReport } from '../constructs/policy/format';
import { policyReport, type PolicyReport } from '../constructs/policy/pack';
import type { App } from 'cdktf';
import { InputError } from '../lib/failure';
import { buildApp, type BuildAppOptions } from './app';
import type { Profile } from './profile/schema';

/** The policy pack found error findings; carries the report so a command can list every finding. */
export class PolicyViolation extends InputError {
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
  return synthesizeChecked(app, stack);
}

/**
 * Synthesizes an app built by `buildApp` and returns the policy report of its stack: the one place where a policy
 * error becomes a {@link PolicyViolation} (the user's input, exit 2), for `npm run synth` and `npm run handoff` alike.
 *
 * @throws PolicyViolation when the pack reports errors; the original error when synthesis failed for another reason.
 */
export function synthesizeChecked(app: App, stack: ReturnType<typeof buildApp>['stack']): PolicyReport {
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
