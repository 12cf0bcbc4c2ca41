/**
 * Erasure-coding layouts (k data + m parity fragments per stripe) for the two placement modes, and a failure
 * simulation that proves what a layout survives.
 *
 * - `fault-domains`: N fault domains (the region's maximum, 2 or 3) are visible and the nodes are spread evenly over
 *   them (node i sits in fault domain i mod N). A stripe of width k+m spread evenly places ceil((k+m)/N) fragments in
 *   each fault domain, so it survives the loss of a whole fault domain iff ceil((k+m)/N) ≤ m. The best capacity
 *   efficiency is therefore (N−1)/N: 2/3 with three (2+1, 4+2, 6+3, …), and 1/2 with two (1+1, 2+2, 4+4, …: m ≥ k,
 *   which is what UK South, maximum 2, costs).
 * - `zonal`: fault domains are not visible (platform fault domain count 1). A stripe survives any m node losses; a
 *   rack-level failure that takes more than m of a stripe's nodes at once is not covered.
 */
import { nodeFaultDomain } from '../../constructs/compute/fault-domains';
import type { PlacementMode } from '../../stacks/profile/schema';

/**
 * Most fault domains a regional Flexible scale set exposes (reference §3), and the default of the functions below.
 * The real count is the region's maximum (UK South: 2); the plan passes the profile's `placement.faultDomainCount`.
 */
export const FAULT_DOMAIN_COUNT = 3;

/**
 * Widest stripe the model considers. A modelling limit, not a VAST one: wider stripes gain little efficiency and
 * make every rebuild read from more nodes.
 */
export const MAX_STRIPE_WIDTH = 24;

/** Parity counts considered in zonal mode. Two is the floor: one node failure plus a second during the rebuild. */
export const ZONAL_PARITY_OPTIONS: readonly number[] = [2, 3, 4];

/** One erasure-coding layout evaluated for a node count and placement mode. */
export interface EcLayout {
  /** Short name, e.g. `6+3`. */
  readonly name: string;
  /** Data fragments per stripe. */
  readonly k: number;
  /** Parity fragments per stripe. */
  readonly m: number;
  /** Fragments per stripe, k + m. Never more than the node count (one fragment per node). */
  readonly width: number;
  /** Share of raw capacity that holds data, k / (k + m). */
  readonly efficiency: number;
  /** Node failures anywhere that every stripe survives: m. */
  readonly nodeFailuresTolerated: number;
  /** Whether every stripe survives the loss of a whole fault domain (only claimed when fault domains are visible). */
  readonly survivesFaultDomainLoss: boolean;
  /** Fragments of one stripe in each fault domain, ceil(width / 3); `null` when fault domains are not visible. */
  readonly fragmentsPerFaultDomain: number | null;
  /**
   * Further node failures each stripe survives after a whole fault domain is lost, m − fragmentsPerFaultDomain;
   * `null` when fault domains are not visible.
   */
  readonly nodeFailuresAfterFaultDomainLoss: number | null;
  /**
   * Nodes outside a stripe that a failed node's fragment can be rebuilt onto without weakening the layout: per fault
   * domain in `fault-domains` mode (nodes per fault domain − fragments per fault domain), across the cluster in
   * `zonal` mode (nodes − width). Zero means a node's fragments stay degraded until it returns.
   */
  readonly spareNodesForRebuild: number;
}

/** The layout the plan recommends for a profile, and the alternatives it weighed. */
export interface LayoutChoice {
  /** The profile's placement mode. */
  readonly mode: PlacementMode;
  /** Nodes in the cluster. */
  readonly nodeCount: number;
  /** Fault domains the layout is planned against: 3 when visible, 1 in zonal mode (Azure spreads but hides them). */
  readonly faultDomains: number;
  /** Whether the fault domains are visible to the deployment. */
  readonly faultDomainsVisible: boolean;
  /** The recommended layout. */
  readonly recommended: EcLayout;
  /** Every valid layout, best first (the recommended one included). */
  readonly alternatives: readonly EcLayout[];
  /** How the recommended layout was chosen, in words. */
  readonly rule: string;
  /** What the layout does not protect against. */
  readonly caveats: readonly string[];
}

/** Describes a k+m layout for a mode and node count. Does not check that it is valid. */
export function describeLayout(
  mode: PlacementMode,
  nodeCount: number,
  k: number,
  m: number,
  faultDomains = FAULT_DOMAIN_COUNT,
): EcLayout {
  const width = k + m;
  const visible = mode === 'fault-domains';
  const perFd = visible ? Math.ceil(width / faultDomains) : null;
  const nodesPerFd = Math.floor(nodeCount / faultDomains);
  return {
    name: `${k}+${m}`,
    k,
    m,
    width,
    efficiency: k / width,
    nodeFailuresTolerated: m,
    survivesFaultDomainLoss: perFd !== null && perFd <= m,
    fragmentsPerFaultDomain: perFd,
    nodeFailuresAfterFaultDomainLoss: perFd === null ? null : m - perFd,
    spareNodesForRebuild: perFd === null ? nodeCount - width : nodesPerFd - perFd,
  };
}

/**
 * Valid layouts in `fault-domains` mode over N fault domains: for every width that is a multiple of N and fits the
 * cluster, the layout with the fewest parity fragments that still survives a fault-domain loss (m = width / N,
 * efficiency (N−1)/N: 2/3 with three fault domains, 1/2 with two, where m ≥ k). Widths that are not multiples of N
 * need m = ceil(width / N) and are always less efficient, so they are not listed.
 */
export function faultDomainLayouts(nodeCount: number, faultDomains = FAULT_DOMAIN_COUNT): EcLayout[] {
  const out: EcLayout[] = [];
  for (let width = faultDomains; width <= Math.min(nodeCount, MAX_STRIPE_WIDTH); width += faultDomains) {
    const m = width / faultDomains;
    out.push(describeLayout('fault-domains', nodeCount, width - m, m, faultDomains));
  }
  return out;
}

/**
 * Valid layouts in `zonal` mode: for each parity count in {@link ZONAL_PARITY_OPTIONS}, the widest stripe that fits
 * the cluster (k = min(nodes, {@link MAX_STRIPE_WIDTH}) − m, at least 2), and the stripe one narrower, which leaves a
 * node free for rebuilds.
 */
export function zonalLayouts(nodeCount: number): EcLayout[] {
  const out: EcLayout[] = [];
  for (const m of ZONAL_PARITY_OPTIONS) {
    const widest = Math.min(nodeCount, MAX_STRIPE_WIDTH);
    for (const width of [widest, widest - 1]) {
      const k = width - m;
      if (k >= 2 && !out.some((l) => l.k === k && l.m === m)) out.push(describeLayout('zonal', nodeCount, k, m));
    }
  }
  return out;
}

/**
 * Orders layouts best first: highest capacity efficiency; then those that leave a spare node for rebuilds; then
 * those that tolerate more node failures.
 */
export function rankLayouts(layouts: readonly EcLayout[]): EcLayout[] {
  return [...layouts].sort(
    (a, b) =>
      b.efficiency - a.efficiency ||
      Number(b.spareNodesForRebuild > 0) - Number(a.spareNodesForRebuild > 0) ||
      b.m - a.m ||
      a.width - b.width,
  );
}

/**
 * Chooses the erasure-coding layout for a placement mode and node count.
 *
 * @throws Error when no valid layout fits (fewer nodes than the mode's smallest layout, or a `fault-domains` node
 *   count that is not a multiple of 3); the profile validator rejects such profiles first.
 */
export function chooseLayout(mode: PlacementMode, nodeCount: number, faultDomains = FAULT_DOMAIN_COUNT): LayoutChoice {
  if (mode === 'fault-domains' && (nodeCount < faultDomains || nodeCount % faultDomains !== 0)) {
    throw new Error(
      `nodeCount must be a multiple of ${faultDomains} (at least ${faultDomains}) for placement mode "fault-domains" with ${faultDomains} fault domains, got ${nodeCount}`,
    );
  }
  const candidates = mode === 'fault-domains' ? faultDomainLayouts(nodeCount, faultDomains) : zonalLayouts(nodeCount);
  if (candidates.length === 0) {
    throw new Error(`nodeCount must be at least 4 for placement mode "zonal" (the 2+2 layout), got ${nodeCount}`);
  }
  const ranked = rankLayouts(candidates);
  const recommended = ranked[0];
  const caveats: string[] = [];
  if (mode === 'zonal') {
    caveats.push(
      `Fault domains are not visible in zonal mode: the layout survives any ${recommended.m} node losses, but a rack-level (fault domain) failure that takes more than ${recommended.m} of a stripe's nodes at once is NOT covered; only the Blob offload protects that data.`,
    );
  } else {
    caveats.push(
      `Survives the loss of one whole fault domain (${recommended.fragmentsPerFaultDomain} fragments per fault domain ≤ m = ${recommended.m}); after that loss it survives ${recommended.nodeFailuresAfterFaultDomainLoss} further node failures.`,
      `Fault domains are the region's platform fault domains (${faultDomains} here): each node is created in a known one (node i in fault domain i mod ${faultDomains}). The scale set is regional: no zone is pinned, and Azure reports no zone for the co-located group.`,
    );
  }
  if (recommended.spareNodesForRebuild === 0) {
    caveats.push(
      `The stripe uses every node${mode === 'fault-domains' ? ' in each fault domain' : ''}: while a node is down its fragments cannot be rebuilt elsewhere without weakening the layout.`,
    );
  }
  caveats.push(
    'Local NVMe is ephemeral: stopping or deallocating more nodes than the layout tolerates loses the data on the cluster.',
  );
  return {
    mode,
    nodeCount,
    faultDomains: mode === 'fault-domains' ? faultDomains : 1,
    faultDomainsVisible: mode === 'fault-domains',
    recommended,
    alternatives: ranked,
    rule:
      mode === 'fault-domains'
        ? `fragments per fault domain = ceil((k+m)/${faultDomains}) ≤ m; most capacity-efficient first, then a spare node per fault domain for rebuilds, then most node failures tolerated`
        : 'survives m node losses (m ≥ 2); most capacity-efficient first, then a spare node for rebuilds, then most node failures tolerated',
    caveats,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Failure simulation
// ---------------------------------------------------------------------------------------------------------------

/** The fault domain of a node: nodes are spread evenly, node i in fault domain i mod `faultDomains`. */
export function faultDomainOf(node: number, faultDomains = FAULT_DOMAIN_COUNT): number {
  return nodeFaultDomain(node, faultDomains);
}

/**
 * Places the fragments of `stripeCount` stripes on nodes: one fragment per node, placement rotating from stripe to
 * stripe so every node carries fragments of many stripes. In `fault-domains` mode fragment j goes to fault domain
 * j mod N (an even spread); in `zonal` mode the stripe takes `width` consecutive nodes.
 *
 * @returns for each stripe, the node of each fragment.
 * @throws Error when the stripe is wider than the cluster (or than a fault domain's share of it).
 */
export function placeStripes(
  mode: PlacementMode,
  nodeCount: number,
  width: number,
  stripeCount = nodeCount,
  faultDomains = FAULT_DOMAIN_COUNT,
): number[][] {
  if (width > nodeCount) throw new Error(`stripe width must be at most the node count ${nodeCount}, got ${width}`);
  const stripes: number[][] = [];
  if (mode === 'zonal') {
    for (let s = 0; s < stripeCount; s++) stripes.push(Array.from({ length: width }, (_, j) => (s + j) % nodeCount));
    return stripes;
  }
  const fds = faultDomains;
  const perFd = Math.floor(nodeCount / fds);
  if (Math.ceil(width / fds) > perFd) {
    throw new Error(
      `stripe width ${width} needs ${Math.ceil(width / fds)} nodes per fault domain, the cluster has ${perFd}`,
    );
  }
  for (let s = 0; s < stripeCount; s++) {
    stripes.push(
      Array.from({ length: width }, (_, j) => {
        const fd = j % fds;
        const slot = (Math.floor(j / fds) + s) % perFd;
        return fd + slot * fds; // the slot-th node of fault domain fd
      }),
    );
  }
  return stripes;
}

/** The nodes of each fault domain: the failure sets for "lose one whole fault domain". */
export function faultDomainFailureSets(nodeCount: number, faultDomains = FAULT_DOMAIN_COUNT): number[][] {
  return Array.from({ length: faultDomains }, (_, d) =>
    Array.from({ length: nodeCount }, (_, n) => n).filter((n) => faultDomainOf(n, faultDomains) === d),
  );
}

/** Number of ways to choose r of n, as a float (exact for the sizes enumerated here). */
export function combinations(n: number, r: number): number {
  if (r < 0 || r > n) return 0;
  let c = 1;
  for (let i = 1; i <= r; i++) c = (c * (n - r + i)) / i;
  return Math.round(c);
}

/** Failure sets of a given size, and whether they are every such set. */
export interface FailureSets {
  readonly sets: number[][];
  /** True when every set of that size was enumerated; false when a deterministic sample was drawn. */
  readonly exhaustive: boolean;
}

/**
 * Every set of `size` nodes when there are at most `maxSets` of them, else `maxSets` sets drawn by a seeded
 * pseudo-random generator (the same seed always gives the same sets).
 */
export function nodeFailureSets(nodeCount: number, size: number, maxSets = 5000, seed = 1): FailureSets {
  if (combinations(nodeCount, size) <= maxSets) {
    const sets: number[][] = [];
    const pick: number[] = [];
    const walk = (start: number): void => {
      if (pick.length === size) {
        sets.push([...pick]);
        return;
      }
      for (let n = start; n <= nodeCount - (size - pick.length); n++) {
        pick.push(n);
        walk(n + 1);
        pick.pop();
      }
    };
    walk(0);
    return { sets, exhaustive: true };
  }
  const random = mulberry32(seed);
  const sets: number[][] = [];
  const nodes = Array.from({ length: nodeCount }, (_, n) => n);
  for (let i = 0; i < maxSets; i++) {
    for (let j = 0; j < size; j++) {
      const swap = j + Math.floor(random() * (nodeCount - j));
      [nodes[j], nodes[swap]] = [nodes[swap], nodes[j]];
    }
    sets.push(nodes.slice(0, size).sort((a, b) => a - b));
  }
  return { sets, exhaustive: false };
}

/** The outcome of failing nodes under a placement. */
export interface SimulationResult {
  /** True when every stripe kept at least k fragments under every failure set. */
  readonly survived: boolean;
  /** Failure sets tried. */
  readonly failureSetsTried: number;
  /** Stripes checked per failure set. */
  readonly stripes: number;
  /** The first failure that lost a stripe, when one did. */
  readonly counterexample?: {
    readonly failedNodes: readonly number[];
    readonly stripe: number;
    readonly fragmentsLeft: number;
  };
}

/**
 * Fails each set of nodes in turn and checks that every stripe still has at least `k` readable fragments.
 */
export function simulateFailures(
  stripes: readonly (readonly number[])[],
  nodeCount: number,
  k: number,
  failureSets: readonly (readonly number[])[],
): SimulationResult {
  const failed = new Uint8Array(nodeCount);
  for (const set of failureSets) {
    for (const n of set) failed[n] = 1;
    for (let s = 0; s < stripes.length; s++) {
      let left = 0;
      for (const node of stripes[s]) if (!failed[node]) left++;
      if (left < k) {
        return {
          survived: false,
          failureSetsTried: failureSets.indexOf(set) + 1,
          stripes: stripes.length,
          counterexample: { failedNodes: [...set], stripe: s, fragmentsLeft: left },
        };
      }
    }
    for (const n of set) failed[n] = 0;
  }
  return { survived: true, failureSetsTried: failureSets.length, stripes: stripes.length };
}

/** What the simulation proved about a layout. */
export interface LayoutVerification {
  /** Whether every stripe survived the loss of each whole fault domain; `null` when fault domains are not visible. */
  readonly faultDomainLoss: SimulationResult | null;
  /** Whether every stripe survived the loss of m nodes. */
  readonly nodeLoss: SimulationResult & { readonly exhaustive: boolean; readonly nodesFailed: number };
}

/**
 * Proves a layout by simulation: places `nodeCount` stripes, then fails every fault domain (when visible) and every
 * set of m nodes (sampled deterministically past `maxSets`).
 */
export function verifyLayout(
  mode: PlacementMode,
  nodeCount: number,
  layout: Pick<EcLayout, 'k' | 'm'>,
  maxSets = 2000,
  faultDomains = FAULT_DOMAIN_COUNT,
): LayoutVerification {
  const stripes = placeStripes(mode, nodeCount, layout.k + layout.m, nodeCount, faultDomains);
  const fdLoss =
    mode === 'fault-domains'
      ? simulateFailures(stripes, nodeCount, layout.k, faultDomainFailureSets(nodeCount, faultDomains))
      : null;
  const sets = nodeFailureSets(nodeCount, layout.m, maxSets);
  const nodeLoss = simulateFailures(stripes, nodeCount, layout.k, sets.sets);
  return { faultDomainLoss: fdLoss, nodeLoss: { ...nodeLoss, exhaustive: sets.exhaustive, nodesFailed: layout.m } };
}

/** A small deterministic pseudo-random generator (mulberry32); returns numbers in [0, 1). */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
