import { isNvmeSize, SCALE_SET_TYPES, showSetting, vmSizeOf } from '../config';
import { compliant, nonCompliant, notApplicable, type PolicyRule } from '../rule';

/** VAZ-REL-006: NVMe scale sets upgrade only when an operator says so. */
export const manualUpgradeOnNvmeNodes: PolicyRule = {
  id: 'VAZ-REL-006',
  category: 'reliability',
  level: 'error',
  title: 'Upgrade mode is Manual on NVMe scale sets',
  rationale:
    "Automatic or rolling upgrades reimage nodes on the platform's schedule, wiping NVMe on several nodes in a row; the VAST operator must drain and rebuild one node at a time.",
  fix: 'Set `upgrade_mode = "Manual"` explicitly.',
  resourceTypes: [...SCALE_SET_TYPES],
  check(subject) {
    const size = vmSizeOf(subject);
    if (size === undefined || !isNvmeSize(size)) return notApplicable();
    const mode = subject.config.upgrade_mode;
    return mode === 'Manual' ? compliant() : nonCompliant(`upgrade_mode is ${showSetting(mode)} on ${size}`);
  },
};
