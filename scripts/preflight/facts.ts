/**
 * Asks Azure everything the checks need, all at once: the registration state of each provider namespace, the
 * subscription's locations (with zone mappings), one SKU listing for the region (filtered by location, however many
 * sizes are checked), the region's compute usages, whether the offload account name is free, and the registration
 * state of the subscription features the profile depends on (only those it asks for).
 *
 * The answers are reduced to plain {@link AzureFacts} so the checks are pure functions of the profile and the facts.
 */
import { isRestError, type ResourceSku } from '@azure/arm-compute';
import type { ArmClients } from './arm';

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
  return request.namespaces.length + request.features.length + 4;
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
    const [providers, locations, skus, usages, storageName, features] = await Promise.all([
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
    ]);
    return { providers, locations, skus, usages, storageName, features };
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
