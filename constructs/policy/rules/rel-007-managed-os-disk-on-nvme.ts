import { block, COMPUTE_TYPE_NAMES, isNvmeSize, vmSizeOf } from '../config';
import { compliant, nonCompliant, notApplicable, type PolicyRule } from '../rule';

/** VAZ-REL-007: NVMe nodes boot from a managed OS disk, never an ephemeral one. */
export const managedOsDiskOnNvmeNodes: PolicyRule = {
  id: 'VAZ-REL-007',
  category: 'reliability',
  level: 'error',
  title: 'NVMe nodes use a managed OS disk, not an ephemeral one',
  rationale:
    'An ephemeral OS disk lives on the cache or resource disk, which v4/v5 L-series sizes do not have, and is lost with the node; a managed OS disk survives a host failure so the node can rejoin the cluster.',
  fix: 'Remove `os_disk.diff_disk_settings` and use a managed disk (`storage_account_type = "Premium_LRS"`).',
  resourceTypes: COMPUTE_TYPE_NAMES,
  check(subject) {
    const size = vmSizeOf(subject);
    if (size === undefined || !isNvmeSize(size)) return notApplicable();
    const disk = block(subject.config.os_disk);
    return disk === undefined || block(disk.diff_disk_settings) === undefined
      ? compliant()
      : nonCompliant(`os_disk.diff_disk_settings makes the OS disk ephemeral on ${size}`);
  },
};
