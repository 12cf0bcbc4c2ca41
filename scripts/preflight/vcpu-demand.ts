/**
 * The stack's vCPU demand: every VM it creates (nodes, the management node, the client pool) counts against Total
 * Regional vCPUs and against its own size's quota family. Sizes are read from the L-series and general-purpose
 * catalogs; preflight builds the contributors from the profile, the handoff README from the Terraform.
 */
import { GENERAL_PURPOSE_CATALOG } from '../../constructs/compute/general-purpose-catalog';
import { isLSeriesSize, lSeriesSpec } from '../../constructs/compute/l-series-catalog';
import type { Profile } from '../../stacks/profile/schema';

/** What a group of VMs is in the stack. */
export type VcpuRole = 'node' | 'management node' | 'client';

/** A group of VMs of one size that draws on the vCPU quotas. */
export interface VcpuContributor {
  readonly role: VcpuRole;
  /** How many VMs. */
  readonly count: number;
  /** The Azure size name. */
  readonly vmSize: string;
  /** vCPUs of one VM. */
  readonly vcpus: number;
  /** The compute quota family the size draws on. */
  readonly family: string;
}

/** The vCPUs one quota family must have free. */
export interface FamilyDemand {
  /** The family as the first contributor names it (families are compared case-insensitively). */
  readonly family: string;
  readonly vcpus: number;
  /** What draws on the family, in stack order (nodes, management node, clients). */
  readonly contributors: readonly VcpuContributor[];
}

/** The stack's vCPU demand per family and in total. */
export interface VcpuDemand {
  /** Every contributor, in stack order. */
  readonly contributors: readonly VcpuContributor[];
  /** Per family, in order of first contributor. */
  readonly families: readonly FamilyDemand[];
  /** Total Regional vCPUs: the sum over every contributor. */
  readonly total: number;
}

/** The node figures Azure reports for the size, which win over the catalog's when given. */
export interface NodeOverride {
  readonly vcpus?: number;
  readonly family?: string;
}

/** The catalog's vCPUs and quota family of a size (L-series or general-purpose); undefined when it is in neither. */
export function sizeQuota(vmSize: string): { readonly vcpus: number; readonly family: string } | undefined {
  if (isLSeriesSize(vmSize)) {
    const spec = lSeriesSpec(vmSize);
    return { vcpus: spec.vcpus, family: spec.quotaFamily };
  }
  const gp = GENERAL_PURPOSE_CATALOG[vmSize];
  return gp ? { vcpus: gp.vcpus, family: gp.quotaFamily } : undefined;
}

/**
 * A contributor of `count` VMs of a catalog size.
 *
 * @throws Error naming the size when it is in neither catalog.
 */
export function contributor(role: VcpuRole, count: number, vmSize: string): VcpuContributor {
  const q = sizeQuota(vmSize);
  if (!q) throw new Error(`${vmSize} (${role}) is in neither the L-series nor the general-purpose catalog`);
  return { role, count, vmSize, vcpus: q.vcpus, family: q.family };
}

/** Groups contributors per family (case-insensitively) and sums them. */
export function vcpuDemand(contributors: readonly VcpuContributor[]): VcpuDemand {
  const byFamily = new Map<string, { family: string; contributors: VcpuContributor[] }>();
  for (const c of contributors) {
    const key = c.family.toLowerCase();
    const entry = byFamily.get(key) ?? { family: c.family, contributors: [] };
    entry.contributors.push(c);
    byFamily.set(key, entry);
  }
  const families = [...byFamily.values()].map((f) => ({ ...f, vcpus: sumVcpus(f.contributors) }));
  return { contributors: [...contributors], families, total: sumVcpus(contributors) };
}

/**
 * The profile's vCPU demand: the nodes (`nodes.count` × `nodes.vmSize`), the management node when
 * `management.enabled`, and the client pool when `clientPool.enabled`. `node` replaces the catalog's vCPUs and family
 * of the node size with what Azure reports.
 */
export function profileVcpuDemand(profile: Profile, node: NodeOverride = {}): VcpuDemand {
  const nodes = contributor('node', profile.nodes.count, profile.nodes.vmSize);
  const list: VcpuContributor[] = [{ ...nodes, vcpus: node.vcpus ?? nodes.vcpus, family: node.family ?? nodes.family }];
  if (profile.management.enabled) list.push(contributor('management node', 1, profile.management.vmSize));
  if (profile.clientPool.enabled) {
    list.push(contributor('client', profile.clientPool.count, profile.clientPool.vmSize));
  }
  return vcpuDemand(list);
}

/** A contributor for people, e.g. `8 × 96 vCPUs of Standard_L96s_v4 nodes`. */
export function describeContributor(c: VcpuContributor): string {
  const what = c.count === 1 ? c.role : `${c.role === 'client' ? 'clients' : `${c.role}s`}`;
  return `${c.count} × ${c.vcpus} vCPUs of ${c.vmSize} ${what}`;
}

/** Contributors for people, joined with `+`. */
export function describeContributors(list: readonly VcpuContributor[]): string {
  return list.map(describeContributor).join(' + ');
}

function sumVcpus(list: readonly VcpuContributor[]): number {
  return list.reduce((n, c) => n + c.count * c.vcpus, 0);
}
