import { COMPUTE_TYPE_NAMES, isNvmeSize, showSetting, vmSizeOf } from '../config';
import { compliant, nonCompliant, notApplicable, type PolicyRule } from '../rule';

/** VAZ-REL-004: NVMe nodes run at Regular priority, never Spot. */
export const noSpotOnNvmeNodes: PolicyRule = {
  id: 'VAZ-REL-004',
  category: 'reliability',
  level: 'error',
  title: 'NVMe nodes are never Spot',
  rationale:
    'Evicting a Spot node deallocates it and wipes its local NVMe; several evictions at once exceed what erasure coding survives and lose data that is not yet offloaded.',
  fix: 'Set `priority = "Regular"` (or leave it unset) and remove `eviction_policy` / `max_bid_price`.',
  resourceTypes: COMPUTE_TYPE_NAMES,
  check(subject) {
    const size = vmSizeOf(subject);
    if (size === undefined || !isNvmeSize(size)) return notApplicable();
    const priority = subject.config.priority;
    return priority === undefined || priority === 'Regular'
      ? compliant()
      : nonCompliant(`priority is ${showSetting(priority)} on ${size}`);
  },
};
