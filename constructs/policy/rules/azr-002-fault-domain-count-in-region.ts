import { FLEX_MAX_FAULT_DOMAINS, regionMaxFaultDomains } from '../../compute/fault-domains';
import { isExpression, showSetting } from '../config';
import { compliant, nonCompliant, notApplicable, type JsonValue, type PolicyContext, type PolicyRule } from '../rule';

/**
 * The region a `location` names: a literal as it is, a whole reference to a variable (`${var.location}`) as that
 * variable's default (the region the profile planned; the variable's own validation limits other regions to those
 * whose maximum fits the synthesized count), anything else unknown.
 */
function regionOf(location: JsonValue | undefined, context: PolicyContext): string | undefined {
  if (typeof location !== 'string') return undefined;
  if (!isExpression(location)) return location;
  const name = /^\$\{var\.([A-Za-z_][\w-]*)\}$/.exec(location)?.[1];
  const variable = context.subjects.find((s) => s.kind === 'variable' && s.name === name);
  const fallback = variable?.config.default;
  return typeof fallback === 'string' && !isExpression(fallback) ? fallback : undefined;
}

/** VAZ-AZR-002: a regional Flexible scale set's fault-domain count is within its region's maximum. */
export const faultDomainCountInRegion: PolicyRule = {
  id: 'VAZ-AZR-002',
  category: 'conformance',
  level: 'error',
  title: "A regional Flexible scale set's `platform_fault_domain_count` is at most the region's maximum",
  rationale:
    'A regional Flexible scale set accepts 1, 2 or 3 fault domains (Microsoft, "Choosing the right number of fault domains for Virtual Machine Scale Set"), and no more than the region\'s `MaximumPlatformFaultDomainCount` (availabilitySets resource SKU capability: UK South 2, West Europe 3, some regions 1). The provider does not validate the count (platform_fault_domain_count has no ValidateFunc in orchestrated_virtual_machine_scale_set_resource.go at v4.55.0), so a count above the maximum fails only at apply ("The specified fault domain count 3 must fall in the range 1 to 2"). Regions are judged by the offline table in constructs/compute/fault-domains.ts; preflight check fault-domain-count asks Azure.',
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
    const region = regionOf(location, context);
    const regionMax = region === undefined ? undefined : regionMaxFaultDomains(region);
    const max = Math.min(FLEX_MAX_FAULT_DOMAINS, regionMax ?? FLEX_MAX_FAULT_DOMAINS);
    if (Number.isInteger(count) && count >= 1 && count <= max) return compliant();
    const where =
      region === undefined || regionMax === undefined
        ? `a regional Flexible scale set accepts 1 to ${FLEX_MAX_FAULT_DOMAINS}`
        : `${region} allows at most ${regionMax}`;
    return nonCompliant(`platform_fault_domain_count is ${count}; ${where}`);
  },
};
