import { blocks, isExpression, showSetting, text, variableName } from '../config';
import { fromViolations, type JsonObject, type JsonValue, type PolicyContext, type PolicyRule } from '../rule';

/** Source prefixes and service tags that mean "anyone on the internet" (or any Azure customer). Case-insensitive. */
export const ANY_SOURCE_PREFIXES = ['*', 'any', 'internet', 'azurecloud', '0.0.0.0/0', '0.0.0.0', '::/0'] as const;

/** The shortest IPv4 prefix accepted as a source (the profile's rule for admin CIDRs): /7 and wider are refused. */
export const MIN_SOURCE_PREFIX = 8;

/** Whether a literal source opens the rule to the internet: a wildcard or tag, or an IPv4 block wider than /8. */
export function isOpenSource(source: string): boolean {
  const v = source.trim().toLowerCase();
  if ((ANY_SOURCE_PREFIXES as readonly string[]).includes(v)) return true;
  const m = /^\d{1,3}(?:\.\d{1,3}){3}\/(\d{1,2})$/.exec(v);
  return m !== null && Number(m[1]) < MIN_SOURCE_PREFIX;
}

/**
 * Whether a variable's validation blocks refuse wide prefixes: a condition that reads the prefix length
 * (`split("/", …)`) and compares it with the minimum. Any other validation does not count as a guard.
 */
function validatesPrefixLength(validation: JsonValue): boolean {
  if (!Array.isArray(validation)) return false;
  return validation.some((v) => {
    const condition = v !== null && typeof v === 'object' && !Array.isArray(v) ? text(v.condition) : '';
    return /split\(\s*"\/"/.test(condition) && new RegExp(`>=\\s*${MIN_SOURCE_PREFIX}\\b`).test(condition);
  });
}

/** VAZ-SEC-002: no NSG rule allows inbound traffic from any source. */
export const noInboundFromInternet: PolicyRule = {
  id: 'VAZ-SEC-002',
  category: 'security',
  level: 'error',
  title: 'NSG rules allow no inbound traffic from `*`, `Any`, `Internet`, `AzureCloud` or an IPv4 block wider than /8',
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
          (s) => s.kind === 'variable' && s.name === variable && validatesPrefixLength(s.config.validation ?? null),
        );
      if (!guarded) {
        return `${name} takes its source from ${showSetting(source)}, which the pack cannot check and no variable validation limits to /${MIN_SOURCE_PREFIX} or longer`;
      }
    } else if (typeof source === 'string' && isOpenSource(source)) {
      return `${name} allows inbound from ${showSetting(source)}`;
    }
  }
  return undefined;
}
