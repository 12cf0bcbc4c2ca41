import { COMPUTE_TYPE_NAMES, declaredZones, referencedSubject, showSetting } from '../config';
import { compliant, nonCompliant, notApplicable, type PolicyRule } from '../rule';

/** VAZ-AZR-003: a scale set or VM in a zonal proximity placement group is in the group's zone. */
export const zonalPpgMembersInZone: PolicyRule = {
  id: 'VAZ-AZR-003',
  category: 'conformance',
  level: 'error',
  title: "A scale set or VM in a zonal proximity placement group is in the group's zone",
  rationale:
    'A proximity placement group created with a zone (with `allowed_vm_sizes` as intent) accepts only VMs in that zone (Microsoft, "Proximity placement groups" co-location page: the VMs\' zone must match the zone of the intent). A regional (zone-less) scale set or VM cannot meet that, so the deployment fails; the provider\'s own acceptance test for a regional Flexible scale set with a PPG uses a PPG without a zone (orchestrated_virtual_machine_scale_set_resource_test.go at v4.55.0).',
  fix: 'Remove `zone` from the proximity placement group (regional placement), or give the scale set / VM the same zone.',
  resourceTypes: COMPUTE_TYPE_NAMES,
  check(subject, context) {
    const ppg = referencedSubject(
      subject.config.proximity_placement_group_id,
      context.subjects,
      'azurerm_proximity_placement_group',
    );
    if (ppg === undefined) return notApplicable();
    const ppgZone = ppg.config.zone;
    if (ppgZone === undefined) return compliant();
    const zones = declaredZones(subject);
    return zones.length === 1 && zones[0] === ppgZone
      ? compliant()
      : nonCompliant(
          `proximity placement group ${ppg.address} is in zone ${showSetting(ppgZone)} but the ${subject.type} is in ${zones.length === 0 ? 'no zone (regional)' : `zones [${zones.join(', ')}]`}`,
        );
  },
};
