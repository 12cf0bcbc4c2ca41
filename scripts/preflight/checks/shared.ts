/** Helpers that more than one preflight check uses: SKU lookups, the quota comparison, and wording for 404s. */
import type { LSeriesSpec } from '../../../constructs/compute/l-series-catalog';
import type { Profile } from '../../../stacks/profile/schema';
import { notPass, pass, type CheckId, type CheckResult } from '../check';
import type { AzureFacts, NotFoundFact, SkuFact, UsageFact } from '../facts';

/**
 * A quota check (`quota-family`, `quota-regional`): the free vCPUs of usage row `row` cover nodes × vCPUs per node
 * (Azure's vCPU count for the size when it reports one, else the catalog's).
 */
export function quota(
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
