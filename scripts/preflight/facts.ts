/**
 * Asks Azure everything the checks need, all at once: the registration state of each provider namespace, the
 * subscription's locations (with zone mappings), one SKU listing for the region (filtered by location, however many
 * sizes are checked), the region's compute usages, whether the offload account name is free, the registration
 * state of the subscription features the profile depends on (only those it asks for), and, when the profile deploys
 * into an existing network, that virtual network and its two subnets.
 *
 * The answers are reduced to plain {@link AzureFacts} so the checks are pure functions of the profile and the facts.
 * An answer is reduced only when it could be read: a field the checks depend on that is missing or of the wrong type,
 * a listing that is not a list, or a 404 without an ARM error is an {@link ArmCallError} of kind `unreadable` naming
 * the call (exit 3), never a default value a check could turn into a verdict. A listing's `nextLink` is followed only
 * to the endpoint's origin, never twice to the same page, and for at most {@link MAX_PAGES_PER_LISTING} pages.
 */
import { setMaxListeners } from 'node:events';
import { isRestError, type ResourceSku } from '@azure/arm-compute';
import { ArmCallError, originOf, sameOrigin, type ArmClients } from './arm';
import type { INetwork } from '../../constructs/network/cluster-network';
import type { PermissionEntry } from './permissions';

/**
 * The most pages preflight reads of one listing. A region's SKU list and its usages each fit in one page in Azure
 * today; a listing that goes on past this is stopped as a hostile or broken answer.
 */
export const MAX_PAGES_PER_LISTING = 100;

/** One ARM call, for messages: what it is for and the request line, e.g. `SKU list uksouth (GET /subscriptions/…)`. */
export interface ArmCall {
  /** What the call is for, as the progress display names it. */
  readonly label: string;
  /** Method and path, without the query. */
  readonly request: string;
}

/** `label (METHOD /path)`. */
export function describeCall(call: ArmCall): string {
  return `${call.label} (${call.request})`;
}

/** An answer that does not have the shape Azure documents; {@link gatherFacts} names the call it came from. */
export class UnreadableAnswer extends Error {
  override readonly name = 'UnreadableAnswer';
}

/** A page of a listing as the SDKs' `byPage()` yields it: the items, and the next page's link when there is one. */
export type ListingPage<T> = T[] & { continuationToken?: string | null };

/**
 * Reads every item of a paged listing, page by page, deciding before each `nextLink` is fetched whether to follow it:
 * only to the endpoint's origin (scheme, host, port), never to a page already read, and never past
 * {@link MAX_PAGES_PER_LISTING} pages. A page the SDK cannot read (not a list, an item of the wrong shape) is an
 * {@link UnreadableAnswer}, not a crash.
 *
 * @param pages the SDK's `byPage()` iterator; nothing is fetched past the page being read.
 * @throws ArmCallError `foreign-origin` or `paging`, naming the call.
 */
export async function readListing<T>(
  call: ArmCall,
  pages: AsyncIterator<ListingPage<T>>,
  endpoint: string,
  signal?: AbortSignal,
): Promise<T[]> {
  const out: T[] = [];
  const seen = new Set<string>();
  for (let count = 1; ; count += 1) {
    let step: IteratorResult<ListingPage<T>>;
    try {
      step = await pages.next();
    } catch (e) {
      throw unreadablePage(e) ?? e;
    }
    if (step.done) return out;
    const page = step.value;
    if (!Array.isArray(page)) throw new UnreadableAnswer(`page ${count} is not a list`);
    out.push(...page);
    const link = page.continuationToken;
    if (link === undefined || link === null || link === '') {
      await pages.return?.();
      return out;
    }
    const stop = async (kind: 'foreign-origin' | 'paging', why: string): Promise<never> => {
      await pages.return?.();
      throw new ArmCallError(kind, `${describeCall(call)}: ${why}`);
    };
    if (!sameOrigin(link, endpoint)) {
      return stop(
        'foreign-origin',
        `page ${count}'s nextLink points at ${originOf(link, endpoint) ?? 'something that is not a URL'}, not at the ARM endpoint ${originOf(endpoint) ?? endpoint}`,
      );
    }
    const key = new URL(link, endpoint).href;
    if (seen.has(key)) return stop('paging', `page ${count}'s nextLink repeats a page already read`);
    if (count >= MAX_PAGES_PER_LISTING) {
      return stop('paging', `the listing goes on for more than ${MAX_PAGES_PER_LISTING} pages`);
    }
    if (signal?.aborted) return stop('paging', 'cancelled');
    seen.add(key);
  }
}

/**
 * An error the SDK threw while turning a page into items, as an {@link UnreadableAnswer}: the modular clients'
 * deserializers throw a TypeError on a body without a `value` list, and their pager a RestError without a status.
 * Failures of the call itself (ArmCallError, an HTTP status, a network code) are undefined: they keep their class.
 */
function unreadablePage(e: unknown): UnreadableAnswer | undefined {
  if (e instanceof ArmCallError) return undefined;
  if (e instanceof TypeError) return new UnreadableAnswer(`the SDK could not read a page: ${firstLine(e.message)}`);
  if (isRestError(e) && e.statusCode === undefined && e.code === undefined) {
    return new UnreadableAnswer(`the SDK could not read a page: ${firstLine(e.message)}`);
  }
  return undefined;
}

function firstLine(text: string): string {
  return (text.split('\n')[0] ?? text).slice(0, 200);
}

/** The ARM error code of a 404, or undefined when the 404 did not come with an ARM error body (a proxy's page). */
function notFoundCode(e: unknown): string | undefined {
  return isRestError(e) && e.statusCode === 404 && typeof e.code === 'string' && e.code !== '' ? e.code : undefined;
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

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

/**
 * The resource ids of an existing network to deploy into (`network.existing` of the profile): the ids the network
 * construct takes, declared once in {@link INetwork}.
 */
export type ExistingNetworkRef = INetwork;

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

/**
 * The API version of `Microsoft.Authorization` used to read the caller's permissions
 * (`Permissions_ListForResourceGroup`).
 */
export const PERMISSIONS_API_VERSION = '2022-04-01';

/** The caller's effective permissions at a scope, or why they could not be read. */
export type PermissionsFact =
  | {
      readonly readable: true;
      /** `/subscriptions/{id}` or `/subscriptions/{id}/resourceGroups/{name}`. */
      readonly scope: string;
      /** One entry per role the caller holds there (inherited ones included), every page read. */
      readonly entries: readonly PermissionEntry[];
    }
  | {
      readonly readable: false;
      readonly scope: string;
      /** `forbidden`: Azure answered 403; `not-found`: 404 with an ARM error (the resource group does not exist). */
      readonly reason: 'forbidden' | 'not-found';
      /** The ARM error code, when Azure sent one. */
      readonly code?: string;
    };

/** Everything preflight learned from Azure. */
export interface AzureFacts {
  readonly providers: readonly ProviderFact[];
  readonly locations: readonly LocationFact[];
  /** Virtual machine SKUs of the region only. */
  readonly skus: readonly SkuFact[];
  /**
   * The region's maximum platform fault-domain count: the `MaximumPlatformFaultDomainCount` capability of the
   * `availabilitySets` entry in the same SKU listing (no extra call). Absent when the listing has none.
   */
  readonly maxPlatformFaultDomainCount?: number;
  readonly usages: readonly UsageFact[];
  readonly storageName: NameFact;
  /** The features asked about, in the order asked; empty when none was needed. */
  readonly features: readonly FeatureFact[];
  /** The existing network, when the profile names one (then three reads are made); absent otherwise. */
  readonly network?: ExistingNetworkFacts;
  /** The networks the profile peers with (`access.peerings`), one read each, in profile order; absent when none. */
  readonly peeredNetworks?: readonly (VirtualNetworkFact | NotFoundFact)[];
  /** The caller's permissions at the deployment's resource group, or at the subscription when none is named. */
  readonly permissions: PermissionsFact;
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
  /** The resource group whose permissions are read; absent: the subscription's are read. */
  readonly permissionsResourceGroup?: string;
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
    5 +
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
  const c: FactsCalls = {
    clients,
    request,
    signal: cancel.signal,
    sub: `/subscriptions/${request.subscriptionId}`,
    track: tracker(hooks),
  };
  try {
    // Started in this order (the progress lines follow it), all in flight at once.
    const [providers, locations, skuList, usages, storageName, features, network, peeredNetworks, permissions] =
      await Promise.all([
        readProviders(c),
        readLocations(c),
        readRegionSkus(c),
        readUsages(c),
        readStorageName(c),
        readFeatures(c),
        readExistingNetwork(c),
        readPeeredNetworks(c),
        readPermissionsCall(c),
      ]);
    return {
      providers,
      locations,
      skus: skuList.skus,
      ...(skuList.maxFaultDomains === undefined ? {} : { maxPlatformFaultDomainCount: skuList.maxFaultDomains }),
      usages,
      storageName,
      features,
      ...(network ? { network } : {}),
      ...(peeredNetworks.length > 0 ? { peeredNetworks } : {}),
      permissions,
    };
  } catch (e) {
    cancel.abort();
    throw e;
  } finally {
    outer?.removeEventListener('abort', onOuterAbort);
  }
}

/** What every read of {@link gatherFacts} shares. */
interface FactsCalls {
  readonly clients: ArmClients;
  readonly request: FactsRequest;
  /** Cancels every call: aborted when one fails for good, or when the caller's signal aborts. */
  readonly signal: AbortSignal;
  /** `/subscriptions/<id>`, the start of the paths the calls are described by. */
  readonly sub: string;
  /** Runs one call between the progress hooks; an unreadable answer becomes an `unreadable` error naming the call. */
  readonly track: <T>(call: ArmCall, work: () => Promise<T>) => Promise<T>;
}

/** The `track` of {@link FactsCalls}: reports each call's start and end to `hooks`. */
function tracker(hooks: FactsHooks): FactsCalls['track'] {
  return async <T>(call: ArmCall, work: () => Promise<T>): Promise<T> => {
    hooks.onStart?.(call.label);
    try {
      return await work();
    } catch (e) {
      if (e instanceof UnreadableAnswer) throw new ArmCallError('unreadable', `${describeCall(call)}: ${e.message}`);
      throw e;
    } finally {
      hooks.onSettle?.(call.label);
    }
  };
}

/** The registration state of each provider namespace asked about; an unknown namespace reads as `NotFound`. */
function readProviders(c: FactsCalls): Promise<ProviderFact[]> {
  const { clients, request, signal, sub, track } = c;
  return Promise.all(
    request.namespaces.map((ns) =>
      track({ label: `provider ${ns}`, request: `GET ${sub}/providers/${ns}` }, async () => {
        try {
          const p = await clients.resources.providers.get(ns, { abortSignal: signal });
          return providerFact(ns, p);
        } catch (e) {
          if (notFoundCode(e)) return { namespace: ns, registrationState: 'NotFound' };
          if (isRestError(e) && e.statusCode === 404)
            throw new UnreadableAnswer('Azure answered 404 without an ARM error');
          throw e;
        }
      }),
    ),
  );
}

/** The subscription's locations, with their zone mappings. */
function readLocations(c: FactsCalls): Promise<LocationFact[]> {
  const { clients, request, signal, sub, track } = c;
  return track({ label: 'locations', request: `GET ${sub}/locations` }, async () => {
    // The SDK reads a body without a `value` list as no locations; the raw answer tells the two apart.
    let raw: unknown;
    const onResponse = (response: { parsedBody?: unknown }): void => {
      raw = response.parsedBody;
    };
    const pages = clients.subscriptions.subscriptions.listLocations(request.subscriptionId, {
      abortSignal: signal,
      onResponse,
    });
    // One page: the answer has no nextLink. Reading it runs onResponse.
    for await (const page of pages.byPage()) void page;
    return locationFacts(raw);
  });
}

/** The region's VM sizes and its maximum platform fault-domain count, from one SKU listing filtered by location. */
function readRegionSkus(
  c: FactsCalls,
): Promise<{ readonly skus: SkuFact[]; readonly maxFaultDomains: number | undefined }> {
  const { clients, request, signal, sub, track } = c;
  const location = request.location;
  const skuCall: ArmCall = { label: `SKU list ${location}`, request: `GET ${sub}/providers/Microsoft.Compute/skus` };
  return track(skuCall, async () => {
    const pages = clients.compute.resourceSkus.list({ filter: `location eq '${location}'`, abortSignal: signal });
    const items = await readListing(skuCall, pages.byPage(), clients.endpoint, signal);
    const skus: SkuFact[] = [];
    let maxFaultDomains: number | undefined;
    items.forEach((item, i) => {
      const sku = readSku(item, i);
      const fact = skuFact(sku, location);
      if (fact) skus.push(fact);
      const max = maxFaultDomainsFact(sku, location);
      if (max !== undefined) maxFaultDomains = Math.max(maxFaultDomains ?? 0, max);
    });
    return { skus, maxFaultDomains };
  });
}

/** The region's compute usages. */
function readUsages(c: FactsCalls): Promise<UsageFact[]> {
  const { clients, request, signal, sub, track } = c;
  const location = request.location;
  const usageCall: ArmCall = {
    label: `usages ${location}`,
    request: `GET ${sub}/providers/Microsoft.Compute/locations/${location}/usages`,
  };
  return track(usageCall, async () => {
    const pages = clients.compute.usage.list(location, { abortSignal: signal });
    const items = await readListing(usageCall, pages.byPage(), clients.endpoint, signal);
    return items.map((u, i) => usageFact(u, i));
  });
}

/** Whether the offload account's name is free. */
function readStorageName(c: FactsCalls): Promise<NameFact> {
  const { clients, request, signal, sub, track } = c;
  return track(
    { label: 'storage name', request: `POST ${sub}/providers/Microsoft.Storage/checkNameAvailability` },
    async () => {
      const r = await clients.storage.storageAccounts.checkNameAvailability(
        { name: request.storageAccountName, type: 'Microsoft.Storage/storageAccounts' },
        { abortSignal: signal },
      );
      return nameFact(request.storageAccountName, r);
    },
  );
}

/** The registration state of each subscription feature asked about, in the order asked. */
function readFeatures(c: FactsCalls): Promise<FeatureFact[]> {
  const { clients, request, signal, sub, track } = c;
  return Promise.all(
    request.features.map((f) =>
      track(
        {
          label: `feature ${f.namespace}/${f.name}`,
          request: `GET ${sub}/providers/Microsoft.Features/providers/${f.namespace}/features/${f.name}`,
        },
        () => readFeature(clients, request.subscriptionId, f, signal),
      ),
    ),
  );
}

/** The existing network the profile names (the VNet and both subnets, three reads); undefined when it names none. */
async function readExistingNetwork(c: FactsCalls): Promise<ExistingNetworkFacts | undefined> {
  const network = c.request.network;
  if (!network) return undefined;
  const [virtualNetwork, nodeSubnet, privateEndpointSubnet] = await Promise.all([
    readNetworkCall(c, 'virtual network', network.virtualNetworkId, virtualNetworkFact),
    readNetworkCall(c, 'node subnet', network.nodeSubnetId, subnetFact),
    readNetworkCall(c, 'private endpoint subnet', network.privateEndpointSubnetId, subnetFact),
  ]);
  return { virtualNetwork, nodeSubnet, privateEndpointSubnet };
}

/** The networks the profile peers with, one read each, in profile order; empty when none. */
function readPeeredNetworks(c: FactsCalls): Promise<(VirtualNetworkFact | NotFoundFact)[]> {
  const peered = c.request.peeredNetworkIds ?? [];
  return Promise.all(
    peered.map((id) => readNetworkCall(c, `peered network ${lastSegment(id)}`, id, virtualNetworkFact)),
  );
}

/** The caller's permissions at the request's resource group, or at the subscription when it names none. */
function readPermissionsCall(c: FactsCalls): Promise<PermissionsFact> {
  const scope = permissionsScope(c.request.subscriptionId, c.request.permissionsResourceGroup);
  return c.track({ label: 'permissions', request: `GET ${scope}/providers/Microsoft.Authorization/permissions` }, () =>
    readPermissions(c.clients, scope, c.signal),
  );
}

/**
 * One tracked read of a network resource by id. The answer is judged inside the call, so one that is not such a
 * resource names the call (exit 3).
 */
function readNetworkCall<T>(
  c: FactsCalls,
  label: string,
  id: string,
  fact: (id: string, answer: unknown) => T,
): Promise<T | NotFoundFact> {
  return c.track({ label, request: `GET /${id.replace(/^\/+/, '')}` }, async () => {
    const r = await readNetworkResource(c.clients, c.request.subscriptionId, id, c.signal);
    return r.found ? fact(id, r.body) : r;
  });
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
  let r: unknown;
  try {
    r = await clients.resources.resources.getById(id, FEATURES_API_VERSION, { abortSignal: signal });
  } catch (e) {
    const code = notFoundCode(e);
    if (code) return { ...feature, state: 'NotFound', notFoundCode: code };
    if (isRestError(e) && e.statusCode === 404) throw new UnreadableAnswer('Azure answered 404 without an ARM error');
    throw e;
  }
  return { ...feature, state: featureState(r) };
}

/** The scope whose permissions are read: the resource group when one is named, else the subscription. */
export function permissionsScope(subscriptionId: string, resourceGroup: string | undefined): string {
  const sub = `/subscriptions/${subscriptionId}`;
  return resourceGroup === undefined ? sub : `${sub}/resourceGroups/${encodeURIComponent(resourceGroup)}`;
}

/**
 * Reads the caller's effective permissions at `scope`: `GET {scope}/providers/Microsoft.Authorization/permissions
 * ?api-version=2022-04-01` (`Permissions_ListForResourceGroup`; the same path at subscription scope is not in the
 * REST specification but ARM serves it), every page. There is no Authorization client among the SDKs preflight
 * uses, so the generic by-id read of @azure/arm-resources makes each call (the same pipeline as every other call:
 * the origin guard, the credential, the retry policy) and {@link permissionsPage} reads the raw body. A `nextLink`
 * is followed only to the endpoint's origin, never twice to the same page, for at most {@link MAX_PAGES_PER_LISTING}
 * pages. A 403 and a 404 with an ARM error are answers the check reports, not failures.
 */
async function readPermissions(clients: ArmClients, scope: string, signal: AbortSignal): Promise<PermissionsFact> {
  const call = `permissions (GET ${scope}/providers/Microsoft.Authorization/permissions)`;
  const endpoint = clients.endpoint;
  const entries: PermissionEntry[] = [];
  // Without the leading slash: the SDK's path template is `/{resourceId}` and would otherwise send `//subscriptions`.
  let path = `${scope.slice(1)}/providers/Microsoft.Authorization/permissions`;
  const seen = new Set<string>([new URL(`/${path}`, endpoint).href]);
  for (let count = 1; ; count += 1) {
    let text: string | undefined;
    try {
      await clients.resources.resources.getById(path, PERMISSIONS_API_VERSION, {
        abortSignal: signal,
        onResponse: (raw) => {
          text = raw.bodyAsText ?? undefined;
        },
      });
    } catch (e) {
      if (e instanceof ArmCallError && e.kind === 'forbidden') {
        return { readable: false, scope, reason: 'forbidden', ...(e.code ? { code: e.code } : {}) };
      }
      const code = notFoundCode(e);
      if (code) return { readable: false, scope, reason: 'not-found', code };
      if (isRestError(e) && e.statusCode === 404) throw new UnreadableAnswer('Azure answered 404 without an ARM error');
      throw e;
    }
    const page = permissionsPage(parseJsonBody(text), count);
    entries.push(...page.entries);
    if (page.nextLink === undefined) return { readable: true, scope, entries };
    if (!sameOrigin(page.nextLink, endpoint)) {
      throw new ArmCallError(
        'foreign-origin',
        `${call}: page ${count}'s nextLink points at ${originOf(page.nextLink, endpoint) ?? 'something that is not a URL'}, not at the ARM endpoint ${originOf(endpoint) ?? endpoint}`,
      );
    }
    // Compared without api-version (the SDK sets it again) and in one parameter order, so a link back to a page
    // already read is recognised however it orders its query.
    const next = new URL(page.nextLink, endpoint);
    next.searchParams.delete('api-version');
    next.searchParams.sort();
    if (seen.has(next.href))
      throw new ArmCallError('paging', `${call}: page ${count}'s nextLink repeats a page already read`);
    if (count >= MAX_PAGES_PER_LISTING) {
      throw new ArmCallError('paging', `${call}: the listing goes on for more than ${MAX_PAGES_PER_LISTING} pages`);
    }
    seen.add(next.href);
    path = `${next.pathname.replace(/^\/+/, '')}${next.search}`;
  }
}

function parseJsonBody(text: string | undefined): unknown {
  try {
    return text === undefined ? undefined : (JSON.parse(text) as unknown);
  } catch {
    throw new UnreadableAnswer('the answer is not JSON');
  }
}

/**
 * One page of a Permissions list answer: its entries (each with an `actions` and a `notActions` list of strings;
 * the data-plane lists are not read) and its `nextLink`.
 *
 * @throws UnreadableAnswer when there is no `value` list, an entry lacks either list or holds anything but strings
 *   in it, or `nextLink` is not a string: never an empty permission a check could turn into a verdict.
 */
export function permissionsPage(
  body: unknown,
  page = 1,
): { readonly entries: PermissionEntry[]; readonly nextLink?: string } {
  const value = field(body, 'value');
  if (!Array.isArray(value)) throw new UnreadableAnswer(`page ${page} has no value list`);
  const entries = value.map((entry: unknown, i): PermissionEntry => {
    const actions = field(entry, 'actions');
    const notActions = field(entry, 'notActions');
    if (!isStringList(actions) || !isStringList(notActions)) {
      throw new UnreadableAnswer(
        `a permission without an actions and a notActions list of strings (page ${page}, item ${i + 1})`,
      );
    }
    return { actions, notActions };
  });
  const nextLink = field(body, 'nextLink');
  if (nextLink === undefined || nextLink === null || nextLink === '') return { entries };
  if (typeof nextLink !== 'string') throw new UnreadableAnswer(`page ${page} has a nextLink that is not a string`);
  return { entries, nextLink };
}

/**
 * The `properties.state` of a `Features_Get` answer.
 *
 * @throws UnreadableAnswer when there is none (a `{}`, a state that is not a non-empty string): never a default.
 */
export function featureState(answer: unknown): string {
  const state = field(field(answer, 'properties'), 'state');
  if (!isNonEmptyString(state)) throw new UnreadableAnswer('the answer has no properties.state');
  return state;
}

/**
 * A provider's registration state from a `Providers_Get` answer.
 *
 * @throws UnreadableAnswer when the answer has no `registrationState`.
 */
export function providerFact(namespace: string, answer: unknown): ProviderFact {
  const state = field(answer, 'registrationState');
  if (!isNonEmptyString(state)) throw new UnreadableAnswer('the answer has no registrationState');
  const ns = field(answer, 'namespace');
  return { namespace: isNonEmptyString(ns) ? ns : namespace, registrationState: state };
}

/**
 * The locations from the raw JSON of `Subscriptions_ListLocations`.
 *
 * @throws UnreadableAnswer when there is no `value` list, a location has no name, or a zone mapping is incomplete.
 */
export function locationFacts(body: unknown): LocationFact[] {
  const value = field(body, 'value');
  if (!Array.isArray(value)) throw new UnreadableAnswer('the answer has no value list');
  return value.map((l: unknown, i): LocationFact => {
    const name = field(l, 'name');
    if (!isNonEmptyString(name)) throw new UnreadableAnswer(`a location without a name (item ${i + 1})`);
    const displayName = field(l, 'displayName');
    const mappings = field(l, 'availabilityZoneMappings') ?? [];
    if (!Array.isArray(mappings))
      throw new UnreadableAnswer(`location ${i + 1} has availabilityZoneMappings that are not a list`);
    return {
      name,
      displayName: isNonEmptyString(displayName) ? displayName : name,
      zoneMappings: mappings.map((m: unknown) => {
        const logicalZone = field(m, 'logicalZone');
        const physicalZone = field(m, 'physicalZone');
        if (!isNonEmptyString(logicalZone) || !isNonEmptyString(physicalZone)) {
          throw new UnreadableAnswer(`a zone mapping without logicalZone and physicalZone (location ${i + 1})`);
        }
        return { logicalZone, physicalZone };
      }),
    };
  });
}

/**
 * A SKU entry, checked for the fields every entry has (a name, a resource type, a list of locations) before
 * {@link skuFact} picks the region's VM sizes from it.
 *
 * @throws UnreadableAnswer for an entry without them.
 */
export function readSku(answer: unknown, index: number): ResourceSku {
  const locations = field(answer, 'locations');
  if (
    !isNonEmptyString(field(answer, 'name')) ||
    !isNonEmptyString(field(answer, 'resourceType')) ||
    (locations !== undefined && !(Array.isArray(locations) && locations.every((l) => typeof l === 'string')))
  ) {
    throw new UnreadableAnswer(`a SKU without a name, a resourceType or a list of locations (item ${index + 1})`);
  }
  return answer as ResourceSku;
}

/**
 * A usage row of `Usage_List`.
 *
 * @throws UnreadableAnswer for a row without a name or without numbers.
 */
export function usageFact(answer: unknown, index: number): UsageFact {
  const name = field(answer, 'name');
  const value = field(name, 'value');
  const localized = field(name, 'localizedValue');
  const current = field(answer, 'currentValue');
  const limit = field(answer, 'limit');
  if (!isNonEmptyString(value) || !isCount(current) || !isCount(limit)) {
    throw new UnreadableAnswer(
      `a usage row without a name.value, a numeric currentValue and a numeric limit (row ${index + 1})`,
    );
  }
  return { name: value, localizedName: isNonEmptyString(localized) ? localized : value, current, limit };
}

/**
 * The answer of `StorageAccounts_CheckNameAvailability` for `name`.
 *
 * @throws UnreadableAnswer when `nameAvailable` is not true or false.
 */
export function nameFact(name: string, answer: unknown): NameFact {
  const available = field(answer, 'nameAvailable');
  if (typeof available !== 'boolean') throw new UnreadableAnswer('the answer has no nameAvailable (true or false)');
  const reason = field(answer, 'reason');
  const message = field(answer, 'message');
  return {
    name,
    available,
    ...(isNonEmptyString(reason) ? { reason } : {}),
    ...(isNonEmptyString(message) ? { message } : {}),
  };
}

/** An own property of a JSON object; undefined for anything else. */
function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.hasOwn(value, key)
    ? (value as Record<string, unknown>)[key]
    : undefined;
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
    const code = notFoundCode(e);
    if (code) return { found: false, id, code };
    if (isRestError(e) && e.statusCode === 404) throw new UnreadableAnswer('Azure answered 404 without an ARM error');
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

/**
 * A virtual network from a `VirtualNetworks_Get` answer (by-id read of `id`).
 *
 * @throws UnreadableAnswer when the answer has no location or no `properties.addressSpace.addressPrefixes` list of
 *   strings (a `{}`, another resource's JSON): never a default network.
 */
export function virtualNetworkFact(id: string, answer: unknown): VirtualNetworkFact {
  const location = field(answer, 'location');
  if (!isNonEmptyString(location)) throw new UnreadableAnswer('the answer has no location');
  const prefixes = field(field(field(answer, 'properties'), 'addressSpace'), 'addressPrefixes');
  if (!isStringList(prefixes)) {
    throw new UnreadableAnswer('the answer has no properties.addressSpace.addressPrefixes list');
  }
  return { found: true, ...identity(id, answer), location, addressPrefixes: prefixes };
}

/**
 * A subnet from a `Subnets_Get` answer (by-id read of `id`).
 *
 * @throws UnreadableAnswer when the answer has no `properties.addressPrefix` or `addressPrefixes`, or names a NAT
 *   gateway, route table or NSG without a resource id: never a default subnet.
 */
export function subnetFact(id: string, answer: unknown): SubnetFact {
  const props = field(answer, 'properties');
  const list = field(props, 'addressPrefixes');
  const single = field(props, 'addressPrefix');
  const addressPrefixes = isStringList(list) && list.length > 0 ? list : isNonEmptyString(single) ? [single] : [];
  if (addressPrefixes.length === 0) {
    throw new UnreadableAnswer('the answer has no properties.addressPrefix or addressPrefixes');
  }
  const reference = (key: string): string | undefined => {
    const ref = field(props, key);
    if (ref === undefined || ref === null) return undefined;
    const refId = field(ref, 'id');
    if (!isNonEmptyString(refId)) {
      throw new UnreadableAnswer(`the answer has a properties.${key} that is not a reference with an id`);
    }
    return refId;
  };
  const natGatewayId = reference('natGateway');
  const routeTableId = reference('routeTable');
  const networkSecurityGroupId = reference('networkSecurityGroup');
  return {
    found: true,
    ...identity(id, answer),
    addressPrefixes,
    ...(natGatewayId ? { natGatewayId } : {}),
    ...(routeTableId ? { routeTableId } : {}),
    ...(networkSecurityGroupId ? { networkSecurityGroupId } : {}),
  };
}

/** The id and name an answer gives, else the id that was read and its last segment. */
function identity(id: string, answer: unknown): { readonly id: string; readonly name: string } {
  const bodyId = field(answer, 'id');
  const name = field(answer, 'name');
  return { id: isNonEmptyString(bodyId) ? bodyId : id, name: isNonEmptyString(name) ? name : lastSegment(id) };
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

/** The last segment of a resource id: the resource's name. */
export function lastSegment(id: string): string {
  return id.replace(/\/+$/, '').split('/').pop() ?? id;
}

/** The capability of the `availabilitySets` SKU that holds the region's maximum platform fault-domain count. */
export const MAX_FAULT_DOMAINS_CAPABILITY = 'MaximumPlatformFaultDomainCount';

/**
 * The maximum platform fault-domain count an `availabilitySets` SKU entry states for `location`, or undefined when
 * the entry is another resource type, is not for the location, or has no readable value.
 */
export function maxFaultDomainsFact(s: ResourceSku, location: string): number | undefined {
  if (s.resourceType !== 'availabilitySets') return undefined;
  if (!(s.locations ?? []).some((l) => l.toLowerCase() === location.toLowerCase())) return undefined;
  const raw = (s.capabilities ?? []).find((c) => c.name === MAX_FAULT_DOMAINS_CAPABILITY)?.value;
  const value = raw === undefined ? NaN : Number(raw);
  return Number.isInteger(value) && value >= 1 ? value : undefined;
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
