import { blocks, referenceTo } from '../config';
import { compliant, nonCompliant, type PolicyRule } from '../rule';

/** VAZ-SEC-010: every storage account has a private endpoint in the stack. */
export const storagePrivateEndpointPresent: PolicyRule = {
  id: 'VAZ-SEC-010',
  category: 'security',
  level: 'error',
  title: 'Every storage account has a private endpoint',
  rationale:
    'With public access off, a private endpoint is the only way the nodes reach the account; without one offload silently fails.',
  fix: 'Add an `azurerm_private_endpoint` whose `private_service_connection.private_connection_resource_id` is the account id (sub-resources `blob` and `dfs`), as the OffloadAccount construct does.',
  resourceTypes: ['azurerm_storage_account'],
  check(subject, context) {
    const id = referenceTo(subject, 'id');
    const endpoint = context.subjects.some(
      (s) =>
        s.type === 'azurerm_private_endpoint' &&
        blocks(s.config.private_service_connection).some((c) => c.private_connection_resource_id === id),
    );
    return endpoint ? compliant() : nonCompliant('no azurerm_private_endpoint connects to this account');
  },
};
