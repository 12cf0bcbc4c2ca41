import { isExpression, show } from '../config';
import { compliant, fromViolations, notApplicable, type PolicyRule } from '../rule';

/** VAZ-REL-001: every zonal resource is in the profile's zone. */
export const zonalResourcesInProfileZone: PolicyRule = {
  id: 'VAZ-REL-001',
  category: 'reliability',
  level: 'error',
  title: "Every zonal resource is in the profile's zone",
  rationale:
    'The cluster is pinned to one availability zone: nodes, NAT gateway, its public IP, proximity placement group and capacity reservations in different zones add cross-zone latency and a second zone whose outage takes the cluster down.',
  fix: 'Set `zones = ["<profile zone>"]` / `zone = "<profile zone>"` on the resource (the constructs take the profile\'s `zone`).',
  check(subject, context) {
    if (subject.kind !== 'resource' || context.zone === undefined) return notApplicable();
    const { zones, zone } = subject.config;
    if (zones === undefined && zone === undefined) return notApplicable();
    const problems: (string | undefined)[] = [];
    if (zones !== undefined) {
      if (!Array.isArray(zones)) {
        problems.push(`zones is ${show(zones)}, which the pack cannot check`);
      } else {
        problems.push(
          ...zones.map((z) =>
            z === context.zone ? undefined : `zones holds ${show(z)}, not the profile zone "${context.zone}"`,
          ),
        );
      }
    }
    if (zone !== undefined) {
      problems.push(
        zone === context.zone
          ? undefined
          : isExpression(zone)
            ? `zone is ${show(zone)}, which the pack cannot check`
            : `zone is ${show(zone)}, not the profile zone "${context.zone}"`,
      );
    }
    return problems.length === 0 ? compliant() : fromViolations(problems);
  },
};
