/** Helpers that more than one preflight check uses: SKU lookups, the quota comparison, and wording for 404s. */
import type { Profile } from '../../../stacks/profile/schema';
import { notPass, pass, type CheckId, type CheckResult } from '../check';
import type { AzureFacts, NotFoundFact, SkuFact, UsageFact } from '../facts';
import {
  describeContributors,
  profileVcpuDemand,
  type VcpuContributor,
  type VcpuDemand,
  type VcpuRole,
} from '../vcpu-demand';

/** The profile fields that change what a contributor draws on the quota. */
const QUOTA_FIELDS: Readonly<Record<VcpuRole, string>> = {
  node: 'lower nodes.count / choose a smaller nodes.vmSize',
  'management node': 'choose a smaller management.vmSize / set management.enabled to false',
  client: 'lower clientPool.count / choose a smaller clientPool.vmSize',
};

/**
 * A quota comparison for `quota-family` and `quota-regional`: the free vCPUs of usage row `row` (matched
 * case-insensitively) cover what `demand`'s contributors need. The message names each contributor; the remedy names
 * the limit to ask for and the profile fields that lower the need.
 */
export function quotaOf(
  id: CheckId,
  row: string,
  label: string,
  location: string,
  demand: { readonly vcpus: number; readonly contributors: readonly VcpuContributor[] },
  usages: readonly UsageFact[],
): CheckResult {
  const needed = demand.vcpus;
  const what = describeContributors(demand.contributors);
  const fields = [...new Set(demand.contributors.map((c) => QUOTA_FIELDS[c.role]))].join(', or ');
  const usage = usages.find((u) => u.name.toLowerCase() === row.toLowerCase());
  const increase = (target: number, name: string): string =>
    `request a quota increase for ${name} in ${location} to at least ${target} vCPUs (Azure portal: Quotas → Compute, or a support request), or ${fields}; check with \`az vm list-usage --location ${location} -o table\``;
  if (!usage) {
    return notPass(
      id,
      'fail',
      `no quota row "${row}" in ${location}: the subscription has no ${label} quota there (needed ${needed} = ${what})`,
      increase(needed, label),
    );
  }
  const name =
    usage.localizedName && usage.localizedName !== usage.name ? `${usage.localizedName} (${usage.name})` : usage.name;
  const free = usage.limit - usage.current;
  const numbers = `current ${usage.current}, limit ${usage.limit}, needed ${needed} (${what}), free ${free}`;
  if (free >= needed) return pass(id, `${name} in ${location}: ${numbers}`);
  return notPass(
    id,
    'fail',
    `${name} in ${location}: ${numbers}, shortfall ${needed - free}`,
    increase(usage.current + needed, name),
  );
}

/**
 * The profile's vCPU demand as preflight checks it: the node size's vCPUs and family as Azure's SKU list reports
 * them when it does (else the catalog's), the management node and client pool from the general-purpose catalog.
 */
export function preflightVcpuDemand(profile: Profile, sku: SkuFact | undefined): VcpuDemand {
  const live = Number(sku?.capabilities.vCPUs ?? 'NaN');
  return profileVcpuDemand(profile, {
    ...(Number.isFinite(live) && live > 0 ? { vcpus: live } : {}),
    ...(sku?.family ? { family: sku.family } : {}),
  });
}

/** How a 404 is shown in a message: with Azure's error code when it gave one. */
export function notFound(f: NotFoundFact): string {
  return f.code ? `404, ${f.code}` : '404';
}

/** The resource group named in a resource id. */
export function resourceGroupOf(id: string): string {
  return /\/resourceGroups\/([^/]+)/i.exec(id)?.[1] ?? '<resource group>';
}

/** The SKU list entry of a size (names compared case-insensitively), or undefined when it is not listed. */
export function findSku(facts: AzureFacts, size: string): SkuFact | undefined {
  return facts.skus.find((s) => s.name.toLowerCase() === size.toLowerCase());
}

/** Whether a restriction applies to a location (one that names no location applies everywhere). */
export function covers(r: { readonly locations: readonly string[] }, location: string): boolean {
  return r.locations.length === 0 || r.locations.includes(location.toLowerCase());
}

/** The `Location` restriction that keeps a size out of a location for this subscription, if any. */
export function locationRestriction(sku: SkuFact, location: string): SkuFact['restrictions'][number] | undefined {
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
