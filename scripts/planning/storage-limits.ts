/**
 * Default bandwidth targets of one standard (general-purpose v2) storage account, which bound both the offload rate
 * and a rehydration from Blob however fast the cluster is.
 *
 * Source: Microsoft Learn, "Scalability and performance targets for standard storage accounts" (as stored
 * 2026-11): default maximum ingress 60 Gbps and egress 200 Gbps per account in the listed regions, 25 Gbps and
 * 50 Gbps elsewhere; higher limits by support request. The page lists the regions for the request-rate target; this
 * module assumes the same list for ingress and egress.
 */

/** Regions with the higher default targets (Azure region names). */
export const HIGH_TARGET_REGIONS: readonly string[] = [
  'eastasia',
  'southeastasia',
  'australiaeast',
  'brazilsouth',
  'canadacentral',
  'northeurope',
  'westeurope',
  'francecentral',
  'germanywestcentral',
  'centralindia',
  'japaneast',
  'jioindiawest',
  'koreacentral',
  'norwayeast',
  'southafricanorth',
  'swedencentral',
  'uaenorth',
  'uksouth',
  'centralus',
  'eastus',
  'eastus2',
  'northcentralus',
  'southcentralus',
  'westus',
  'westus2',
  'westus3',
];

/** A storage account's default bandwidth targets in a region. */
export interface StorageAccountLimits {
  readonly ingressGbps: number;
  readonly egressGbps: number;
  /** Where the figures come from. */
  readonly source: string;
}

/** The default targets of one standard storage account in `region`. */
export function storageAccountLimits(region: string): StorageAccountLimits {
  const high = HIGH_TARGET_REGIONS.includes(region.toLowerCase());
  return {
    ingressGbps: high ? 60 : 25,
    egressGbps: high ? 200 : 50,
    source: `Microsoft Learn "Scalability and performance targets for standard storage accounts" (stored 2026-11): default per-account ${high ? 'ingress 60 / egress 200' : 'ingress 25 / egress 50'} Gbps in ${region}; more by support request`,
  };
}
