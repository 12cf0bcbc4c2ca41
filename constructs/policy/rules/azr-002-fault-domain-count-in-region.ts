import { FLEX_MAX_FAULT_DOMAINS, regionMaxFaultDomains } from '../../compute/fault-domains';
import { isExpression, isObject, showSetting } from '../config';
import { compliant, nonCompliant, notApplicable, type JsonValue, type PolicyContext, type PolicyRule } from '../rule';

/**
 * The regions a `location` may be: `planned`, a literal as it is or, for a whole reference to a variable
 * (`${var.location}`), that variable's default (the region the profile planned); `allowed`, the other regions the
 * variable's validation accepts (a `contains([...], var.<name>)` list, as the stack writes it), since a customer may
 * choose any of them. Anything else is unknown (none).
 */
function regionsOf(
  location: JsonValue | undefined,
  context: PolicyContext,
): { readonly planned?: string; readonly allowed: readonly string[] } {
  if (typeof location !== 'string') return { allowed: [] };
  if (!isExpression(location)) return { planned: location, allowed: [] };
  const name = /^\$\{var\.([A-Za-z_][\w-]*)\}$/.exec(location)?.[1];
  const variable = context.subjects.find((s) => s.kind === 'variable' && s.name === name);
  if (name === undefined || variable === undefined) return { allowed: [] };
  const fallback = variable.config.default;
  const planned = typeof fallback === 'string' && !isExpression(fallback) ? fallback : undefined;
  const allowed = new Set<string>();
  const validation = variable.config.validation;
  for (const rule of Array.isArray(validation) ? validation : []) {
    const condition = isObject(rule) ? rule.condition : undefined;
    if (typeof condition !== 'string') continue;
    const list = new RegExp(`contains\\((\\[[^\\]]*\\]), var\\.${name}\\)`).exec(condition)?.[1];
    const values: unknown = list === undefined ? undefined : parseList(list);
    for (const r of Array.isArray(values) ? values : []) if (typeof r === 'string' && r !== planned) allowed.add(r);
  }
  return { ...(planned === undefined ? {} : { planned }), allowed: [...allowed] };
}

/** A JSON list of strings as the stack writes it, or undefined when it is not one. */
function parseList(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** VAZ-AZR-002: a regional Flexible scale set's fault-domain count is within its region's maximum. */
export const faultDomainCountInRegion: PolicyRule = {
  id: 'VAZ-AZR-002',
  category: 'conformance',
  level: 'error',
  title: "A regional Flexible scale set's `platform_fault_domain_count` is at most the region's maximum",
  rationale:
    'A regional Flexible scale set accepts 1, 2 or 3 fault domains (Microsoft, "Choosing the right number of fault domains for Virtual Machine Scale Set"), and no more than the region\'s `MaximumPlatformFaultDomainCount` (availabilitySets resource SKU capability: UK South 2, West Europe 3, some regions 1). The provider does not validate the count (platform_fault_domain_count has no ValidateFunc in orchestrated_virtual_machine_scale_set_resource.go at v4.55.0), so a count above the maximum fails only at apply ("The specified fault domain count 3 must fall in the range 1 to 2"). Regions are judged by the offline table in constructs/compute/fault-domains.ts; preflight check fault-domain-count asks Azure. When `location` is a variable, its default and every region its validation allows are judged: a customer may pick any of them.',
  fix: "Set `platform_fault_domain_count` to at most the region's maximum (profile `placement.faultDomainCount`, or leave it out to use the maximum).",
  resourceTypes: ['azurerm_orchestrated_virtual_machine_scale_set'],
  check(subject, context) {
    const { platform_fault_domain_count: count, location, zones } = subject.config;
    const zonal = zones !== undefined && !(Array.isArray(zones) && zones.length === 0);
    if (zonal) return notApplicable(); // VAZ-REL-002: a zonal set takes 1 only
    if (typeof count !== 'number') {
      return isExpression(count as string)
        ? notApplicable()
        : nonCompliant(`platform_fault_domain_count is ${showSetting(count)}, not a whole number`);
    }
    if (!Number.isInteger(count) || count < 1 || count > FLEX_MAX_FAULT_DOMAINS) {
      return nonCompliant(
        `platform_fault_domain_count is ${count}; a regional Flexible scale set accepts 1 to ${FLEX_MAX_FAULT_DOMAINS}`,
      );
    }
    const { planned, allowed } = regionsOf(location, context);
    const plannedMax = planned === undefined ? undefined : regionMaxFaultDomains(planned);
    if (plannedMax !== undefined && count > plannedMax) {
      return nonCompliant(`platform_fault_domain_count is ${count}; ${planned} allows at most ${plannedMax}`);
    }
    // The other regions the location variable accepts: a customer who picks one gets the same count.
    const short = allowed.filter((r) => (regionMaxFaultDomains(r) ?? FLEX_MAX_FAULT_DOMAINS) < count);
    if (short.length === 0) return compliant();
    const via = (location as string).replace(/^\$\{(.*)\}$/, '$1');
    return nonCompliant(
      `platform_fault_domain_count is ${count}; ${via} allows ${short
        .map((r) => `${r}, which allows at most ${regionMaxFaultDomains(r)}`)
        .join('; ')}`,
    );
  },
};
