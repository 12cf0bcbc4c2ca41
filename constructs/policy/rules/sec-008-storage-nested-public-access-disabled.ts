import { showSetting } from '../config';
import { compliant, nonCompliant, type PolicyRule } from '../rule';

/** VAZ-SEC-008: no container in a storage account can be made public. */
export const storageNestedPublicAccessDisabled: PolicyRule = {
  id: 'VAZ-SEC-008',
  category: 'security',
  level: 'error',
  title: 'Storage accounts forbid public containers and blobs',
  rationale: 'A single container set to public access would publish offloaded data anonymously.',
  fix: 'Set `allow_nested_items_to_be_public = false` (the provider default is true).',
  resourceTypes: ['azurerm_storage_account'],
  check(subject) {
    const v = subject.config.allow_nested_items_to_be_public;
    return v === false
      ? compliant()
      : nonCompliant(`allow_nested_items_to_be_public is ${showSetting(v)} (the provider default is true)`);
  },
};
