import { block, referenceTo, showSetting } from '../config';
import { compliant, nonCompliant, type PolicyRule } from '../rule';

/** VAZ-SEC-009: storage account network rules deny by default. */
export const storageNetworkRulesDenyByDefault: PolicyRule = {
  id: 'VAZ-SEC-009',
  category: 'security',
  level: 'error',
  title: 'Storage account network rules deny by default',
  rationale:
    'Without a default-deny firewall, re-enabling public access (by mistake or by policy drift) would expose the account to every network.',
  fix: 'Add `network_rules { default_action = "Deny" }` to the account (or an `azurerm_storage_account_network_rules` resource for it with `default_action = "Deny"`).',
  resourceTypes: ['azurerm_storage_account'],
  check(subject, context) {
    const inline = block(subject.config.network_rules);
    if (inline !== undefined) {
      return inline.default_action === 'Deny'
        ? compliant()
        : nonCompliant(`network_rules.default_action is ${showSetting(inline.default_action)}`);
    }
    const separate = context.subjects.find(
      (s) =>
        s.type === 'azurerm_storage_account_network_rules' &&
        s.config.storage_account_id === referenceTo(subject, 'id'),
    );
    if (separate === undefined) return nonCompliant('the account has no network_rules (the default action is Allow)');
    return separate.config.default_action === 'Deny'
      ? compliant()
      : nonCompliant(`${separate.address} has default_action ${showSetting(separate.config.default_action)}`);
  },
};
