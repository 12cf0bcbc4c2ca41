import { showSetting } from '../config';
import { compliant, nonCompliant, type PolicyRule } from '../rule';

/** VAZ-SEC-004: storage accounts refuse TLS older than 1.2. */
export const storageMinimumTls12: PolicyRule = {
  id: 'VAZ-SEC-004',
  category: 'security',
  level: 'error',
  title: 'Storage accounts require TLS 1.2 or later',
  rationale: 'TLS 1.0 and 1.1 have known weaknesses and are refused by most customer security baselines.',
  fix: 'Set `min_tls_version = "TLS1_2"` on the storage account (or leave it unset: azurerm 4.x defaults to TLS1_2).',
  resourceTypes: ['azurerm_storage_account'],
  check(subject) {
    const v = subject.config.min_tls_version;
    // azurerm 4.x defaults min_tls_version to TLS1_2.
    return v === undefined || v === 'TLS1_2' || v === 'TLS1_3'
      ? compliant()
      : nonCompliant(`min_tls_version is ${showSetting(v)}`);
  },
};
