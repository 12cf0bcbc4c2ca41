import { showSetting } from '../config';
import { compliant, nonCompliant, type PolicyRule } from '../rule';

/** VAZ-SEC-007: storage accounts have no public endpoint. */
export const storagePublicNetworkAccessDisabled: PolicyRule = {
  id: 'VAZ-SEC-007',
  category: 'security',
  level: 'error',
  title: 'Storage accounts have public network access disabled',
  rationale: 'The offload account holds customer data; it is reached through private endpoints only.',
  fix: 'Set `public_network_access_enabled = false` (the provider default is true) and use a private endpoint.',
  resourceTypes: ['azurerm_storage_account'],
  check(subject) {
    const v = subject.config.public_network_access_enabled;
    return v === false
      ? compliant()
      : nonCompliant(`public_network_access_enabled is ${showSetting(v)} (the provider default is true)`);
  },
};
