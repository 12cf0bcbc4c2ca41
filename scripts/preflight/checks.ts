/**
 * The preflight checks: pure functions from a validated profile and what Azure said ({@link AzureFacts}) to a list of
 * results, each with a status, a message that carries the numbers, and a remedy when it did not pass.
 */
import {
  MIN_VISIBLE_FAULT_DOMAINS,
  REGIONAL_ZONE,
  regionMaxFaultDomains,
} from '../../constructs/compute/fault-domains';
import { lSeriesSpec, L_SERIES_SIZES, type LSeriesSpec } from '../../constructs/compute/l-series-catalog';
import {
  namespacesToRegister,
  RESOURCE_TYPE_NAMES,
  resourceTypeEntry,
  type EmitCondition,
} from '../../constructs/shared/resource-types';
import type { Profile } from '../../stacks/profile/schema';
import { overlaps, parseCidr, type Cidr } from '../../constructs/shared/cidr';
import {
  lastSegment,
  MAX_FAULT_DOMAINS_CAPABILITY,
  type AzureFacts,
  type ExistingNetworkRef,
  type FeatureRef,
  type NotFoundFact,
  type SkuFact,
  type SubnetFact,
  type UsageFact,
  type VirtualNetworkFact,
} from './facts';

/** The checks, in the order they are reported. */
export const CHECK_IDS = [
  'providers',
  'region',
  'sku-region',
  'sku-zone',
  'sku-capabilities',
  'quota-family',
  'quota-regional',
  'storage-name',
  'feature-encryption-at-host',
  'network-existing',
  'fault-domain-count',
  'network-peering',
] as const;

/** A check's id. */
export type CheckId = (typeof CHECK_IDS)[number];

/** A check's outcome. `warn` does not stop a deployment; `fail` does. */
export type CheckStatus = 'pass' | 'warn' | 'fail';

/** One check's result. */
export interface CheckResult {
  readonly id: CheckId;
  readonly status: CheckStatus;
  /** What was found, with the numbers. */
  readonly message: string;
  /** What to do about it; present whenever the status is not `pass`. */
  readonly remedy?: string;
}

/** `go` when no check failed. */
export type Verdict = 'go' | 'no-go';

/** Everything preflight concluded; also the `--json` document. */
export interface PreflightReport {
  readonly verdict: Verdict;
  readonly subscription: string;
  readonly location: string;
  /** The logical zone from the profile. */
  readonly zone: string;
  /** The physical zone the logical zone maps to in this subscription; null when Azure did not say. */
  readonly physicalZone: string | null;
  readonly checks: readonly CheckResult[];
}

/** Whether a profile turns on the setting that an emit condition of the resource type catalog names. */
export const EMIT_CONDITIONS: Readonly<Record<EmitCondition, (profile: Profile) => boolean>> = {
  diagnostics: (p) => p.diagnostics.enabled,
  'diagnostics-workspace': (p) => p.diagnostics.enabled && p.diagnostics.workspaceId === undefined,
  peering: (p) => p.access.peerings.length > 0,
  'capacity-reservation': (p) => p.capacityReservation.enabled,
  'delete-lock': (p) => p.offload.deleteLock,
};

/**
 * Resource provider namespaces every profile deploys into: those of the catalog's types that the stacks emit
 * whatever the profile says (Compute, Network, Storage, ManagedIdentity).
 */
export const REQUIRED_PROVIDERS: readonly string[] = namespacesToRegister(
  RESOURCE_TYPE_NAMES.filter((t) => resourceTypeEntry(t)?.emittedOnlyWith === undefined),
);

/**
 * The namespaces a profile needs registered: those of every catalog type the stacks can emit for it (so with
 * `diagnostics.enabled` also Microsoft.Insights, and Microsoft.OperationalInsights when the stack creates the
 * workspace). Namespaces Azure keeps registered in every subscription (Resources, Authorization) are left out.
 */
export function requiredProviders(profile: Profile): string[] {
  return namespacesToRegister(
    RESOURCE_TYPE_NAMES.filter((t) => {
      const condition = resourceTypeEntry(t)?.emittedOnlyWith;
      return condition === undefined || EMIT_CONDITIONS[condition](profile);
    }),
  );
}

/**
 * The subscription feature that `encryption_at_host_enabled = true` on the scale set needs; without it the
 * deployment fails. Read only when the profile turns encryption at host on (`nodes.encryptionAtHost`).
 */
export const ENCRYPTION_AT_HOST_FEATURE: FeatureRef = { namespace: 'Microsoft.Compute', name: 'EncryptionAtHost' };

/** The subscription features a profile depends on: what preflight reads from Azure for it. */
export function requiredFeatures(profile: Profile): FeatureRef[] {
  return profile.nodes.encryptionAtHost ? [ENCRYPTION_AT_HOST_FEATURE] : [];
}

/** The existing network a profile deploys into, which preflight reads; undefined when the stack creates its own. */
export function existingNetwork(profile: Profile): ExistingNetworkRef | undefined {
  return profile.network.existing;
}

/** The virtual networks a profile peers with, which preflight reads; empty when none. */
export function peeredNetworkIds(profile: Profile): string[] {
  return profile.access.peerings.map((p) => p.remoteVirtualNetworkId);
}

/** Network interfaces the stack attaches to each node. */
export const NICS_PER_NODE = 1;

/** The quota row of Total Regional vCPUs. */
export const REGIONAL_CORES = 'cores';

const MIB_PER_TB = 1e12 / 2 ** 20;

export { REGIONAL_ZONE };

/** Runs every check and rolls the statuses up into a verdict. */
export function evaluate(profile: Profile, facts: AzureFacts, subscription: string): PreflightReport {
  const spec = lSeriesSpec(profile.nodes.vmSize, 'nodes.vmSize');
  const sku = findSku(facts, profile.nodes.vmSize);
  const location = facts.locations.find((l) => l.name.toLowerCase() === profile.location.toLowerCase());
  const mapping = location?.zoneMappings.find((m) => m.logicalZone === profile.zone);
  const checks: CheckResult[] = [
    checkProviders(facts, requiredProviders(profile)),
    checkRegion(profile, facts),
    checkSkuRegion(profile, facts, sku),
    checkSkuZone(profile, facts, sku),
    checkSkuCapabilities(profile, spec, sku),
    checkQuotaFamily(profile, spec, sku, facts.usages),
    checkQuotaRegional(profile, spec, sku, facts.usages),
    checkStorageName(profile, facts),
    checkFeatureEncryptionAtHost(profile, facts),
    checkNetworkExisting(profile, facts),
    checkFaultDomainCount(profile, facts),
    checkNetworkPeering(profile, facts),
  ];
  return {
    verdict: verdictOf(checks),
    subscription,
    location: profile.location,
    zone: profile.zone ?? REGIONAL_ZONE,
    physicalZone: mapping?.physicalZone || null,
    checks,
  };
}

/** `go` when nothing failed, else `no-go`. */
export function verdictOf(checks: readonly CheckResult[]): Verdict {
  return checks.some((c) => c.status === 'fail') ? 'no-go' : 'go';
}

function pass(id: CheckId, message: string): CheckResult {
  return { id, status: 'pass', message };
}

function notPass(id: CheckId, status: 'warn' | 'fail', message: string, remedy: string): CheckResult {
  return { id, status, message, remedy };
}

/** Providers: every namespace the stack uses is registered (`namespaces`: see {@link requiredProviders}). */
export function checkProviders(facts: AzureFacts, namespaces: readonly string[] = REQUIRED_PROVIDERS): CheckResult {
  const states = namespaces.map((ns) => {
    const found = facts.providers.find((p) => p.namespace.toLowerCase() === ns.toLowerCase());
    return { ns, state: found?.registrationState ?? 'NotFound' };
  });
  const missing = states.filter((s) => s.state !== 'Registered' && s.state !== 'Registering');
  const pending = states.filter((s) => s.state === 'Registering');
  const list = (xs: typeof states): string => xs.map((s) => `${s.ns} is ${s.state}`).join(', ');
  if (missing.length > 0) {
    return notPass(
      'providers',
      'fail',
      `${list(missing)} (${states.length - missing.length - pending.length} of ${states.length} needed namespaces registered)`,
      `register them (needs Contributor on the subscription): ${missing.map((s) => `\`az provider register --namespace ${s.ns}\``).join(', ')}`,
    );
  }
  if (pending.length > 0) {
    return notPass(
      'providers',
      'warn',
      `${list(pending)}; the other ${states.length - pending.length} needed namespaces are registered`,
      `wait until \`az provider show --namespace ${pending[0]?.ns ?? ''} --query registrationState\` says Registered (usually a few minutes)`,
    );
  }
  return pass('providers', `${namespaces.join(', ')} are registered`);
}

/** Region: the location exists for the subscription, has zones, and the chosen zone maps to a physical zone. */
export function checkRegion(profile: Profile, facts: AzureFacts): CheckResult {
  const loc = facts.locations.find((l) => l.name.toLowerCase() === profile.location.toLowerCase());
  if (!loc) {
    const zonal = facts.locations.filter((l) => l.zoneMappings.length > 0).map((l) => l.name);
    return notPass(
      'region',
      'fail',
      `${profile.location} is not a location this subscription can use (${facts.locations.length} locations listed, ${zonal.length} with zones)`,
      `choose a location with availability zones that the subscription lists${zonal.length > 0 ? ` (${zonal.slice(0, 12).join(', ')}${zonal.length > 12 ? ', …' : ''})` : ''}, or ask Microsoft for access to ${profile.location}`,
    );
  }
  if (loc.zoneMappings.length === 0) {
    return notPass(
      'region',
      'fail',
      `${loc.displayName} (${loc.name}) has no availability zones for this subscription`,
      'choose a region with availability zones: the cluster is pinned to one zone',
    );
  }
  const zones = loc.zoneMappings.map((m) => m.logicalZone).sort();
  const all = [...loc.zoneMappings]
    .sort((a, b) => a.logicalZone.localeCompare(b.logicalZone))
    .map((m) => `${m.logicalZone}→${m.physicalZone}`)
    .join(', ');
  if (profile.zone === undefined) {
    return pass(
      'region',
      `${loc.displayName} (${loc.name}) has zones ${zones.join(', ')}; placement is regional (mode fault-domains), so no zone is pinned (${all})`,
    );
  }
  const mapping = loc.zoneMappings.find((m) => m.logicalZone === profile.zone);
  if (!mapping) {
    return notPass(
      'region',
      'fail',
      `zone ${profile.zone} is not one of the zones of ${loc.name} (${zones.join(', ')})`,
      `set zone to one of ${zones.join(', ')} in the profile`,
    );
  }
  return pass(
    'region',
    `${loc.displayName} (${loc.name}) has zones ${zones.join(', ')}; logical zone ${profile.zone} is physical zone ${mapping.physicalZone} in this subscription (${all})`,
  );
}

/** SKU in region: the size is offered in the location and not under a `Location` restriction. */
export function checkSkuRegion(profile: Profile, facts: AzureFacts, sku: SkuFact | undefined): CheckResult {
  const size = profile.nodes.vmSize;
  const loc = profile.location;
  const offered = L_SERIES_SIZES.filter((s) => {
    const f = findSku(facts, s);
    return f !== undefined && !locationRestriction(f, loc);
  });
  const others = offered.filter((s) => s !== size);
  const instead =
    others.length > 0 ? `choose a size offered here (${others.join(', ')})` : 'no catalog size is offered here';
  if (!sku) {
    return notPass(
      'sku-region',
      'fail',
      `${size} is not offered in ${loc} (${offered.length} catalog sizes are)`,
      `${instead}, or choose another region`,
    );
  }
  const restriction = locationRestriction(sku, loc);
  if (restriction) {
    const why =
      restriction.reasonCode === 'QuotaId'
        ? "the subscription's offer type (quota id) does not allow this size: use another subscription type"
        : `ask Microsoft to enable ${size} in ${loc} for this subscription (support request, "Service and subscription limits (quotas)")`;
    return notPass(
      'sku-region',
      'fail',
      `${size} is offered in ${loc} but restricted for this subscription (Location restriction, ${restriction.reasonCode || 'no reason given'})`,
      `${why}; or ${instead}`,
    );
  }
  return pass('sku-region', `${size} is offered in ${loc} with no Location restriction`);
}

/**
 * SKU in zone: the size is offered in the chosen zone and not under a `Zone` restriction. On failure it names the
 * zones where the size can be used and the other catalog sizes usable in the chosen zone, closest in vCPUs first.
 */
export function checkSkuZone(profile: Profile, facts: AzureFacts, sku: SkuFact | undefined): CheckResult {
  const size = profile.nodes.vmSize;
  const { location: loc, zone } = profile;
  if (zone === undefined) {
    return pass(
      'sku-zone',
      `placement is regional (mode fault-domains): no zone is pinned, so only the region matters (check sku-region)`,
    );
  }
  const usable = sku ? usableZones(sku, loc) : [];
  if (usable.includes(zone)) {
    return pass('sku-zone', `${size} is available in zone ${zone} of ${loc} (usable zones: ${usable.join(', ')})`);
  }
  let why: string;
  if (!sku) why = 'not offered in the region';
  else if (locationRestriction(sku, loc)) why = 'Location restriction';
  else if (!sku.zones.includes(zone)) why = `offered only in zones ${sku.zones.join(', ') || 'none'}`;
  else {
    const r = sku.restrictions.find((x) => x.type === 'Zone' && covers(x, loc) && x.zones.includes(zone));
    why = `Zone restriction, ${r?.reasonCode || 'no reason given'}`;
  }
  const alternatives = closestFirst(
    size,
    L_SERIES_SIZES.filter((s) => {
      if (s === size) return false;
      const f = findSku(facts, s);
      return f !== undefined && usableZones(f, loc).includes(zone);
    }),
  );
  const where =
    usable.length > 0 ? `it is available in zones ${usable.join(', ')}` : `it is available in no zone of ${loc}`;
  const sizes =
    alternatives.length > 0
      ? `catalog sizes available in zone ${zone}: ${alternatives.join(', ')}`
      : `no other catalog size is available in zone ${zone}`;
  const remedies = [
    ...(usable.length > 0
      ? [`set zone to ${usable.map((z) => `"${z}"`).join(' or ')} (the physical zone changes with it)`]
      : []),
    ...(alternatives.length > 0 ? [`set nodes.vmSize to one of ${alternatives.join(', ')}`] : []),
    `ask Microsoft to lift the restriction on ${size} in zone ${zone} of ${loc}`,
  ];
  return notPass(
    'sku-zone',
    'fail',
    `${size} is not available in zone ${zone} of ${loc} (${why}); ${where}; ${sizes}`,
    remedies.join('; or '),
  );
}

/** SKU capabilities: what the stack and the profile need from the size, compared with the catalog. */
export function checkSkuCapabilities(profile: Profile, spec: LSeriesSpec, sku: SkuFact | undefined): CheckResult {
  const size = profile.nodes.vmSize;
  if (!sku) {
    return notPass(
      'sku-capabilities',
      'warn',
      `not checked: ${size} is not in the SKU list of ${profile.location}`,
      'fix sku-region first; this check runs once the size is offered',
    );
  }
  const caps = sku.capabilities;
  const isTrue = (name: string): boolean => (caps[name] ?? '').toLowerCase() === 'true';
  const parts: string[] = [];
  const failures: string[] = [];
  const warnings: string[] = [];

  if (isTrue('AcceleratedNetworkingEnabled')) parts.push('accelerated networking yes');
  else {
    parts.push('accelerated networking NO');
    failures.push('choose a size with accelerated networking (every catalog size should have it: report the mismatch)');
  }

  const perDisk = Number(caps.NvmeSizePerDiskInMiB ?? '0');
  const total = Number(caps.NvmeDiskSizeInMiB ?? '0');
  const expectedPerDisk = Math.floor(spec.nvmeDiskSizeTB * MIB_PER_TB);
  const catalog = `catalog ${spec.nvmeDiskCount} × ${spec.nvmeDiskSizeTB} TB`;
  if (!(perDisk > 0) || !(total > 0)) {
    parts.push(`NVMe NONE (${catalog})`);
    failures.push('choose a size with local NVMe disks; VAST needs them');
  } else {
    const count = Math.round(total / perDisk);
    const tb = Math.round((perDisk / MIB_PER_TB) * 100) / 100;
    const sizeMatches = Math.abs(perDisk - expectedPerDisk) / expectedPerDisk <= 0.01;
    if (count === spec.nvmeDiskCount && sizeMatches) parts.push(`NVMe ${count} × ${tb} TB (matches catalog)`);
    else {
      parts.push(`NVMe ${count} × ${tb} TB (${catalog}: MISMATCH)`);
      failures.push(
        `Azure reports ${count} × ${perDisk} MiB NVMe for ${size} but the catalog says ${spec.nvmeDiskCount} × ${expectedPerDisk} MiB: update constructs/compute/l-series-catalog.ts before planning capacity`,
      );
    }
  }

  const gens = (caps.HyperVGenerations ?? '').split(',').map((g) => g.trim().toUpperCase());
  if (gens.includes('V2')) parts.push('Gen2 yes');
  else {
    parts.push(`Gen2 NO (${caps.HyperVGenerations || 'none listed'})`);
    failures.push('choose a size that supports Gen2 images (the image is Gen2)');
  }

  if (profile.nodes.encryptionAtHost) {
    if (isTrue('EncryptionAtHostSupported')) parts.push('encryption at host supported');
    else {
      parts.push('encryption at host NOT supported');
      failures.push('set nodes.encryptionAtHost to false or choose a size that supports it');
    }
  } else parts.push('encryption at host not wanted');

  const maxNics = Number(caps.MaxNetworkInterfaces ?? '0');
  if (maxNics >= NICS_PER_NODE) parts.push(`NICs max ${maxNics} ≥ ${NICS_PER_NODE} needed`);
  else {
    parts.push(`NICs max ${caps.MaxNetworkInterfaces ?? 'unknown'} < ${NICS_PER_NODE} needed`);
    failures.push(`choose a size that takes at least ${NICS_PER_NODE} network interfaces`);
  }

  if (profile.capacityReservation.enabled) {
    if (isTrue('CapacityReservationSupported')) parts.push('capacity reservation supported');
    else {
      parts.push('capacity reservation NOT supported');
      failures.push('set capacityReservation.enabled to false or choose a size that supports capacity reservations');
    }
  } else parts.push('capacity reservation not asked for');

  const vcpus = Number(caps.vCPUs ?? 'NaN');
  if (Number.isFinite(vcpus) && vcpus !== spec.vcpus) {
    parts.push(`vCPUs ${vcpus} (catalog ${spec.vcpus})`);
    warnings.push(
      `Azure reports ${vcpus} vCPUs for ${size}, the catalog ${spec.vcpus}: quota uses Azure's figure; update the catalog`,
    );
  }

  const message = `${size}: ${parts.join('; ')}`;
  if (failures.length > 0) return notPass('sku-capabilities', 'fail', message, failures.join('; '));
  if (warnings.length > 0) return notPass('sku-capabilities', 'warn', message, warnings.join('; '));
  return pass('sku-capabilities', message);
}

/** Family quota: free vCPUs in the size's family cover nodes × vCPUs. */
export function checkQuotaFamily(
  profile: Profile,
  spec: LSeriesSpec,
  sku: SkuFact | undefined,
  usages: readonly UsageFact[],
): CheckResult {
  const family = sku?.family ?? spec.quotaFamily;
  return quota('quota-family', family, family, profile, spec, sku, usages);
}

/** Regional quota: free Total Regional vCPUs (`cores`) cover nodes × vCPUs. */
export function checkQuotaRegional(
  profile: Profile,
  spec: LSeriesSpec,
  sku: SkuFact | undefined,
  usages: readonly UsageFact[],
): CheckResult {
  return quota('quota-regional', REGIONAL_CORES, 'Total Regional vCPUs', profile, spec, sku, usages);
}

function quota(
  id: CheckId,
  row: string,
  label: string,
  profile: Profile,
  spec: LSeriesSpec,
  sku: SkuFact | undefined,
  usages: readonly UsageFact[],
): CheckResult {
  const live = Number(sku?.capabilities.vCPUs ?? 'NaN');
  const vcpus = Number.isFinite(live) && live > 0 ? live : spec.vcpus;
  const count = profile.nodes.count;
  const needed = count * vcpus;
  const loc = profile.location;
  const usage = usages.find((u) => u.name.toLowerCase() === row.toLowerCase());
  const increase = (target: number, name: string): string =>
    `request a quota increase for ${name} in ${loc} to at least ${target} vCPUs (Azure portal: Quotas → Compute, or a support request), or lower nodes.count / choose a smaller size; check with \`az vm list-usage --location ${loc} -o table\``;
  if (!usage) {
    return notPass(
      id,
      'fail',
      `no quota row "${row}" in ${loc}: the subscription has no ${label} quota there (needed ${needed} = ${count} × ${vcpus} vCPUs)`,
      increase(needed, label),
    );
  }
  const name =
    usage.localizedName && usage.localizedName !== usage.name ? `${usage.localizedName} (${usage.name})` : usage.name;
  const free = usage.limit - usage.current;
  const numbers = `current ${usage.current}, limit ${usage.limit}, needed ${needed} (${count} × ${vcpus} vCPUs), free ${free}`;
  if (free >= needed) return pass(id, `${name} in ${loc}: ${numbers}`);
  return notPass(
    id,
    'fail',
    `${name} in ${loc}: ${numbers}, shortfall ${needed - free}`,
    increase(usage.current + needed, name),
  );
}

/** Storage name: the offload account name is valid and free. */
export function checkStorageName(profile: Profile, facts: AzureFacts): CheckResult {
  const n = facts.storageName;
  const name = profile.offload.accountName;
  if (n.available) return pass('storage-name', `${name} is a valid storage account name and is available`);
  const remedyName = 'set offload.namePrefix (or offload.accountName) to something else: account names are global';
  if (n.reason === 'AccountNameInvalid') {
    return notPass(
      'storage-name',
      'fail',
      `${name} is not a valid storage account name (${n.reason}${n.message ? `: ${n.message}` : ''})`,
      `${remedyName}, 3–24 lowercase letters and digits`,
    );
  }
  return notPass(
    'storage-name',
    'fail',
    `${name} is not available (${n.reason ?? 'no reason given'}${n.message ? `: ${n.message}` : ''})`,
    `${remedyName}; if the account is this POC's own from an earlier deployment, this result is expected`,
  );
}

/**
 * Encryption at host feature: when the profile turns encryption at host on, the subscription has the
 * `Microsoft.Compute/EncryptionAtHost` feature registered. `NotRegistered`, `Unregistered` and `Unregistering` fail;
 * `Registering` / `Pending` warn (registration is under way); a 404 with an ARM error (the cloud does not know the
 * feature) warns, as preflight cannot tell; a state outside that set fails (only `Registered` deploys). An answer
 * without a state never reaches this check: it is an outside failure (exit 3). Passes as not needed when the profile turns it off.
 */
export function checkFeatureEncryptionAtHost(profile: Profile, facts: AzureFacts): CheckResult {
  const id = 'feature-encryption-at-host';
  const { namespace, name } = ENCRYPTION_AT_HOST_FEATURE;
  const full = `${namespace}/${name}`;
  if (!profile.nodes.encryptionAtHost) {
    return pass(id, `not needed: nodes.encryptionAtHost is false, so ${full} was not asked about`);
  }
  const show = `\`az feature show --namespace ${namespace} --name ${name} --query properties.state\``;
  const register = `\`az feature register --namespace ${namespace} --name ${name}\``;
  const propagate = `\`az provider register --namespace ${namespace}\``;
  const fact = facts.features.find(
    (f) => f.namespace.toLowerCase() === namespace.toLowerCase() && f.name.toLowerCase() === name.toLowerCase(),
  );
  if (!fact) {
    return notPass(id, 'warn', `not checked: ${full} was not read from Azure`, `check it by hand: ${show}`);
  }
  const state = fact.state;
  if (state === 'Registered') {
    return pass(id, `${full} is Registered for this subscription (nodes.encryptionAtHost is true)`);
  }
  if (state === 'Registering' || state === 'Pending') {
    return notPass(
      id,
      'warn',
      `${full} is ${state} for this subscription: registration is under way (nodes.encryptionAtHost is true)`,
      `wait until ${show} says Registered (it can take a while), then run ${propagate} so the registration reaches the provider, before deploying`,
    );
  }
  if (state === 'NotFound') {
    return notPass(
      id,
      'warn',
      `Azure does not know the feature ${full} in this subscription's cloud (404${fact.notFoundCode ? `, ${fact.notFoundCode}` : ''}): preflight cannot tell whether encryption at host will deploy`,
      `check with ${show} and the cloud's documentation for encryption at host; if it is not offered there, set nodes.encryptionAtHost to false`,
    );
  }
  const remedy = `register it (needs Contributor on the subscription): ${register}, wait until ${show} says Registered, then ${propagate}; or set nodes.encryptionAtHost to false`;
  if (state === 'NotRegistered' || state === 'Unregistered' || state === 'Unregistering') {
    return notPass(
      id,
      'fail',
      `${full} is ${state} for this subscription, and nodes.encryptionAtHost is true: the node pool would fail to deploy`,
      remedy,
    );
  }
  // Only Registered deploys: a state outside Azure's documented set is not read as good news.
  return notPass(
    id,
    'fail',
    `${full} is in a state preflight does not know (${state}); the node pool deploys only once it is Registered`,
    `check with ${show}; if it is not Registered: ${remedy}`,
  );
}

/**
 * Existing network: when the profile deploys into `network.existing`, the virtual network and both subnets exist, the
 * VNet is in the profile's location, and the node subnet and the private endpoint subnet differ (all fail
 * otherwise). The stack creates nothing network-side there, so it warns when the node subnet has no explicit
 * outbound (neither a NAT gateway nor a route table: Flexible scale sets get no default outbound access), when it has
 * a route table (preflight does not read its routes, so it cannot tell where 0.0.0.0/0 goes), and when it has no
 * network security group. Passes as not used, without asking Azure, when the stack creates its own network.
 */
export function checkNetworkExisting(profile: Profile, facts: AzureFacts): CheckResult {
  const id = 'network-existing';
  const existing = profile.network.existing;
  if (!existing) return pass(id, 'not used: the stack creates its own network');
  const n = facts.network;
  if (!n) {
    return notPass(
      id,
      'warn',
      'not checked: the existing network was not read from Azure',
      `check it by hand: \`az network vnet show --ids ${existing.virtualNetworkId}\``,
    );
  }
  const failures: string[] = [];
  const fixes: string[] = [];
  const { virtualNetwork: vnet, nodeSubnet: node, privateEndpointSubnet: pe } = n;
  const vnetName = lastSegment(existing.virtualNetworkId);
  const vnetRg = resourceGroupOf(existing.virtualNetworkId);
  const listSubnets = `\`az network vnet subnet list --resource-group ${vnetRg} --vnet-name ${vnetName} -o table\``;

  if (!vnet.found) {
    failures.push(`virtual network ${vnetName} was not found (${notFound(vnet)}): ${existing.virtualNetworkId}`);
    fixes.push(
      `fix network.existing.virtualNetworkId (subscription, resource group and name; the identity needs Reader on the network's resource group), or remove network.existing to let the stack create its own network`,
    );
  } else {
    const subnetMissing = (role: string, field: string, s: SubnetFact | NotFoundFact): void => {
      if (s.found) return;
      failures.push(`${role} ${lastSegment(s.id)} was not found in ${vnet.name} (${notFound(s)})`);
      fixes.push(
        `fix network.existing.${field} or create the subnet; ${listSubnets} lists the subnets of ${vnet.name}`,
      );
    };
    subnetMissing('node subnet', 'nodeSubnetId', node);
    subnetMissing('private endpoint subnet', 'privateEndpointSubnetId', pe);
    if (vnet.location.toLowerCase() !== profile.location.toLowerCase()) {
      failures.push(
        `virtual network ${vnet.name} is in ${vnet.location || 'an unknown location'}, the profile's location is ${profile.location}: the nodes must be in the network's region`,
      );
      fixes.push(
        `set location to ${vnet.location} (then run preflight again: zones, sizes and quotas change with it), or name a virtual network in ${profile.location}`,
      );
    }
  }
  if (existing.nodeSubnetId.toLowerCase() === existing.privateEndpointSubnetId.toLowerCase()) {
    failures.push(
      `network.existing.nodeSubnetId and privateEndpointSubnetId are the same subnet (${lastSegment(existing.nodeSubnetId)})`,
    );
    fixes.push(
      `give the private endpoints a subnet of their own in ${vnetName} (a /27 is enough) and set network.existing.privateEndpointSubnetId to it`,
    );
  }
  // A resource that was not found has already added a failure; the other conditions narrow the types.
  if (failures.length > 0 || !vnet.found || !node.found || !pe.found) {
    return notPass(id, 'fail', failures.join('; '), fixes.join('; '));
  }
  const prefixes = (xs: readonly string[]): string => (xs.length > 0 ? xs.join(', ') : 'no address prefix');
  const summary = `virtual network ${vnet.name} in ${vnet.location} (${prefixes(vnet.addressPrefixes)}); node subnet ${node.name} (${prefixes(node.addressPrefixes)}); private endpoint subnet ${pe.name} (${prefixes(pe.addressPrefixes)})`;
  const update = `\`az network vnet subnet update --ids ${node.id}`;
  const findings: string[] = [];
  const remedies: string[] = [];
  if (!node.natGatewayId && !node.routeTableId) {
    findings.push(
      `node subnet ${node.name} has no explicit outbound (no NAT gateway, no route table): the nodes (a Flexible scale set) get no default outbound access, so they could not reach the internet`,
    );
    remedies.push(
      `attach a NAT gateway to ${node.name}, or a route table that sends 0.0.0.0/0 to your firewall or NVA: ${update} --nat-gateway <NAT gateway id>\` (or \`--route-table <route table id>\`)`,
    );
  } else if (node.routeTableId) {
    const rt = lastSegment(node.routeTableId);
    const routes = `\`az network route-table route list --resource-group ${resourceGroupOf(node.routeTableId)} --route-table-name ${rt} -o table\``;
    findings.push(
      node.natGatewayId
        ? `node subnet ${node.name} has NAT gateway ${lastSegment(node.natGatewayId)} and route table ${rt}: preflight does not read the routes, and a 0.0.0.0/0 route to a firewall, an NVA or None takes precedence over the NAT gateway`
        : `node subnet ${node.name} has route table ${rt} and no NAT gateway: outbound depends on its 0.0.0.0/0 route, which preflight does not read`,
    );
    remedies.push(
      `check with ${routes} where 0.0.0.0/0 goes: to a firewall or NVA that lets the nodes out, or (with a NAT gateway) nowhere else`,
    );
  }
  if (!node.networkSecurityGroupId) {
    findings.push(
      `node subnet ${node.name} has no network security group: inbound traffic to the nodes is not filtered at this subnet, and the toolkit manages no NSG in an existing network`,
    );
    remedies.push(
      `associate an NSG with ${node.name} that allows SSH from the admin networks, the VAST protocols from the clients and traffic within the subnet (${update} --network-security-group <NSG id>\`)`,
    );
  }
  if (findings.length > 0) return notPass(id, 'warn', `${summary}; ${findings.join('; ')}`, remedies.join('; '));
  const outbound = `NAT gateway ${lastSegment(node.natGatewayId ?? '')}`;
  const nsg = `NSG ${lastSegment(node.networkSecurityGroupId ?? '')}`;
  return pass(id, `${summary}; node subnet outbound through ${outbound}, inbound filtered by ${nsg}`);
}

/**
 * `network-peering`: every network named in `access.peerings` exists, and no address space overlaps the cluster's
 * (`network.addressSpace`) or another peered network's: Azure refuses to peer networks whose address spaces
 * overlap. Passes as "not used", without asking Azure, when the profile peers with nothing.
 */
export function checkNetworkPeering(profile: Profile, facts: AzureFacts): CheckResult {
  const id = 'network-peering';
  const ids = peeredNetworkIds(profile);
  if (ids.length === 0) return pass(id, 'not used: the profile peers with no network');
  const read = facts.peeredNetworks;
  if (!read || read.length !== ids.length) {
    return notPass(
      id,
      'warn',
      'not checked: the peered networks were not read from Azure',
      `check each by hand: ${ids.map((v) => `\`az network vnet show --ids ${v} --query addressSpace\``).join(', ')}`,
    );
  }
  const failures: string[] = [];
  const fixes: string[] = [];
  const own = parseCidr(profile.network.addressSpace);
  const seen: { name: string; cidr: Cidr }[] =
    own && !('error' in own) ? [{ name: 'the cluster network', cidr: own }] : [];
  read.forEach((n, i) => {
    const field = `access.peerings[${i}].remoteVirtualNetworkId`;
    if (!n.found) {
      failures.push(`peered network ${lastSegment(n.id)} was not found (${notFound(n)}): ${n.id}`);
      fixes.push(`fix ${field} (the identity needs Reader on the network's resource group), or remove the peering`);
      return;
    }
    for (const prefix of n.addressPrefixes) {
      const c = parseCidr(prefix);
      if ('error' in c) continue;
      const clash = seen.find((s) => overlaps(s.cidr, c));
      if (clash) {
        failures.push(
          `peered network ${n.name} (${prefix}) overlaps ${clash.name} (${clash.cidr.text}): Azure refuses to peer overlapping address spaces`,
        );
        fixes.push(
          clash.name === 'the cluster network'
            ? `choose a network.addressSpace (and subnets) that does not overlap ${prefix}`
            : `peer with only one of ${clash.name} and ${n.name}, or renumber one of them`,
        );
      }
      seen.push({ name: `peered network ${n.name}`, cidr: c });
    }
  });
  if (failures.length > 0) return notPass(id, 'fail', failures.join('; '), fixes.join('; '));
  const found = read.filter((n): n is VirtualNetworkFact => n.found);
  return pass(
    id,
    found.map((n) => `${n.name} (${n.addressPrefixes.join(', ') || 'no address prefix'})`).join('; ') +
      ` exist and do not overlap ${profile.network.addressSpace}`,
  );
}

function notFound(f: NotFoundFact): string {
  return f.code ? `404, ${f.code}` : '404';
}

/** The resource group named in a resource id. */
function resourceGroupOf(id: string): string {
  return /\/resourceGroups\/([^/]+)/i.exec(id)?.[1] ?? '<resource group>';
}

/** Orders catalog sizes by how close they are to `size`: vCPU count first, then same generation, then catalog order. */
function closestFirst(size: string, sizes: readonly string[]): string[] {
  const ref = lSeriesSpec(size);
  const key = (s: string): [number, number, number] => {
    const spec = lSeriesSpec(s);
    return [Math.abs(spec.vcpus - ref.vcpus), spec.generation === ref.generation ? 0 : 1, L_SERIES_SIZES.indexOf(s)];
  };
  return [...sizes].sort((a, b) => {
    const [ka, kb] = [key(a), key(b)];
    return ka[0] - kb[0] || ka[1] - kb[1] || ka[2] - kb[2];
  });
}

function findSku(facts: AzureFacts, size: string): SkuFact | undefined {
  return facts.skus.find((s) => s.name.toLowerCase() === size.toLowerCase());
}

function covers(r: { readonly locations: readonly string[] }, location: string): boolean {
  return r.locations.length === 0 || r.locations.includes(location.toLowerCase());
}

function locationRestriction(sku: SkuFact, location: string): SkuFact['restrictions'][number] | undefined {
  return sku.restrictions.find((r) => r.type === 'Location' && covers(r, location));
}

/** The zones a size can be used in: offered zones minus zones under a `Zone` restriction; none under `Location`. */
export function usableZones(sku: SkuFact, location: string): string[] {
  if (locationRestriction(sku, location)) return [];
  const blocked = new Set(
    sku.restrictions.filter((r) => r.type === 'Zone' && covers(r, location)).flatMap((r) => r.zones),
  );
  return sku.zones.filter((z) => !blocked.has(z));
}

/**
 * Fault-domain count: the platform fault-domain count the scale set asks for is at most the region's
 * `MaximumPlatformFaultDomainCount` (the availabilitySets entry of the SKU listing already fetched). Zonal placement
 * uses 1, which every region accepts. In `fault-domains` placement a count above the maximum fails with the maximum
 * and the remedy; a listing without the capability is a warning, since then only the offline table vouches.
 */
export function checkFaultDomainCount(profile: Profile, facts: AzureFacts): CheckResult {
  const wanted = profile.placement.faultDomainCount;
  const max = facts.maxPlatformFaultDomainCount;
  const loc = profile.location;
  const offline = regionMaxFaultDomains(loc);
  const table =
    offline === undefined
      ? 'the offline table has no value for this region'
      : offline === max
        ? `the offline table agrees (${offline})`
        : `the offline table says ${offline}: update constructs/compute/fault-domains.ts`;
  if (profile.placement.mode === 'zonal') {
    return pass(
      'fault-domain-count',
      `zonal placement uses platform fault domain count 1 (max spreading); ${loc} allows ${max === undefined ? 'an unreported number of' : `up to ${max}`} fault domains for regional sets`,
    );
  }
  if (max === undefined) {
    return notPass(
      'fault-domain-count',
      'warn',
      `the SKU listing of ${loc} has no availabilitySets ${MAX_FAULT_DOMAINS_CAPABILITY}: cannot confirm that ${wanted} fault domains are allowed (${table})`,
      'run `az vm list-skus --location <region> --resource-type availabilitySets` and check MaximumPlatformFaultDomainCount before deploying',
    );
  }
  if (wanted > max) {
    const remedy =
      max >= MIN_VISIBLE_FAULT_DOMAINS
        ? `set placement.faultDomainCount to ${max} (or leave it out to use the region's maximum), with nodes.count a multiple of ${max}`
        : `use placement.mode "zonal" or a region that allows at least ${MIN_VISIBLE_FAULT_DOMAINS} fault domains`;
    return notPass(
      'fault-domain-count',
      'fail',
      `the profile asks for ${wanted} platform fault domains but ${loc} allows at most ${max} (${MAX_FAULT_DOMAINS_CAPABILITY}; ${table})`,
      remedy,
    );
  }
  return pass(
    'fault-domain-count',
    `${wanted} platform fault domains requested; ${loc} allows up to ${max} (${MAX_FAULT_DOMAINS_CAPABILITY}; ${table})`,
  );
}
