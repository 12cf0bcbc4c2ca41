import { block, isNvmeSize, SCALE_SET_TYPES, show, vmSizeOf } from '../config';
import { compliant, nonCompliant, notApplicable, type PolicyRule } from '../rule';

/** VAZ-REL-005: automatic instance repair is off on NVMe scale sets. */
export const noAutomaticRepairOnNvmeNodes: PolicyRule = {
  id: 'VAZ-REL-005',
  category: 'reliability',
  level: 'error',
  title: 'Automatic instance repair is off on NVMe scale sets',
  rationale:
    'A repair deletes and recreates a node that fails its health probe, wiping its NVMe; VAST must decide when a node is rebuilt, not the platform.',
  fix: 'Set `automatic_instance_repair { enabled = false }` or remove the block.',
  resourceTypes: [...SCALE_SET_TYPES],
  check(subject) {
    const size = vmSizeOf(subject);
    if (size === undefined || !isNvmeSize(size)) return notApplicable();
    const repair = block(subject.config.automatic_instance_repair);
    return repair === undefined || repair.enabled === false
      ? compliant()
      : nonCompliant(`automatic_instance_repair.enabled is ${show(repair.enabled)} on ${size}`);
  },
};
