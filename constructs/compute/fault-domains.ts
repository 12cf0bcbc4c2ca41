/**
 * Platform fault domains: the per-region maximum Azure accepts, and how nodes are assigned to fault domains.
 *
 * Azure publishes the maximum as the `MaximumPlatformFaultDomainCount` capability of the `availabilitySets` resource
 * SKU (`Aligned`) in each region (`GET .../providers/Microsoft.Compute/skus`, or `az vm list-skus --resource-type
 * availabilitySets`). A regional Flexible scale set accepts 1, 2 or 3 fault domains (Microsoft, "Choosing the right
 * number of fault domains for Virtual Machine Scale Set"), and no more than its region's maximum: "The specified
 * fault domain count 3 must fall in the range 1 to 2" is the error for 3 in a region whose maximum is 2.
 * Preflight reads the live value (check `fault-domain-count`); this table lets synthesis refuse an impossible count
 * offline.
 */

/**
 * What reports (preflight, plan) say for the zone when placement is regional (`fault-domains`): the cluster has no
 * zone, and Azure reports none for it.
 */
export const REGIONAL_ZONE = 'regional';

/** Where the offline table comes from. */
export const REGION_FAULT_DOMAIN_SOURCE =
  'capture of `az vm list-skus --resource-type availabilitySets` (SKU "Aligned", capability MaximumPlatformFaultDomainCount) ' +
  'published in Azure/sap-automation deploy/configs/max_fault_domain_count.json (commit 04a92e77; the capture itself is undated), ' +
  'read on 2026-12-02; UK South 2 and West Europe 3 agree with shared/reference/azure.md §8';

/** The date the offline table was read from its source. */
export const REGION_FAULT_DOMAIN_DATE = '2026-12-02';

/**
 * The maximum platform fault-domain count per region (for every region of the source capture that this toolkit
 * can deploy to, plus the zoneless ones for completeness). Regions missing here (e.g. austriaeast, italynorth,
 * polandcentral, spaincentral, mexicocentral, israelcentral, newzealandnorth) were not in the capture: their maximum
 * is unknown offline, so a profile there must name `placement.faultDomainCount` and preflight confirms it.
 */
export const REGION_MAX_FAULT_DOMAINS: Readonly<Record<string, number>> = Object.freeze({
  australiacentral: 2,
  australiacentral2: 2,
  australiaeast: 2,
  australiasoutheast: 2,
  brazilsouth: 3,
  brazilsoutheast: 2,
  canadacentral: 3,
  canadaeast: 2,
  centralindia: 3,
  centralus: 3,
  eastasia: 2,
  eastus: 3,
  eastus2: 3,
  francecentral: 3,
  francesouth: 2,
  germanynorth: 2,
  germanywestcentral: 2,
  japaneast: 3,
  japanwest: 2,
  jioindiacentral: 2,
  jioindiawest: 2,
  koreacentral: 2,
  koreasouth: 2,
  northcentralus: 3,
  northeurope: 3,
  norwayeast: 2,
  norwaywest: 2,
  qatarcentral: 1,
  southafricanorth: 2,
  southafricawest: 2,
  southcentralus: 3,
  southeastasia: 2,
  southindia: 2,
  swedencentral: 3,
  swedensouth: 2,
  switzerlandnorth: 2,
  switzerlandwest: 2,
  uaecentral: 2,
  uaenorth: 2,
  uksouth: 2,
  ukwest: 2,
  westcentralus: 2,
  westeurope: 3,
  westindia: 2,
  westus: 3,
  westus2: 3,
  westus3: 3,
});

/** Most fault domains a regional Flexible scale set accepts anywhere (Microsoft's "manage fault domains" page). */
export const FLEX_MAX_FAULT_DOMAINS = 3;

/** Fewest fault domains the `fault-domains` placement mode needs: with one, there is nothing to spread over. */
export const MIN_VISIBLE_FAULT_DOMAINS = 2;

/** The region's maximum platform fault-domain count from the offline table, or undefined when it is not known. */
export function regionMaxFaultDomains(location: string): number | undefined {
  const key = location.toLowerCase();
  return Object.prototype.hasOwnProperty.call(REGION_MAX_FAULT_DOMAINS, key)
    ? REGION_MAX_FAULT_DOMAINS[key]
    : undefined;
}

/** The fault domain of node `index` (0-based) when nodes are spread round robin over `count` fault domains. */
export function nodeFaultDomain(index: number, count: number): number {
  return index % count;
}
