import { showSetting } from '../config';
import { compliant, nonCompliant, type PolicyRule } from '../rule';

/** VAZ-SEC-005: storage accounts accept HTTPS only. */
export const storageHttpsOnly: PolicyRule = {
  id: 'VAZ-SEC-005',
  category: 'security',
  level: 'error',
  title: 'Storage accounts accept HTTPS traffic only',
  rationale: 'Plain HTTP would carry offloaded data and bearer tokens unencrypted inside the customer network.',
  fix: 'Set `https_traffic_only_enabled = true` on the storage account.',
  resourceTypes: ['azurerm_storage_account'],
  check(subject) {
    const v = subject.config.https_traffic_only_enabled;
    // The provider defaults https_traffic_only_enabled to true.
    return v === undefined || v === true
      ? compliant()
      : nonCompliant(`https_traffic_only_enabled is ${showSetting(v)}`);
  },
};
