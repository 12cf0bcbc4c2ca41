import { showSetting } from '../config';
import { compliant, nonCompliant, notApplicable, type PolicyRule } from '../rule';

/** VAZ-REL-002: a zonal Flexible scale set has a platform fault domain count of 1. */
export const flexZonalFaultDomainCount: PolicyRule = {
  id: 'VAZ-REL-002',
  category: 'reliability',
  level: 'error',
  title: 'A Flexible scale set with zones has `platform_fault_domain_count = 1`',
  rationale:
    'Azure accepts only one platform fault domain ("max spreading") on a zonal Flexible scale set; anything else fails at deploy time, after quota and time were spent.',
  fix: 'Use `platform_fault_domain_count = 1` with `zones`, or placement mode `fault-domains` (a regional scale set without zones, with the fault-domain count of its region).',
  resourceTypes: ['azurerm_orchestrated_virtual_machine_scale_set'],
  check(subject) {
    const { zones, platform_fault_domain_count: count } = subject.config;
    const zonal = zones !== undefined && !(Array.isArray(zones) && zones.length === 0);
    if (!zonal) return notApplicable();
    return count === 1
      ? compliant()
      : nonCompliant(`zones is ${showSetting(zones)} and platform_fault_domain_count is ${showSetting(count)}`);
  },
};
