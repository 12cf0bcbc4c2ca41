import { block, isNvmeSize, SCALE_SET_TYPES, showSetting, vmSizeOf } from '../config';
import { compliant, nonCompliant, notApplicable, type PolicyRule } from '../rule';

/** VAZ-REL-005: automatic instance repair is off on NVMe scale sets. */
export const noAutomaticRepairOnNvmeNodes: PolicyRule = {
  id: 'VAZ-REL-005',
  category: 'reliability',
  level: 'error',
  title: 'Automatic instance repair is not enabled on NVMe scale sets',
  rationale:
    'A repair deletes and recreates a node that fails its health probe, wiping its NVMe; VAST must decide when a node is rebuilt, not the platform. An absent block is compliant (repair is off by default) and is the only form the Flexible scale set accepts: azurerm refuses any `automatic_instance_repair` block, even `enabled = false`, without an application health extension (`GetOk` in resourceOrchestratedVirtualMachineScaleSetCreate, internal/services/compute/orchestrated_virtual_machine_scale_set_resource.go at v4.55.0; VAZ-AZR-001). A block with `enabled = true` is non-compliant.',
  fix: 'Remove the `automatic_instance_repair` block.',
  resourceTypes: [...SCALE_SET_TYPES],
  check(subject) {
    const size = vmSizeOf(subject);
    if (size === undefined || !isNvmeSize(size)) return notApplicable();
    const repair = block(subject.config.automatic_instance_repair);
    // Absent, or present but disabled (a uniform scale set accepts that form; VAZ-AZR-001 judges the Flexible one).
    return repair === undefined || repair.enabled === false
      ? compliant()
      : nonCompliant(`automatic_instance_repair.enabled is ${showSetting(repair.enabled)} on ${size}`);
  },
};
