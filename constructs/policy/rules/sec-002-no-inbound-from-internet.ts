import { blocks, isExpression, show, text, variableName } from '../config';
import { fromViolations, type JsonObject, type JsonValue, type PolicyContext, type PolicyRule } from '../rule';

/** Source prefixes that mean "anyone on the internet". Compared case-insensitively. */
export const ANY_SOURCE_PREFIXES = ['*', 'any', 'internet', '0.0.0.0/0', '0.0.0.0', '::/0'] as const;

/** VAZ-SEC-002: no NSG rule allows inbound traffic from any source. */
export const noInboundFromInternet: PolicyRule = {
  id: 'VAZ-SEC-002',
  category: 'security',
  level: 'error',
  title: 'NSG rules allow no inbound traffic from `*`, `Any`, `Internet` or `0.0.0.0/0`',
  rationale:
    'An inbound Allow rule from any source opens the nodes (SSH, VAST management and data ports) to the internet. Only the node subnet and the admin CIDRs may reach them.',
  fix: 'Set `source_address_prefix(es)` to the admin CIDRs (profile `network.adminCidrs` or the validated `admin_cidrs` variable) or the node subnet; never a wildcard.',
  resourceTypes: ['azurerm_network_security_rule', 'azurerm_network_security_group'],
  check(subject, context) {
    const rules =
      subject.type === 'azurerm_network_security_rule' ? [subject.config] : blocks(subject.config.security_rule);
    return fromViolations(rules.map((rule) => inboundViolation(rule, context)));
  },
};

function inboundViolation(rule: JsonObject, context: PolicyContext): string | undefined {
  if (text(rule.direction).toLowerCase() !== 'inbound' || text(rule.access).toLowerCase() !== 'allow') {
    return undefined;
  }
  const name = `rule "${text(rule.name)}"`;
  const sources: JsonValue[] = [];
  if (rule.source_address_prefix !== undefined) sources.push(rule.source_address_prefix);
  if (Array.isArray(rule.source_address_prefixes)) sources.push(...rule.source_address_prefixes);
  else if (rule.source_address_prefixes !== undefined) sources.push(rule.source_address_prefixes);
  for (const source of sources) {
    if (isExpression(source)) {
      const variable = variableName(source);
      const guarded =
        variable !== undefined &&
        context.subjects.some(
          (s) =>
            s.kind === 'variable' &&
            s.name === variable &&
            Array.isArray(s.config.validation) &&
            s.config.validation.length > 0,
        );
      if (!guarded) {
        return `${name} takes its source from ${show(source)}, which the pack cannot check and no variable validation guards`;
      }
    } else if (
      typeof source === 'string' &&
      (ANY_SOURCE_PREFIXES as readonly string[]).includes(source.trim().toLowerCase())
    ) {
      return `${name} allows inbound from ${show(source)}`;
    }
  }
  return undefined;
}
