/** Runs the preflight checks of the registry and rolls their statuses up into a verdict. */
import { REGIONAL_ZONE } from '../../constructs/compute/fault-domains';
import { lSeriesSpec } from '../../constructs/compute/l-series-catalog';
import type { Profile } from '../../stacks/profile/schema';
import type { CheckResult, PreflightReport, Verdict } from './check';
import { findSku } from './checks/shared';
import type { AzureFacts } from './facts';
import { PREFLIGHT_CHECKS } from './registry';

/** Runs every check and rolls the statuses up into a verdict. */
export function evaluate(profile: Profile, facts: AzureFacts, subscription: string): PreflightReport {
  const spec = lSeriesSpec(profile.nodes.vmSize, 'nodes.vmSize');
  const sku = findSku(facts, profile.nodes.vmSize);
  const location = facts.locations.find((l) => l.name.toLowerCase() === profile.location.toLowerCase());
  const mapping = location?.zoneMappings.find((m) => m.logicalZone === profile.zone);
  const checks = PREFLIGHT_CHECKS.map((c) => c.run({ profile, facts, spec, sku }));
  return {
    verdict: verdictOf(checks),
    subscription,
    location: profile.location,
    zone: profile.zone ?? REGIONAL_ZONE,
    physicalZone: mapping?.physicalZone || null,
    checks,
  };
}

/** `go` when nothing failed, else `no-go`. */
export function verdictOf(checks: readonly CheckResult[]): Verdict {
  return checks.some((c) => c.status === 'fail') ? 'no-go' : 'go';
}
