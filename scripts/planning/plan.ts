/**
 * The planning model: one pure function from a validated profile and a price book to every figure the report,
 * the JSON document, the CSV and the customer handoff show.
 */
import { lSeriesSpec } from '../../constructs/compute/l-series-catalog';
import { generalPurposeSpec } from '../../constructs/compute/general-purpose-catalog';
import { REGIONAL_ZONE } from '../../constructs/compute/fault-domains';
import type { PlacementMode, Profile } from '../../stacks/profile/schema';
import { compareAmlfs, type AmlfsComparison } from './amlfs';
import { capacity, type Capacity } from './capacity';
import { cost, natPerGB, type Cost } from './cost';
import {
  chooseLayout,
  verifyLayout,
  type EcLayout,
  type LayoutChoice,
  type LayoutVerification,
} from './erasure-coding';
import { planMetrics, type Metric } from './metrics';
import type { PriceBook, PricePoint } from './price-book';
import { PRICE_TABLE } from './prices';
import { recovery, type Recovery } from './recovery';
import { storageAccountLimits } from './storage-limits';
import { extrapolate, throughput, type ExtrapolationRow, type Throughput } from './throughput';
import { mbpsToGBps } from './units';

/**
 * The layout part of a plan: the recommended layout's figures, with how it was chosen (the fields of
 * {@link LayoutChoice} but the recommended layout itself and the node count, which the profile part carries).
 */
export interface PlanLayout extends EcLayout, Omit<LayoutChoice, 'recommended' | 'nodeCount'> {
  /** What the failure simulation showed for the chosen layout. */
  readonly verification: LayoutVerification;
  /**
   * In `fault-domains` mode, the layout the same nodes would get in `zonal` mode (zone pinned, fault domains
   * invisible), so the reader sees what surviving a whole fault domain costs; null in `zonal` mode.
   */
  readonly zonalComparison: EcLayout | null;
}

/** Everything the planner computes for one profile. */
export interface Plan {
  /** Version of this document's shape. */
  readonly schemaVersion: 1;
  /** The profile facts the plan rests on. */
  readonly profile: {
    readonly name: string;
    readonly location: string;
    /** The pinned zone, or `regional` in `fault-domains` placement. */
    readonly zone: string;
    readonly vmSize: string;
    readonly nodeCount: number;
    readonly placementMode: PlacementMode;
    readonly offloadReplication: string;
    readonly nvmeDiskCount: number;
    readonly nvmeDiskSizeTB: number;
    readonly expectedNetworkMbps: number;
    readonly nvmeReadMBps: number | null;
  };
  readonly layout: PlanLayout;
  readonly capacity: Capacity;
  readonly throughput: Throughput;
  /**
   * The client pool, when the profile has one: its NICs cap what its load generators can measure.
   *
   * @default - absent without a client pool
   */
  readonly clients?: ClientPoolThroughput;
  readonly extrapolation: readonly ExtrapolationRow[];
  readonly cost: Cost & { readonly natPerGBUSD: number | null; readonly natPerGBSource: string };
  readonly amlfs: readonly AmlfsComparison[];
  readonly recovery: Recovery;
  /** The prices used, with their provenance. */
  readonly prices: {
    readonly origin: PriceBook['origin'];
    readonly currency: 'USD';
    readonly region: string;
    readonly points: Readonly<Record<string, PricePoint>>;
  };
  /** Statements the reader must keep in mind (NIC-bound, no RDMA, hypothetical rows, price region). */
  readonly notes: readonly string[];
  /** Every reported figure as a row: metric, scenario, value, unit and its source or formula. */
  readonly metrics: readonly Metric[];
  /** The source or formula of every metric, by metric id. */
  readonly sources: Readonly<Record<string, string>>;
}

/** The client pool's NIC ceiling. */
export interface ClientPoolThroughput {
  readonly vmSize: string;
  readonly count: number;
  /** One client's NIC (Microsoft's max network bandwidth for the size), GB/s. */
  readonly perClientNetworkGBps: number;
  /** count × per-client NIC, GB/s: the most the pool can read or write in total. */
  readonly networkGBps: number;
  /** The lower of the pool's NICs and the cluster's read bandwidth: the most a read test from the pool can show. */
  readonly measurableReadGBps: number;
  /** The lower of the pool's NICs and the cluster's write bandwidth. */
  readonly measurableWriteGBps: number;
}

/** Options for {@link buildPlan}. */
export interface PlanOptions {
  /**
   * Most failure sets of m nodes the simulation tries before it samples instead of enumerating.
   *
   * @default 500
   */
  readonly simulationMaxSets?: number;
}

/**
 * Builds the plan for a profile: erasure-coding layout (proved by simulation), raw and usable capacity, NIC-bound
 * throughput and its extrapolation to faster NICs, cost, the Azure Managed Lustre comparison and the recovery
 * window.
 *
 * Pure and deterministic: no I/O, no clock, no randomness beyond a fixed-seed sample; the same profile and prices
 * always give the same plan. The handoff bundle calls it to put the same numbers in the customer README and RUNBOOK.
 *
 * @param profile a validated profile (`loadProfile` / `validateProfile`).
 * @param prices the price book: {@link PRICE_TABLE} (the default) or one fetched by `fetchLivePrices`.
 * @throws Error when the profile's size is not in the catalog or no layout fits (the validator rejects both first).
 */
export function buildPlan(profile: Profile, prices: PriceBook = PRICE_TABLE, options: PlanOptions = {}): Plan {
  const spec = lSeriesSpec(profile.nodes.vmSize, 'nodes.vmSize');
  const nodeCount = profile.nodes.count;
  const mode = profile.placement.mode;
  const faultDomains = profile.placement.faultDomainCount;
  const choice = chooseLayout(mode, nodeCount, faultDomains);
  const { k, m } = choice.recommended;
  const verification = verifyLayout(
    mode,
    nodeCount,
    choice.recommended,
    options.simulationMaxSets ?? 500,
    faultDomains,
  );
  const zonalComparison = mode === 'fault-domains' ? chooseLayout('zonal', nodeCount).recommended : null;

  const cap = capacity({
    nodeCount,
    nvmeDiskCount: spec.nvmeDiskCount,
    nvmeDiskSizeTB: spec.nvmeDiskSizeTB,
    k,
    m,
    reservePercent: profile.planning.reservePercent,
  });
  const tpInput = {
    nodeCount,
    expectedNetworkMbps: spec.expectedNetworkMbps,
    k,
    m,
    ...(spec.nvmeReadMBps === undefined ? {} : { nvmeReadMBps: spec.nvmeReadMBps }),
  };
  const tp = throughput(tpInput);
  const clients = clientPoolThroughput(profile, tp);
  const costModel = cost(
    {
      nodeCount,
      vmSize: spec.name,
      replication: profile.offload.replication,
      usableTB: cap.usableTB,
      usableTiB: cap.usableTiB,
      networkGBps: tp.networkGBps,
      dailyChangeTB: profile.planning.dailyChangeTB,
      natGateways: profile.network.existing ? 0 : 1,
    },
    prices,
  );
  const nat = natPerGB(prices);
  const amlfs = compareAmlfs(
    {
      usableTiB: cap.usableTiB,
      networkGBps: tp.networkGBps,
      perUsableTiBMonthUSD: costModel.perUsableTiBMonthUSD,
      perGBpsMonthUSD: costModel.perGBpsMonthUSD,
    },
    prices,
  );
  const rec = recovery({
    dailyChangeTB: profile.planning.dailyChangeTB,
    offloadGbps: profile.planning.offloadGbps,
    usableTB: cap.usableTB,
    writeGBps: tp.writeGBps,
    accountLimits: storageAccountLimits(profile.location),
  });

  const notes = planNotes(profile, prices, tp, clients);

  const core: Omit<Plan, 'metrics' | 'sources'> = {
    schemaVersion: 1,
    profile: {
      name: profile.name,
      location: profile.location,
      zone: profile.zone ?? REGIONAL_ZONE,
      vmSize: spec.name,
      nodeCount,
      placementMode: mode,
      offloadReplication: profile.offload.replication,
      nvmeDiskCount: spec.nvmeDiskCount,
      nvmeDiskSizeTB: spec.nvmeDiskSizeTB,
      expectedNetworkMbps: spec.expectedNetworkMbps,
      nvmeReadMBps: spec.nvmeReadMBps ?? null,
    },
    layout: {
      ...choice.recommended,
      mode,
      faultDomains: choice.faultDomains,
      faultDomainsVisible: choice.faultDomainsVisible,
      alternatives: choice.alternatives,
      rule: choice.rule,
      caveats: choice.caveats,
      verification,
      zonalComparison,
    },
    capacity: cap,
    throughput: tp,
    ...(clients ? { clients } : {}),
    extrapolation: extrapolate(tpInput),
    cost: { ...costModel, natPerGBUSD: nat.usd, natPerGBSource: nat.source },
    amlfs,
    recovery: rec,
    prices: { origin: prices.origin, currency: prices.currency, region: prices.region, points: prices.points },
    notes,
  };
  const metrics = planMetrics(core);
  return { ...core, metrics, sources: Object.fromEntries(metrics.map((x) => [x.id, x.source])) };
}

/** The client pool's NIC ceiling on what a test from it can measure; undefined without a client pool. */
function clientPoolThroughput(profile: Profile, tp: Throughput): ClientPoolThroughput | undefined {
  const pool = profile.clientPool;
  if (!pool.enabled) return undefined;
  const perClient = mbpsToGBps(generalPurposeSpec(pool.vmSize, 'clientPool.vmSize').networkMbps);
  const poolGBps = perClient * pool.count;
  return {
    vmSize: pool.vmSize,
    count: pool.count,
    perClientNetworkGBps: perClient,
    networkGBps: poolGBps,
    measurableReadGBps: Math.min(poolGBps, tp.readGBps),
    measurableWriteGBps: Math.min(poolGBps, tp.writeGBps),
  };
}

/** The plan's notes: the model's assumptions, then what this profile and price book add. */
function planNotes(
  profile: Profile,
  prices: PriceBook,
  tp: Throughput,
  clients: ClientPoolThroughput | undefined,
): string[] {
  const notes = [
    'Throughput is NIC-bound: each node contributes Microsoft\'s "expected" network bandwidth for its size (not a guarantee); guest RDMA between VMs is not available, so all traffic crosses the VM NIC.',
    'Writes put (k+m)/k bytes on the wire per byte written; reads assume the data fragments are served without reconstruction (a degraded read costs more).',
    "Extrapolation rows are hypothetical unless their NIC speed is the profile size's catalog figure: they keep the size's disks and the node count and change only the NIC.",
    'Figures are decimal: TB = 10^12 bytes, GB/s = 10^9 bytes/s; TiB = 2^40 bytes.',
  ];
  if (clients && clients.networkGBps < tp.readGBps) {
    notes.push(
      `The client pool (${clients.count} × ${clients.vmSize}, ${clients.networkGBps} GB/s of NIC) is smaller than the cluster's read bandwidth: tests from it measure the pool, not the cluster.`,
    );
  }
  if (prices.region !== profile.location) {
    notes.push(`Prices are for ${prices.region}; the profile deploys to ${profile.location}.`);
  }
  return notes;
}
