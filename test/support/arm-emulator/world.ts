/**
 * The data the ARM emulator serves, in the JSON shapes Azure Resource Manager documents (see
 * `shared/reference/azure.md` §5): compute SKUs with capabilities and restrictions, compute usages, resource provider
 * registrations, subscription feature registrations, subscription locations with availability zone mappings,
 * storage account names already taken, virtual networks with their subnets (a customer's existing network), and the
 * caller's effective permissions at the subscription and on existing resource groups.
 *
 * {@link defaultWorld} builds a subscription in which the shipped profiles pass every check; tests change it with the
 * helpers below to reach each failure.
 */
import { GENERAL_PURPOSE_CATALOG } from '../../../constructs/compute/general-purpose-catalog';
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

/** A reference to another resource, as ARM embeds one (`SubResource`). */
export interface SubResourceJson {
  id: string;
}

/**
 * A subnet as `GET .../virtualNetworks/{vnet}/subnets/{name}` returns it (`Subnets_Get`, api-version 2024-05-01):
 * `addressPrefix` or `addressPrefixes`, and the associations preflight reads.
 */
export interface SubnetJson {
  id: string;
  name: string;
  etag: string;
  type: 'Microsoft.Network/virtualNetworks/subnets';
  properties: {
    addressPrefix?: string;
    addressPrefixes?: string[];
    natGateway?: SubResourceJson;
    routeTable?: SubResourceJson;
    networkSecurityGroup?: SubResourceJson;
    privateEndpointNetworkPolicies: 'Enabled' | 'Disabled' | 'NetworkSecurityGroupEnabled' | 'RouteTableEnabled';
    privateLinkServiceNetworkPolicies: 'Enabled' | 'Disabled';
    defaultOutboundAccess?: boolean;
    provisioningState: 'Succeeded' | 'Updating' | 'Deleting' | 'Failed';
  };
}

/**
 * A virtual network as `GET .../providers/Microsoft.Network/virtualNetworks/{name}` returns it (`VirtualNetworks_Get`,
 * api-version 2024-05-01), its subnets inlined as Azure does.
 */
export interface VirtualNetworkJson {
  id: string;
  name: string;
  type: 'Microsoft.Network/virtualNetworks';
  location: string;
  etag: string;
  properties: {
    addressSpace: { addressPrefixes: string[] };
    subnets: SubnetJson[];
    provisioningState: 'Succeeded' | 'Updating' | 'Deleting' | 'Failed';
  };
}

/**
 * One entry of a Permissions list answer (`GET {scope}/providers/Microsoft.Authorization/permissions`, api-version
 * 2022-04-01, `Permission`): the permissions of one role the caller holds at the scope or above.
 */
export interface PermissionJson {
  actions: string[];
  notActions: string[];
  dataActions: string[];
  notDataActions: string[];
}

/** Built-in roles' control-plane permissions as Azure documents them (Contributor's notActions abridged). */
export const BUILT_IN_ROLES = {
  Owner: { actions: ['*'], notActions: [] },
  Contributor: {
    actions: ['*'],
    notActions: [
      'Microsoft.Authorization/*/Delete',
      'Microsoft.Authorization/*/Write',
      'Microsoft.Authorization/elevateAccess/Action',
      'Microsoft.Blueprint/blueprintAssignments/write',
      'Microsoft.Blueprint/blueprintAssignments/delete',
      'Microsoft.Compute/galleries/share/action',
    ],
  },
  Reader: { actions: ['*/read'], notActions: [] },
  'User Access Administrator': {
    actions: ['*/read', 'Microsoft.Authorization/*', 'Microsoft.Support/*'],
    notActions: [],
  },
  'Role Based Access Control Administrator': {
    actions: [
      'Microsoft.Authorization/roleAssignments/write',
      'Microsoft.Authorization/roleAssignments/delete',
      '*/read',
      'Microsoft.Support/*',
    ],
    notActions: [],
  },
} as const satisfies Record<string, { actions: readonly string[]; notActions: readonly string[] }>;

/** A built-in role of {@link BUILT_IN_ROLES}. */
export type BuiltInRole = keyof typeof BUILT_IN_ROLES;

/** The permission entry a role gives, with empty data-plane lists. */
export function roleEntry(role: BuiltInRole): PermissionJson {
  const r = BUILT_IN_ROLES[role];
  return { actions: [...r.actions], notActions: [...r.notActions], dataActions: [], notDataActions: [] };
}

/**
 * Sets the caller's roles at the subscription, or (with `resourceGroup`) on an existing resource group, which is
 * created in the world when absent. A group's answer holds the subscription's entries and its own.
 */
export function setRoles(world: World, roles: readonly BuiltInRole[], resourceGroup?: string): void {
  const entries = roles.map(roleEntry);
  if (resourceGroup === undefined) world.permissions = entries;
  else (world.resourceGroups ??= {})[resourceGroup] = entries;
}

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
  /**
   * Virtual networks (with their subnets) served by id, in this subscription or another (a hub network); none in
   * the default world. Add them with {@link addNetwork}.
   */
  networks: VirtualNetworkJson[];
  /** The caller's permissions at the subscription (a group inherits them): Owner in the default world. */
  permissions: PermissionJson[];
  /**
   * Resource groups that exist, by name, with the permissions granted on the group itself; a permissions read of a
   * group absent here answers 404 `ResourceGroupNotFound`. None in the default world.
   */
  resourceGroups: Record<string, PermissionJson[]>;
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
  /** The availabilitySets SKU's MaximumPlatformFaultDomainCount (UK South 2, West Europe 3, Qatar Central 1). */
  readonly maxFaultDomains: number;
}

const REGIONS: readonly RegionSeed[] = [
  {
    name: 'uksouth',
    displayName: 'UK South',
    geography: 'United Kingdom',
    physicalLocation: 'London',
    skuSpelling: 'UKSouth',
    physical: [2, 3, 1],
    maxFaultDomains: 2,
  },
  {
    name: 'westeurope',
    displayName: 'West Europe',
    geography: 'Europe',
    physicalLocation: 'Netherlands',
    skuSpelling: 'WestEurope',
    physical: [1, 3, 2],
    maxFaultDomains: 3,
  },
  {
    name: 'eastus',
    displayName: 'East US',
    geography: 'United States',
    physicalLocation: 'Virginia',
    skuSpelling: 'eastus',
    physical: [3, 1, 2],
    maxFaultDomains: 3,
  },
  {
    name: 'ukwest',
    displayName: 'UK West',
    geography: 'United Kingdom',
    physicalLocation: 'Cardiff',
    skuSpelling: 'UKWest',
    maxFaultDomains: 2,
  },
  {
    name: 'qatarcentral',
    displayName: 'Qatar Central',
    geography: 'Qatar',
    physicalLocation: 'Doha',
    skuSpelling: 'QatarCentral',
    physical: [1, 2, 3],
    maxFaultDomains: 1,
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
    skus.push(diskSku(r.skuSpelling, zones), availabilitySetSku(r.skuSpelling, r.maxFaultDomains));
    skus.push(generalPurposeSku('Standard_D4s_v5', 4, r.skuSpelling, zones));
    for (const spec of Object.values(L_SERIES_CATALOG)) skus.push(lSeriesSku(spec, r.skuSpelling, zones));
    const families = [...new Set(Object.values(L_SERIES_CATALOG).map((s) => s.quotaFamily))];
    const gpFamilies = [...new Set(Object.values(GENERAL_PURPOSE_CATALOG).map((s) => s.quotaFamily))];
    usages[r.name] = [
      usage('availabilitySets', 'Availability Sets', 0, 2500),
      usage('cores', 'Total Regional vCPUs', 40, 2000),
      usage('virtualMachines', 'Virtual Machines', 5, 25000),
      usage('virtualMachineScaleSets', 'Virtual Machine Scale Sets', 0, 2500),
      // The general-purpose family (management node, client pool), read from its catalog, with some in use.
      ...gpFamilies.map((f) => usage(f, familyLabel(f), 40, 350)),
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
    networks: [],
    permissions: [roleEntry('Owner')],
    resourceGroups: {},
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

/** Sets or (with undefined) removes the region's availabilitySets MaximumPlatformFaultDomainCount capability. */
export function setMaxFaultDomains(world: World, location: string, value?: number): void {
  const sku = world.skus.find(
    (s) => s.resourceType === 'availabilitySets' && s.locations.some((l) => l.toLowerCase() === location.toLowerCase()),
  );
  if (!sku) throw new Error(`the emulator world has no availabilitySets SKU in ${location}`);
  sku.capabilities = sku.capabilities.filter((c) => c.name !== 'MaximumPlatformFaultDomainCount');
  if (value !== undefined) sku.capabilities.push({ name: 'MaximumPlatformFaultDomainCount', value: String(value) });
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

/** How {@link addNetwork} builds one subnet; every field has a default. */
export interface SubnetSeed {
  /** @default 'snet-vast-nodes' for the node subnet, 'snet-private-endpoints' for the endpoint subnet */
  readonly name?: string;
  /** @default '10.60.0.0/24' for the node subnet, '10.60.1.0/27' for the endpoint subnet */
  readonly addressPrefix?: string;
  /** Attach a NAT gateway. @default true for the node subnet, false for the endpoint subnet */
  readonly natGateway?: boolean;
  /** Attach a route table. @default false */
  readonly routeTable?: boolean;
  /** Attach a network security group. @default true for the node subnet, false for the endpoint subnet */
  readonly networkSecurityGroup?: boolean;
}

/** How {@link addNetwork} builds a virtual network; every field has a default. */
export interface NetworkSeed {
  /** @default the world's subscription */
  readonly subscriptionId?: string;
  /** @default 'rg-customer-network' */
  readonly resourceGroup?: string;
  /** @default 'vnet-customer' */
  readonly name?: string;
  /** @default 'uksouth' */
  readonly location?: string;
  /** @default ['10.60.0.0/16'] */
  readonly addressPrefixes?: readonly string[];
  readonly nodeSubnet?: SubnetSeed;
  readonly privateEndpointSubnet?: SubnetSeed;
}

/** The resource ids of a network added by {@link addNetwork}, in the shape of a profile's `network.existing`. */
export interface NetworkIds {
  readonly virtualNetworkId: string;
  readonly nodeSubnetId: string;
  readonly privateEndpointSubnetId: string;
}

/**
 * Adds a customer's virtual network with a node subnet (by default with a NAT gateway and an NSG, so preflight
 * passes) and a private endpoint subnet. Returns the ids to put in a profile's `network.existing`.
 */
export function addNetwork(world: World, seed: NetworkSeed = {}): NetworkIds {
  const sub = seed.subscriptionId ?? world.subscriptionId;
  const rg = seed.resourceGroup ?? 'rg-customer-network';
  const name = seed.name ?? 'vnet-customer';
  const group = `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Network`;
  const id = `${group}/virtualNetworks/${name}`;
  const subnet = (s: SubnetSeed, defaults: Required<SubnetSeed>): SubnetJson => {
    const spec = { ...defaults, ...s };
    return {
      id: `${id}/subnets/${spec.name}`,
      name: spec.name,
      etag: 'W/"00000000-0000-0000-0000-000000000001"',
      type: 'Microsoft.Network/virtualNetworks/subnets',
      properties: {
        addressPrefix: spec.addressPrefix,
        ...(spec.natGateway ? { natGateway: { id: `${group}/natGateways/ng-${name}` } } : {}),
        ...(spec.routeTable ? { routeTable: { id: `${group}/routeTables/rt-${spec.name}` } } : {}),
        ...(spec.networkSecurityGroup
          ? { networkSecurityGroup: { id: `${group}/networkSecurityGroups/nsg-${spec.name}` } }
          : {}),
        privateEndpointNetworkPolicies: 'Disabled',
        privateLinkServiceNetworkPolicies: 'Enabled',
        defaultOutboundAccess: false,
        provisioningState: 'Succeeded',
      },
    };
  };
  const node = subnet(seed.nodeSubnet ?? {}, {
    name: 'snet-vast-nodes',
    addressPrefix: '10.60.0.0/24',
    natGateway: true,
    routeTable: false,
    networkSecurityGroup: true,
  });
  const pe = subnet(seed.privateEndpointSubnet ?? {}, {
    name: 'snet-private-endpoints',
    addressPrefix: '10.60.1.0/27',
    natGateway: false,
    routeTable: false,
    networkSecurityGroup: false,
  });
  (world.networks ??= []).push({
    id,
    name,
    type: 'Microsoft.Network/virtualNetworks',
    location: seed.location ?? 'uksouth',
    etag: 'W/"00000000-0000-0000-0000-000000000001"',
    properties: {
      addressSpace: { addressPrefixes: [...(seed.addressPrefixes ?? ['10.60.0.0/16'])] },
      subnets: [node, pe],
      provisioningState: 'Succeeded',
    },
  });
  return { virtualNetworkId: id, nodeSubnetId: node.id, privateEndpointSubnetId: pe.id };
}

/** The virtual network with this id (case-insensitive, as ARM ids are), or undefined. */
export function findNetwork(world: World, id: string): VirtualNetworkJson | undefined {
  return (world.networks ?? []).find((n) => n.id.toLowerCase() === id.toLowerCase());
}

/** The subnet with this id (case-insensitive), or undefined. */
export function findSubnet(world: World, id: string): SubnetJson | undefined {
  return (world.networks ?? [])
    .flatMap((n) => n.properties.subnets)
    .find((s) => s.id.toLowerCase() === id.toLowerCase());
}

/** Removes a subnet from its virtual network (reads of it then answer 404). */
export function removeSubnet(world: World, id: string): void {
  for (const n of world.networks ?? []) {
    n.properties.subnets = n.properties.subnets.filter((s) => s.id.toLowerCase() !== id.toLowerCase());
  }
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

function availabilitySetSku(location: string, maxFaultDomains: number): SkuJson {
  return {
    resourceType: 'availabilitySets',
    name: 'Aligned',
    locations: [location],
    locationInfo: [{ location, zones: [], zoneDetails: [] }],
    capabilities: [{ name: 'MaximumPlatformFaultDomainCount', value: String(maxFaultDomains) }],
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
