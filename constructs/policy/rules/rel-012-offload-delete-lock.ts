import { referenceTo } from '../config';
import { compliant, nonCompliant, type PolicyRule } from '../rule';

/** Lock levels that stop a delete. */
const BLOCKING_LEVELS = ['CanNotDelete', 'ReadOnly'];

/** VAZ-REL-012: storage accounts (the offload account) carry a delete lock. */
export const offloadDeleteLock: PolicyRule = {
  id: 'VAZ-REL-012',
  category: 'reliability',
  level: 'error',
  title: 'Storage accounts are locked against deletion',
  rationale:
    'The offload account is the recovery point when nodes lose local NVMe; soft delete keeps blobs, not the account. A `CanNotDelete` lock stops the account (and the resource group holding it) from being deleted by accident.',
  fix: 'Keep `offload.deleteLock: true` (the default), or add an `azurerm_management_lock` with `lock_level = "CanNotDelete"` scoped to the account or its resource group. To accept an unlocked account, suppress this rule for the account with a reason.',
  resourceTypes: ['azurerm_storage_account'],
  check(subject, context) {
    const rgName = subject.config.resource_group_name;
    const groupIds = context.subjects
      .filter((s) => s.type === 'azurerm_resource_group' && s.kind === 'resource')
      .filter((rg) => rgName === referenceTo(rg, 'name'))
      .map((rg) => referenceTo(rg, 'id'));
    const scopes = [referenceTo(subject, 'id'), ...groupIds];
    const locked = context.subjects.some(
      (s) =>
        s.type === 'azurerm_management_lock' &&
        typeof s.config.scope === 'string' &&
        scopes.includes(s.config.scope) &&
        typeof s.config.lock_level === 'string' &&
        BLOCKING_LEVELS.includes(s.config.lock_level),
    );
    return locked ? compliant() : nonCompliant('no CanNotDelete or ReadOnly management lock covers the account');
  },
};
