import { COMPUTE_TYPE_NAMES } from '../config';
import { compliant, nonCompliant, type PolicyRule } from '../rule';

/** VAZ-AZR-006: a scale set or VM names a proximity placement group or a capacity reservation group, not both. */
export const ppgOrCapacityReservation: PolicyRule = {
  id: 'VAZ-AZR-006',
  category: 'conformance',
  level: 'error',
  title: 'A scale set or VM sets `proximity_placement_group_id` or `capacity_reservation_group_id`, not both',
  rationale:
    'azurerm declares the two arguments ConflictsWith each other on `azurerm_orchestrated_virtual_machine_scale_set` (orchestrated_virtual_machine_scale_set_resource.go) and `azurerm_linux_virtual_machine` (linux_virtual_machine_resource.go, resourceLinuxVirtualMachine) at v4.55.0: plan fails with both.',
  fix: 'Keep one: the proximity placement group (fault-domains placement) or the capacity reservation (zonal placement, `capacityReservation.enabled`).',
  resourceTypes: COMPUTE_TYPE_NAMES,
  check(subject) {
    const { proximity_placement_group_id: ppg, capacity_reservation_group_id: crg } = subject.config;
    return ppg !== undefined && crg !== undefined
      ? nonCompliant('both proximity_placement_group_id and capacity_reservation_group_id are set')
      : compliant();
  },
};
