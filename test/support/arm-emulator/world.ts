/**
 * The data the ARM emulator serves, in the JSON shapes Azure Resource Manager documents (see
 * `shared/reference/azure.md` §5): compute SKUs with capabilities and restrictions, compute usages, resource provider
 * registrations, subscription feature registrations, subscription locations with availability zone mappings, and
 * storage account names already taken.
 *
 * {@link defaultWorld} builds a subscription in which the shipped profiles pass every check; tests change it with the
 * helpers below to reach each failure.
 */
import { L_SERIES_CATALOG, type LSeriesSpec } from '../../../constructs/compute/l-series-catalog';

/** A SKU entry as `GET /subscriptions/{id}/providers/Microsoft.Compute/skus` returns it (api-version 2021-07-01). */
export interface SkuJson {
  resourceType: string;
  name: string;
  tier?: string;
  size?: string;
  family?: string;
  locations: string[];
  locationInfo: { location: string; zones: string[]; zoneDetails: unknown[] }[];
  capabilities: { name: string; value: string }[];
  restrictions: RestrictionJson[];
}

/** A SKU restriction entry. */
export interface RestrictionJson {
  type: 'Location' | 'Zone';
  values: string[];
  restrictionInfo: { locations: string[]; zones?: string[] };
  reasonCode: 'NotAvailableForSubscription' | 'QuotaId';
}

/** A usage row as `GET .../providers/Microsoft.Compute/locations/{loc}/usages` returns it. */
export interface UsageJson {
  unit: 'Count';
  currentValue: number;
  limit: number;
  name: { value: string; localizedValue: string };
}

/** A location as `GET /subscriptions/{id}/locations?api-version=2022-12-01` returns it. */
export interface LocationJson {
  id: string;
  type: 'Region';
  name: string;
  displayName: string;
  regionalDisplayName: string;
  metadata: { regionType: 'Physical' | 'Logical'; regionCategory: string; geography: string; physicalLocation: string };
  availabilityZoneMappings?: { logicalZone: string; physicalZone: string }[];
}

/**
 * A feature as `GET /subscriptions/{id}/providers/Microsoft.Features/providers/{namespace}/features/{name}` returns
 * it (api-version 2021-07-01, `FeatureResult`).
 */
export interface FeatureJson {
  properties: { state: string };
  id: string;
  name: string;
  type: 'Microsoft.Features/providers/features';
}

/** A feature's registration state as Azure spells it. */
export type FeatureState =
  'Registered' | 'NotRegistered' | 'Registering' | 'Pending' | 'Unregistering' | 'Unregistered';

/** Everything the emulator knows about one subscription. */
export interface World {
  /** The only subscription the emulator serves; others answer 404 `SubscriptionNotFound`. */
  subscriptionId: string;
  locations: LocationJson[];
  /** Every SKU in every region (the listing is filtered by location when asked). */
  skus: SkuJson[];
  /** Usage rows per lower-case location name. */
  usages: Record<string, UsageJson[]>;
  /** Registration state per provider namespace (e.g. `Registered`, `NotRegistered`, `Registering`). */
  providers: Record<string, string>;
  /**
   * Registration state per subscription feature, keyed `Namespace/Name` (e.g. `Microsoft.Compute/EncryptionAtHost`);
   * a feature absent here answers 404, as for a feature the cloud does not have.
   */
  features: Record<string, string>;
  /** Storage account names that already exist somewhere in Azure. */
  takenStorageNames: string[];
}

/** The subscription id the default world serves. */
export const EMULATOR_SUBSCRIPTION_ID = '6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f';

interface RegionSeed {
  readonly name: string;
  readonly displayName: string;
  readonly geography: string;
  readonly physicalLocation: string;
  /** Spelling the SKU list uses for `locations` (captures show e.g. "WestUS3"). */
  readonly skuSpelling: string;
  /** Physical zone suffix per logical zone 1, 2, 3 (the mapping differs per subscription); none when zoneless. */
  readonly physical?: readonly [number, number, number];
}

const REGIONS: readonly RegionSeed[] = [
  {
    name: 'uksouth',
    displayName: 'UK South',
    geography: 'United Kingdom',
    physicalLocation: 'London',
    skuSpelling: 'UKSouth',
    physical: [2, 3, 1],
  },
  {
    name: 'westeurope',
    displayName: 'West Europe',
    geography: 'Europe',
    physicalLocation: 'Netherlands',
    skuSpelling: 'WestEurope',
    physical: [1, 3, 2],
  },
  {
    name: 'eastus',
    displayName: 'East US',
    geography: 'United States',
    physicalLocation: 'Virginia',
    skuSpelling: 'eastus',
    physical: [3, 1, 2],
  },
  {
    name: 'ukwest',
    displayName: 'UK West',
    geography: 'United Kingdom',
    physicalLocation: 'Cardiff',
    skuSpelling: 'UKWest',
  },
];

/** The provider namespaces the default world has registered. */
const REGISTERED = [
  'Microsoft.Compute',
  'Microsoft.Network',
  'Microsoft.Storage',
  'Microsoft.ManagedIdentity',
  'Microsoft.Resources',
];

/** The subscription features the default world has registered. */
const REGISTERED_FEATURES = ['Microsoft.Compute/EncryptionAtHost'];

/** Builds a fresh default world: every catalog size offered unrestricted in zones 1–3 of every zonal region. */
export function defaultWorld(subscriptionId = EMULATOR_SUBSCRIPTION_ID): World {
  const locations: LocationJson[] = REGIONS.map((r) => ({
    id: `/subscriptions/${subscriptionId}/locations/${r.name}`,
    type: 'Region',
    name: r.name,
    displayName: r.displayName,
    regionalDisplayName: `(${r.geography}) ${r.displayName}`,
    metadata: {
      regionType: 'Physical',
      regionCategory: 'Recommended',
      geography: r.geography,
      physicalLocation: r.physicalLocation,
    },
    ...(r.physical
      ? {
          availabilityZoneMappings: r.physical.map((p, i) => ({
            logicalZone: String(i + 1),
            physicalZone: `${r.name}-az${p}`,
          })),
        }
      : {}),
  }));
  const skus: SkuJson[] = [];
  const usages: Record<string, UsageJson[]> = {};
  for (const r of REGIONS) {
    const zones = r.physical ? ['3', '1', '2'] : [];
    // A few entries that are not L-series VM sizes, as a real listing has thousands of them.
    skus.push(diskSku(r.skuSpelling, zones), availabilitySetSku(r.skuSpelling));
    skus.push(generalPurposeSku('Standard_D4s_v5', 4, r.skuSpelling, zones));
    for (const spec of Object.values(L_SERIES_CATALOG)) skus.push(lSeriesSku(spec, r.skuSpelling, zones));
    const families = [...new Set(Object.values(L_SERIES_CATALOG).map((s) => s.quotaFamily))];
    usages[r.name] = [
      usage('availabilitySets', 'Availability Sets', 0, 2500),
      usage('cores', 'Total Regional vCPUs', 40, 2000),
      usage('virtualMachines', 'Virtual Machines', 5, 25000),
      usage('virtualMachineScaleSets', 'Virtual Machine Scale Sets', 0, 2500),
      usage('standardDSv5Family', 'Standard DSv5 Family vCPUs', 40, 350),
      ...families.map((f) => usage(f, familyLabel(f), 0, 1000)),
    ];
  }
  return {
    subscriptionId,
    locations,
    skus,
    usages,
    providers: Object.fromEntries(REGISTERED.map((ns) => [ns, 'Registered'])),
    features: Object.fromEntries(REGISTERED_FEATURES.map((f) => [f, 'Registered'])),
    takenStorageNames: ['vasttaken01'],
  };
}

/** Finds the VM SKU entry for a size in a region (case-insensitive on the region, as Azure's spelling varies). */
export function findSku(world: World, location: string, size: string): SkuJson | undefined {
  return world.skus.find(
    (s) =>
      s.resourceType === 'virtualMachines' &&
      s.name === size &&
      s.locations.some((l) => l.toLowerCase() === location.toLowerCase()),
  );
}

/** Adds a `Location` restriction (the size cannot be used anywhere in the region by this subscription). */
export function restrictLocation(
  world: World,
  location: string,
  size: string,
  reasonCode: RestrictionJson['reasonCode'] = 'NotAvailableForSubscription',
): void {
  const sku = mustFind(world, location, size);
  const spelled = sku.locations[0] ?? location;
  sku.restrictions.push({ type: 'Location', values: [spelled], restrictionInfo: { locations: [spelled] }, reasonCode });
}

/** Adds a `Zone` restriction for some zones of a region. */
export function restrictZones(world: World, location: string, size: string, zones: string[]): void {
  const sku = mustFind(world, location, size);
  const spelled = sku.locations[0] ?? location;
  sku.restrictions.push({
    type: 'Zone',
    values: [spelled],
    restrictionInfo: { locations: [spelled], zones },
    reasonCode: 'NotAvailableForSubscription',
  });
}

/** Sets the zones a size is offered in within a region (`locationInfo.zones`). */
export function offerInZones(world: World, location: string, size: string, zones: string[]): void {
  const sku = mustFind(world, location, size);
  for (const li of sku.locationInfo) li.zones = [...zones];
}

/** Removes a size from a region's SKU list altogether. */
export function removeSku(world: World, location: string, size: string): void {
  const sku = mustFind(world, location, size);
  world.skus = world.skus.filter((s) => s !== sku);
}

/** Sets (or removes, when `value` is undefined) one capability of a size in a region. */
export function setCapability(world: World, location: string, size: string, name: string, value?: string): void {
  const sku = mustFind(world, location, size);
  sku.capabilities = sku.capabilities.filter((c) => c.name !== name);
  if (value !== undefined) sku.capabilities.push({ name, value });
}

/** Sets a usage row (matched case-insensitively by name), adding it when absent. */
export function setUsage(world: World, location: string, name: string, currentValue: number, limit: number): void {
  const rows = (world.usages[location.toLowerCase()] ??= []);
  const row = rows.find((u) => u.name.value.toLowerCase() === name.toLowerCase());
  if (row) {
    row.currentValue = currentValue;
    row.limit = limit;
  } else rows.push(usage(name, name, currentValue, limit));
}

/** Sets a feature's registration state, or removes the feature (404) when `state` is undefined. */
export function setFeature(world: World, namespace: string, name: string, state?: FeatureState): void {
  const key = featureKey(world, namespace, name) ?? `${namespace}/${name}`;
  world.features ??= {};
  if (state === undefined) delete world.features[key];
  else world.features[key] = state;
}

/** The key under which the world holds a feature (matched case-insensitively), or undefined when it has none. */
export function featureKey(world: World, namespace: string, name: string): string | undefined {
  const wanted = `${namespace}/${name}`.toLowerCase();
  // A world PUT through the control API may predate features.
  return Object.keys(world.features ?? {}).find((k) => k.toLowerCase() === wanted);
}

/** Removes a usage row (matched case-insensitively by name). */
export function removeUsage(world: World, location: string, name: string): void {
  const key = location.toLowerCase();
  world.usages[key] = (world.usages[key] ?? []).filter((u) => u.name.value.toLowerCase() !== name.toLowerCase());
}

function mustFind(world: World, location: string, size: string): SkuJson {
  const sku = findSku(world, location, size);
  if (!sku) throw new Error(`the emulator world has no SKU ${size} in ${location}`);
  return sku;
}

const MIB_PER_TB = 1e12 / 2 ** 20;

function lSeriesSku(spec: LSeriesSpec, location: string, zones: string[]): SkuJson {
  const perDiskMiB = Math.floor(spec.nvmeDiskSizeTB * MIB_PER_TB);
  const caps: Record<string, string> = {
    MaxResourceVolumeMB: spec.generation === 'v3' ? String(spec.vcpus * 10 * 1024) : '0',
    OSVhdSizeMB: '1047552',
    vCPUs: String(spec.vcpus),
    MemoryPreservingMaintenanceSupported: 'True',
    HyperVGenerations: spec.supportsGen1 ? 'V1,V2' : 'V2',
    MemoryGB: String(spec.memoryGiB),
    MaxDataDiskCount: '32',
    CpuArchitectureType: 'x64',
    LowPriorityCapable: 'True',
    PremiumIO: 'True',
    VMDeploymentTypes: 'IaaS',
    vCPUsAvailable: String(spec.vcpus),
    vCPUsPerCore: '2',
    NvmeDiskSizeInMiB: String(perDiskMiB * spec.nvmeDiskCount),
    NvmeSizePerDiskInMiB: String(perDiskMiB),
    EphemeralOSDiskSupported: 'False',
    EncryptionAtHostSupported: 'True',
    CapacityReservationSupported: 'True',
    AcceleratedNetworkingEnabled: 'True',
    RdmaEnabled: 'False',
    MaxNetworkInterfaces: String(spec.maxNics),
    UncachedDiskBytesPerSecond: String(Math.min(spec.vcpus, 80) * 16_000_000),
  };
  return {
    resourceType: 'virtualMachines',
    name: spec.name,
    tier: 'Standard',
    size: spec.name.replace(/^Standard_/, ''),
    family: spec.quotaFamily,
    locations: [location],
    locationInfo: [{ location, zones: [...zones], zoneDetails: [] }],
    capabilities: Object.entries(caps).map(([name, value]) => ({ name, value })),
    restrictions: [],
  };
}

function generalPurposeSku(name: string, vcpus: number, location: string, zones: string[]): SkuJson {
  return {
    resourceType: 'virtualMachines',
    name,
    tier: 'Standard',
    size: name.replace(/^Standard_/, ''),
    family: 'standardDSv5Family',
    locations: [location],
    locationInfo: [{ location, zones: [...zones], zoneDetails: [] }],
    capabilities: [
      { name: 'vCPUs', value: String(vcpus) },
      { name: 'MemoryGB', value: String(vcpus * 4) },
      { name: 'HyperVGenerations', value: 'V1,V2' },
      { name: 'AcceleratedNetworkingEnabled', value: 'True' },
      { name: 'MaxNetworkInterfaces', value: '2' },
    ],
    restrictions: [],
  };
}

function diskSku(location: string, zones: string[]): SkuJson {
  return {
    resourceType: 'disks',
    name: 'Premium_LRS',
    tier: 'Premium',
    size: 'P30',
    locations: [location],
    locationInfo: [{ location, zones: [...zones], zoneDetails: [] }],
    capabilities: [
      { name: 'MaxSizeGiB', value: '1024' },
      { name: 'MaxIOps', value: '5000' },
    ],
    restrictions: [],
  };
}

function availabilitySetSku(location: string): SkuJson {
  return {
    resourceType: 'availabilitySets',
    name: 'Aligned',
    locations: [location],
    locationInfo: [{ location, zones: [], zoneDetails: [] }],
    capabilities: [{ name: 'MaximumPlatformFaultDomainCount', value: '2' }],
    restrictions: [],
  };
}

function usage(value: string, localizedValue: string, currentValue: number, limit: number): UsageJson {
  return { unit: 'Count', currentValue, limit, name: { value, localizedValue } };
}

function familyLabel(family: string): string {
  const core = family.replace(/^standard/, '').replace(/Family$/, '');
  return `Standard ${core} Family vCPUs`;
}
