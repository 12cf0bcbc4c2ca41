import { showSetting } from '../config';
import { compliant, nonCompliant, type PolicyRule } from '../rule';

/** Scopes inside one storage account: a reference to an account (or container) in the stack, or a literal ARM id. */
const STORAGE_SCOPES = [
  /^\$\{azurerm_storage_account\.[\w-]+\.id\}(\/.*)?$/,
  /^\$\{azurerm_storage_container\.[\w-]+\.(id|resource_manager_id)\}$/,
  /^\$\{data\.azurerm_storage_account\.[\w-]+\.id\}(\/.*)?$/,
  /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Storage\/storageAccounts\/[^/]+(\/.*)?$/i,
];

/** VAZ-SEC-011: role assignments are scoped to a storage account or narrower. */
export const roleAssignmentScopedToStorage: PolicyRule = {
  id: 'VAZ-SEC-011',
  category: 'security',
  level: 'error',
  title: 'Role assignments are scoped no wider than the storage account',
  rationale:
    'The node identity needs data access to the offload account only; a resource group, subscription or management group scope would let every node read or change unrelated customer resources.',
  fix: 'Set `scope` to the storage account id (`azurerm_storage_account.<name>.id`) or one of its containers, never a resource group, subscription or management group.',
  resourceTypes: ['azurerm_role_assignment'],
  check(subject) {
    const scope = subject.config.scope;
    if (typeof scope === 'string' && STORAGE_SCOPES.some((p) => p.test(scope))) return compliant();
    return nonCompliant(`scope is ${showSetting(scope)}, which is not a storage account or one of its containers`);
  },
};
