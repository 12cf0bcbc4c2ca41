import { RESOURCE_TYPE_NAMES, resourceTypeEntry } from '../../shared/resource-types';
import { isExpression, showSetting } from '../config';
import { compliant, fromViolations, notApplicable, type PolicyRule } from '../rule';

/** The resource types the stacks emit that can carry a zone (checked for its absence in a regional cluster). */
export const ZONE_CAPABLE_TYPES: readonly string[] = RESOURCE_TYPE_NAMES.filter(
  (type) => resourceTypeEntry(type)?.zonal === true,
);

/** VAZ-REL-001: every zonal resource is in the profile's zone; a regional cluster has no zonal resource. */
export const zonalResourcesInProfileZone: PolicyRule = {
  id: 'VAZ-REL-001',
  category: 'reliability',
  level: 'error',
  title: "Every zonal resource is in the profile's zone (none in a regional cluster)",
  rationale:
    'A zonal cluster is pinned to one availability zone: nodes, NAT gateway, its public IP, proximity placement group and capacity reservations in different zones add cross-zone latency and a second zone whose outage takes the cluster down. A regional (fault-domains) cluster has no zone: Azure places its co-located nodes in no zone, so a zonal NAT gateway, public IP, PPG or reservation would sit in a zone the nodes may not be in (and a zonal PPG refuses zone-less VMs).',
  fix: 'Zonal placement: set `zones = ["<profile zone>"]` / `zone = "<profile zone>"` (the constructs take the profile\'s `zone`). Regional placement: remove `zones` / `zone`.',
  check(subject, context) {
    if (subject.kind !== 'resource') return notApplicable();
    const { zones, zone } = subject.config;
    if (context.regional === true) {
      if (!ZONE_CAPABLE_TYPES.includes(subject.type)) return notApplicable();
      const hasZones = zones !== undefined && !(Array.isArray(zones) && zones.length === 0);
      return fromViolations([
        hasZones ? `zones is ${showSetting(zones)} but the cluster is regional (placement fault-domains)` : undefined,
        zone !== undefined
          ? `zone is ${showSetting(zone)} but the cluster is regional (placement fault-domains)`
          : undefined,
      ]);
    }
    if (context.zone === undefined) return notApplicable();
    if (zones === undefined && zone === undefined) return notApplicable();
    const problems: (string | undefined)[] = [];
    if (zones !== undefined) {
      if (!Array.isArray(zones)) {
        problems.push(`zones is ${showSetting(zones)}, which the pack cannot check`);
      } else {
        problems.push(
          ...zones.map((z) =>
            z === context.zone ? undefined : `zones holds ${showSetting(z)}, not the profile zone "${context.zone}"`,
          ),
        );
      }
    }
    if (zone !== undefined) {
      problems.push(
        zone === context.zone
          ? undefined
          : isExpression(zone)
            ? `zone is ${showSetting(zone)}, which the pack cannot check`
            : `zone is ${showSetting(zone)}, not the profile zone "${context.zone}"`,
      );
    }
    return problems.length === 0 ? compliant() : fromViolations(problems);
  },
};
