import { showSetting } from '../config';
import { compliant, nonCompliant, type PolicyRule } from '../rule';

/** VAZ-SEC-006: storage accounts accept Entra ID only, never the account keys. */
export const storageSharedKeyDisabled: PolicyRule = {
  id: 'VAZ-SEC-006',
  category: 'security',
  level: 'error',
  title: 'Storage account shared keys are disabled',
  rationale:
    'Account keys grant full access to every blob, never expire and cannot be scoped or audited per user; the nodes use their managed identity instead.',
  fix: 'Set `shared_access_key_enabled = false` (the provider default is true) and grant data roles to identities.',
  resourceTypes: ['azurerm_storage_account'],
  check(subject) {
    const v = subject.config.shared_access_key_enabled;
    return v === false
      ? compliant()
      : nonCompliant(`shared_access_key_enabled is ${showSetting(v)} (the provider default is true)`);
  },
};
