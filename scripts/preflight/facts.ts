/**
 * Asks Azure everything the checks need, all at once: the registration state of each provider namespace, the
 * subscription's locations (with zone mappings), one SKU listing for the region (filtered by location, however many
 * sizes are checked), the region's compute usages, whether the offload account name is free, the registration
 * state of the subscription features the profile depends on (only those it asks for), and, when the profile deploys
 * into an existing network, that virtual network and its two subnets.
 *
 * The answers are reduced to plain {@link AzureFacts} so the checks are pure functions of the profile and the facts.
 */
import { setMaxListeners } from 'node:events';
import { isRestError, type ResourceSku } from '@azure/arm-compute';
import { ArmCallError, type ArmClients } from './arm';

/** A provider namespace and its registration state as Azure reports it (`NotFound` when Azure does not know it). */
export interface ProviderFact {
  readonly namespace: string;
  readonly registrationState: string;
}

/** A subscription feature (Azure Feature Exposure Control), e.g. `Microsoft.Compute/EncryptionAtHost`. */
export interface FeatureRef {
  /** The resource provider namespace the feature belongs to. */
  readonly namespace: string;
  /** The feature's name within the namespace. */
  readonly name: string;
}

/**
 * A feature and its registration state as Azure reports it (`properties.state`: `Registered`, `NotRegistered`,
 * `Registering`, `Pending`, `Unregistering`, `Unregistered`), or `NotFound` when Azure answered 404 (the feature
 * does not exist in that cloud).
 */
export interface FeatureFact extends FeatureRef {
  readonly state: string;
  /** The ARM error code of a 404, when Azure sent one. */
  readonly notFoundCode?: string;
}

/** The API version of `Microsoft.Features` used to read a feature (`Features_Get`). */
export const FEATURES_API_VERSION = '2021-07-01';

/** A location the subscription can use. */
export interface LocationFact {
  readonly name: string;
  readonly displayName: string;
  /** Logical → physical zone pairs for this subscription; empty in a region without zones. */
  readonly zoneMappings: readonly { readonly logicalZone: string; readonly physicalZone: string }[];
}

/** A SKU restriction, reduced to what the checks read. */
export interface RestrictionFact {
  readonly type: string;
  /** Lower-case locations the restriction covers. */
  readonly locations: readonly string[];
  /** Zones a `Zone` restriction covers. */
  readonly zones: readonly string[];
  readonly reasonCode: string;
}

/** A VM size as the region's SKU list describes it. */
export interface SkuFact {
  readonly name: string;
  readonly family?: string;
  /** Zones the size is offered in within the region (`locationInfo.zones`), before restrictions. */
  readonly zones: readonly string[];
  readonly restrictions: readonly RestrictionFact[];
  /** Capability name → value, as Azure spells them. */
  readonly capabilities: Readonly<Record<string, string>>;
}

/** A usage (quota) row. */
export interface UsageFact {
  /** The row's id, e.g. `cores` or `standardLsv4Family`. */
  readonly name: string;
  readonly localizedName: string;
  readonly current: number;
  readonly limit: number;
}

/** The answer of `checkNameAvailability`. */
export interface NameFact {
  readonly name: string;
  readonly available: boolean;
  readonly reason?: string;
  readonly message?: string;
}

/** The API version of `Microsoft.Network` used to read a virtual network and its subnets by id. */
export const NETWORK_API_VERSION = '2024-05-01';

/** The resource ids of an existing network to deploy into (`network.existing` of the profile). */
export interface ExistingNetworkRef {
  readonly virtualNetworkId: string;
  readonly nodeSubnetId: string;
  readonly privateEndpointSubnetId: string;
}

/** A network resource Azure answered 404 for. */
export interface NotFoundFact {
  readonly found: false;
  /** The id asked about. */
  readonly id: string;
  /** The ARM error code (`ResourceNotFound`, `NotFound`, `ResourceGroupNotFound`, ...), when Azure sent one. */
  readonly code?: string;
}

/** A virtual network, reduced to what the checks read. */
export interface VirtualNetworkFact {
  readonly found: true;
  readonly id: string;
  readonly name: string;
  readonly location: string;
  /** `properties.addressSpace.addressPrefixes`. */
  readonly addressPrefixes: readonly string[];
}

/** A subnet, reduced to what the checks read. Absent ids mean the subnet has no such association. */
export interface SubnetFact {
  readonly found: true;
  readonly id: string;
  readonly name: string;
  /** `properties.addressPrefixes`, else `[properties.addressPrefix]`. */
  readonly addressPrefixes: readonly string[];
  readonly natGatewayId?: string;
  readonly routeTableId?: string;
  readonly networkSecurityGroupId?: string;
}

/** What Azure said about an existing network. */
export interface ExistingNetworkFacts {
  readonly virtualNetwork: VirtualNetworkFact | NotFoundFact;
  readonly nodeSubnet: SubnetFact | NotFoundFact;
  readonly privateEndpointSubnet: SubnetFact | NotFoundFact;
}

/** Everything preflight learned from Azure. */
export interface AzureFacts {
  readonly providers: readonly ProviderFact[];
  readonly locations: readonly LocationFact[];
  /** Virtual machine SKUs of the region only. */
  readonly skus: readonly SkuFact[];
  readonly usages: readonly UsageFact[];
  readonly storageName: NameFact;
  /** The features asked about, in the order asked; empty when none was needed. */
  readonly features: readonly FeatureFact[];
  /** The existing network, when the profile names one (then three reads are made); absent otherwise. */
  readonly network?: ExistingNetworkFacts;
  /** The networks the profile peers with (`access.peerings`), one read each, in profile order; absent when none. */
  readonly peeredNetworks?: readonly (VirtualNetworkFact | NotFoundFact)[];
}

/** What to ask about. */
export interface FactsRequest {
  /** The subscription (the clients carry it too; the locations call takes it per call). */
  readonly subscriptionId: string;
  readonly location: string;
  readonly namespaces: readonly string[];
  readonly storageAccountName: string;
  /** Subscription features to read; empty when the profile needs none (then no call is made). */
  readonly features: readonly FeatureRef[];
  /** An existing network to read (the VNet and both subnets); absent when the stack creates its own. */
  readonly network?: ExistingNetworkRef;
  /** Virtual networks the cluster peers with, by id; absent or empty when none (then no call is made). */
  readonly peeredNetworkIds?: readonly string[];
}

/** Progress callbacks, one per ARM call (a paged listing counts as one call). */
export interface FactsHooks {
  /** Called when a call starts. */
  readonly onStart?: (label: string) => void;
  /** Called when a call has finished, successfully or not. */
  readonly onSettle?: (label: string) => void;
  /** Cancels the calls still in flight. */
  readonly signal?: AbortSignal;
}

/** The number of ARM calls {@link gatherFacts} makes for a request (before paging and retries). */
export function callCount(request: FactsRequest): number {
  return (
    request.namespaces.length +
    request.features.length +
    4 +
    (request.network ? 3 : 0) +
    (request.peeredNetworkIds?.length ?? 0)
  );
}

/**
 * Makes every call concurrently and resolves with the facts. The first call that fails for good rejects the whole,
 * and the others are cancelled.
 */
export async function gatherFacts(
  clients: ArmClients,
  request: FactsRequest,
  hooks: FactsHooks = {},
): Promise<AzureFacts> {
  const cancel = new AbortController();
  // Every call in flight listens on this signal; with an existing network there are more than Node's default ten.
  setMaxListeners(Math.max(10, 2 * callCount(request)), cancel.signal);
  const outer = hooks.signal;
  const onOuterAbort = (): void => cancel.abort();
  outer?.addEventListener('abort', onOuterAbort);
  const signal = cancel.signal;
  const track = async <T>(label: string, work: () => Promise<T>): Promise<T> => {
    hooks.onStart?.(label);
    try {
      return await work();
    } finally {
      hooks.onSettle?.(label);
    }
  };
  const subscriptionId = request.subscriptionId;
  const location = request.location;
  try {
    const network = request.network;
    const read = (label: string, id: string): Promise<NetworkResource> =>
      track(label, () => readNetworkResource(clients, subscriptionId, id, signal));
    const peered = request.peeredNetworkIds ?? [];
    const [providers, locations, skus, usages, storageName, features, networkResources, peeredResources] =
      await Promise.all([
        Promise.all(
          request.namespaces.map((ns) =>
            track(`provider ${ns}`, async () => {
              try {
                const p = await clients.resources.providers.get(ns, { abortSignal: signal });
                return { namespace: p.namespace ?? ns, registrationState: p.registrationState ?? 'Unknown' };
              } catch (e) {
                if (isRestError(e) && e.statusCode === 404) return { namespace: ns, registrationState: 'NotFound' };
                throw e;
              }
            }),
          ),
        ),
        track('locations', async () => {
          const out: LocationFact[] = [];
          for await (const l of clients.subscriptions.subscriptions.listLocations(subscriptionId, {
            abortSignal: signal,
          })) {
            out.push({
              name: l.name ?? '',
              displayName: l.displayName ?? l.name ?? '',
              zoneMappings: (l.availabilityZoneMappings ?? []).map((m) => ({
                logicalZone: m.logicalZone ?? '',
                physicalZone: m.physicalZone ?? '',
              })),
            });
          }
          return out;
        }),
        track(`SKU list ${location}`, async () => {
          const out: SkuFact[] = [];
          for await (const s of clients.compute.resourceSkus.list({
            filter: `location eq '${location}'`,
            abortSignal: signal,
          })) {
            const fact = skuFact(s, location);
            if (fact) out.push(fact);
          }
          return out;
        }),
        track(`usages ${location}`, async () => {
          const out: UsageFact[] = [];
          for await (const u of clients.compute.usage.list(location, { abortSignal: signal })) {
            out.push({
              name: u.name.value ?? '',
              localizedName: u.name.localizedValue ?? u.name.value ?? '',
              current: u.currentValue,
              limit: u.limit,
            });
          }
          return out;
        }),
        track('storage name', async () => {
          const r = await clients.storage.storageAccounts.checkNameAvailability(
            { name: request.storageAccountName, type: 'Microsoft.Storage/storageAccounts' },
            { abortSignal: signal },
          );
          return {
            name: request.storageAccountName,
            available: r.nameAvailable === true,
            ...(r.reason ? { reason: r.reason } : {}),
            ...(r.message ? { message: r.message } : {}),
          };
        }),
        Promise.all(
          request.features.map((f) =>
            track(`feature ${f.namespace}/${f.name}`, () => readFeature(clients, subscriptionId, f, signal)),
          ),
        ),
        network
          ? Promise.all([
              read('virtual network', network.virtualNetworkId),
              read('node subnet', network.nodeSubnetId),
              read('private endpoint subnet', network.privateEndpointSubnetId),
            ])
          : undefined,
        Promise.all(peered.map((id) => read(`peered network ${lastSegment(id)}`, id))),
      ]);
    return {
      providers,
      locations,
      skus,
      usages,
      storageName,
      features,
      ...(networkResources
        ? {
            network: {
              virtualNetwork: virtualNetworkFact(networkResources[0]),
              nodeSubnet: subnetFact(networkResources[1]),
              privateEndpointSubnet: subnetFact(networkResources[2]),
            },
          }
        : {}),
      ...(peered.length > 0 ? { peeredNetworks: peeredResources.map(virtualNetworkFact) } : {}),
    };
  } catch (e) {
    cancel.abort();
    throw e;
  } finally {
    outer?.removeEventListener('abort', onOuterAbort);
  }
}

/**
 * Reads one feature's registration state: `GET /subscriptions/{id}/providers/Microsoft.Features/providers/{namespace}
 * /features/{name}?api-version=2021-07-01` (`Features_Get`). There is no Features client among the SDKs preflight
 * uses, so the generic by-id read of @azure/arm-resources makes the call: it goes through the same pipeline (the
 * preflight retry and timeout policy, the credential, the endpoint) as every other call, and the answer's
 * `properties` bag carries `state`.
 */
async function readFeature(
  clients: ArmClients,
  subscriptionId: string,
  feature: FeatureRef,
  signal: AbortSignal,
): Promise<FeatureFact> {
  // Without the leading slash: the SDK's path template is `/{resourceId}` and would otherwise send `//subscriptions`.
  const id = `subscriptions/${subscriptionId}/providers/Microsoft.Features/providers/${feature.namespace}/features/${feature.name}`;
  try {
    const r = await clients.resources.resources.getById(id, FEATURES_API_VERSION, { abortSignal: signal });
    const state: unknown = (r.properties as { state?: unknown } | undefined)?.state;
    return { ...feature, state: typeof state === 'string' && state !== '' ? state : 'Unknown' };
  } catch (e) {
    if (isRestError(e) && e.statusCode === 404) {
      return { ...feature, state: 'NotFound', ...(e.code ? { notFoundCode: e.code } : {}) };
    }
    throw e;
  }
}

/** A network resource as read: its JSON, or the 404. */
type NetworkResource = { readonly found: true; readonly id: string; readonly body: GenericResource } | NotFoundFact;

type GenericResource = Awaited<ReturnType<ArmClients['resources']['resources']['getById']>>;

/**
 * Reads a virtual network or subnet by its resource id (`VirtualNetworks_Get`, `Subnets_Get`, api-version
 * {@link NETWORK_API_VERSION}) through the generic by-id read of @azure/arm-resources, so the call shares the
 * preflight pipeline like every other. A 404 is an answer (the resource is not there), not a failure; so is a
 * `SubscriptionNotFound` for a network in another subscription than the one preflight runs in (a hub network).
 */
async function readNetworkResource(
  clients: ArmClients,
  subscriptionId: string,
  id: string,
  signal: AbortSignal,
): Promise<NetworkResource> {
  // Without the leading slash: the SDK's path template is `/{resourceId}` and would otherwise send `//subscriptions`.
  const path = id.replace(/^\/+/, '');
  try {
    const body = await clients.resources.resources.getById(path, NETWORK_API_VERSION, { abortSignal: signal });
    return { found: true, id, body };
  } catch (e) {
    if (isRestError(e) && e.statusCode === 404) return { found: false, id, ...(e.code ? { code: e.code } : {}) };
    const elsewhere = subscriptionOf(id) !== subscriptionId.toLowerCase();
    if (e instanceof ArmCallError && e.kind === 'not-found' && elsewhere) {
      return { found: false, id, ...(e.code ? { code: e.code } : {}) };
    }
    throw e;
  }
}

function subscriptionOf(id: string): string {
  return (/^\/?subscriptions\/([^/]+)/i.exec(id)?.[1] ?? '').toLowerCase();
}

function virtualNetworkFact(r: NetworkResource): VirtualNetworkFact | NotFoundFact {
  if (!r.found) return r;
  const props = (r.body.properties ?? {}) as { addressSpace?: { addressPrefixes?: unknown } };
  return {
    found: true,
    id: r.body.id ?? r.id,
    name: r.body.name ?? lastSegment(r.id),
    location: r.body.location ?? '',
    addressPrefixes: strings(props.addressSpace?.addressPrefixes),
  };
}

function subnetFact(r: NetworkResource): SubnetFact | NotFoundFact {
  if (!r.found) return r;
  const props = (r.body.properties ?? {}) as {
    addressPrefix?: unknown;
    addressPrefixes?: unknown;
    natGateway?: { id?: unknown } | null;
    routeTable?: { id?: unknown } | null;
    networkSecurityGroup?: { id?: unknown } | null;
  };
  const prefixes = strings(props.addressPrefixes);
  const idOf = (ref: { id?: unknown } | null | undefined): string | undefined =>
    typeof ref?.id === 'string' && ref.id !== '' ? ref.id : undefined;
  const natGatewayId = idOf(props.natGateway);
  const routeTableId = idOf(props.routeTable);
  const networkSecurityGroupId = idOf(props.networkSecurityGroup);
  return {
    found: true,
    id: r.body.id ?? r.id,
    name: r.body.name ?? lastSegment(r.id),
    addressPrefixes:
      prefixes.length > 0 ? prefixes : typeof props.addressPrefix === 'string' ? [props.addressPrefix] : [],
    ...(natGatewayId ? { natGatewayId } : {}),
    ...(routeTableId ? { routeTableId } : {}),
    ...(networkSecurityGroupId ? { networkSecurityGroupId } : {}),
  };
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** The last segment of a resource id: the resource's name. */
export function lastSegment(id: string): string {
  return id.replace(/\/+$/, '').split('/').pop() ?? id;
}

/** Reduces a SKU entry to a {@link SkuFact} for `location`, or undefined when it is not a VM size offered there. */
export function skuFact(s: ResourceSku, location: string): SkuFact | undefined {
  const loc = location.toLowerCase();
  if (s.resourceType !== 'virtualMachines' || !s.name) return undefined;
  if (!(s.locations ?? []).some((l) => l.toLowerCase() === loc)) return undefined;
  const info = (s.locationInfo ?? []).find((i) => (i.location ?? '').toLowerCase() === loc);
  return {
    name: s.name,
    ...(s.family ? { family: s.family } : {}),
    zones: [...(info?.zones ?? [])].sort(),
    restrictions: (s.restrictions ?? []).map((r) => ({
      type: r.type ?? '',
      locations: (r.restrictionInfo?.locations ?? r.values ?? []).map((l) => l.toLowerCase()),
      zones: [...(r.restrictionInfo?.zones ?? [])],
      reasonCode: r.reasonCode ?? '',
    })),
    capabilities: Object.fromEntries((s.capabilities ?? []).map((c) => [c.name ?? '', c.value ?? ''])),
  };
}
