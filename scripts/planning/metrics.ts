/**
 * Flattens a plan into metric rows: one per figure and scenario, each with its unit and its source or formula. The
 * terminal tables, the CSV and the JSON `sources` map are all built from these rows, so nothing is shown without a
 * source.
 */
import type { MetricId } from './metric-ids';
import type { Plan } from './plan';
import { L_SERIES_CATALOG, L_SERIES_SIZES } from '../../constructs/compute/l-series-catalog';
import { HOURS_PER_MONTH, roundOrNull } from './units';

/** The report sections, in display order, with their titles (the terminal report and the handoff README). */
export const METRIC_SECTIONS = [
  ['layout', 'Erasure coding'],
  ['capacity', 'Capacity'],
  ['throughput', 'Throughput (NIC-bound)'],
  ['extrapolation', 'Extrapolation to faster NICs'],
  ['cost', 'Cost (USD)'],
  ['amlfs', 'Azure Managed Lustre comparison'],
  ['recovery', 'Recovery window'],
] as const;

/** A report section, e.g. `capacity`. */
export type MetricSection = (typeof METRIC_SECTIONS)[number][0];

/** One reported figure. */
export interface Metric {
  /** Stable id, e.g. `capacity.usableTB` or `extrapolation.networkGBps@400` (the ids are in `metric-ids.ts`). */
  readonly id: MetricId;
  /** Report section: layout, capacity, throughput, extrapolation, cost, amlfs, recovery. */
  readonly section: MetricSection;
  /** What is measured, in words. */
  readonly metric: string;
  /** The scenario the figure belongs to (`cluster` when there is only one). */
  readonly scenario: string;
  /** The value: a number (rounded to 6 decimals), a word, a boolean, or `null` for unknown. */
  readonly value: number | string | boolean | null;
  /** Unit of the value (`TB`, `GB/s`, `USD/month`, …), empty for words and booleans. */
  readonly unit: string;
  /** Where the value comes from, or the formula that produced it. */
  readonly source: string;
}

/** The plan without its metric rows, which are built from it. */
type PlanCore = Omit<Plan, 'metrics' | 'sources'>;

const CATALOG = 'L-series catalog (Microsoft size pages, reference §2)';

/** Builds the metric rows of a plan, section by section in report order. */
export function planMetrics(plan: PlanCore): Metric[] {
  return [
    ...layoutMetrics(plan),
    ...faultToleranceMetrics(plan),
    ...alternativeLayoutMetrics(plan),
    ...capacityMetrics(plan),
    ...throughputMetrics(plan),
    ...clientPoolMetrics(plan),
    ...extrapolationMetrics(plan),
    ...costLineMetrics(plan),
    ...costTotalMetrics(plan),
    ...amlfsMetrics(plan),
    ...offloadMetrics(plan),
    ...recoveryWindowMetrics(plan),
  ];
}

/** The rows of one report section and the function that adds one (numbers rounded to 6 decimals). */
function sectionRows(section: MetricSection): {
  readonly rows: Metric[];
  readonly add: (
    id: MetricId,
    metric: string,
    value: Metric['value'],
    unit: string,
    source: string,
    scenario?: string,
  ) => void;
} {
  const rows: Metric[] = [];
  const add = (
    id: MetricId,
    metric: string,
    value: Metric['value'],
    unit: string,
    source: string,
    scenario = 'cluster',
  ): void => {
    rows.push({
      id,
      section,
      metric,
      scenario,
      value: typeof value === 'number' ? roundOrNull(value, 6) : value,
      unit,
      source,
    });
  };
  return { rows, add };
}

/** Layout: placement, fault domains, the chosen erasure code and the zonal layout for comparison. */
function layoutMetrics(plan: PlanCore): Metric[] {
  const { rows, add } = sectionRows('layout');
  const { profile: p, layout: l } = plan;
  add('layout.mode', 'Placement mode', l.mode, '', 'profile placement.mode');
  add('layout.nodeCount', 'Nodes', p.nodeCount, 'nodes', 'profile nodes.count');
  add(
    'layout.faultDomains',
    'Fault domains planned against',
    l.faultDomains,
    'FDs',
    l.faultDomainsVisible
      ? `regional Flexible scale set, platform fault domain count ${l.faultDomains} (the region's MaximumPlatformFaultDomainCount or the profile's placement.faultDomainCount); node i in fault domain i mod ${l.faultDomains}; no zone pinned`
      : 'zonal Flexible scale set: fault domain count 1, spreading not visible (reference §3)',
  );
  add('layout.k', 'Data fragments (k)', l.k, 'fragments', l.rule);
  add('layout.m', 'Parity fragments (m)', l.m, 'fragments', l.rule);
  add('layout.efficiency', 'Capacity efficiency', l.efficiency, 'fraction', 'k/(k+m)');
  if (l.zonalComparison) {
    const z = l.zonalComparison;
    const zonalSource = `the layout zonal placement would choose for the same ${p.nodeCount} nodes (zone pinned, fault domains invisible: survives ${z.m} node losses, not a fault-domain loss)`;
    add('layout.zonalComparison.name', 'Zonal layout for comparison', z.name, '', zonalSource);
    add(
      'layout.zonalComparison.efficiency',
      'Zonal layout capacity efficiency, for comparison',
      z.efficiency,
      'fraction',
      `k/(k+m) of ${z.name}; ${zonalSource}`,
    );
  }
  return rows;
}

/** Layout: the failures the chosen code survives, and the simulation that proves it. */
function faultToleranceMetrics(plan: PlanCore): Metric[] {
  const { rows, add } = sectionRows('layout');
  const { layout: l } = plan;
  add('layout.nodeFailuresTolerated', 'Node failures survived', l.nodeFailuresTolerated, 'nodes', 'm');
  add(
    'layout.survivesFaultDomainLoss',
    'Survives loss of a whole fault domain',
    l.survivesFaultDomainLoss,
    '',
    l.faultDomainsVisible
      ? `ceil((k+m)/${l.faultDomains}) ≤ m, proved by simulation`
      : 'fault domains not visible: not covered',
  );
  if (l.nodeFailuresAfterFaultDomainLoss !== null) {
    add(
      'layout.nodeFailuresAfterFaultDomainLoss',
      'Further node failures survived after a fault-domain loss',
      l.nodeFailuresAfterFaultDomainLoss,
      'nodes',
      `m − ceil((k+m)/${l.faultDomains})`,
    );
  }
  add(
    'layout.spareNodesForRebuild',
    l.faultDomainsVisible ? 'Spare nodes per fault domain for rebuilds' : 'Spare nodes for rebuilds',
    l.spareNodesForRebuild,
    'nodes',
    l.faultDomainsVisible ? `nodes/${l.faultDomains} − ceil((k+m)/${l.faultDomains})` : 'nodes − (k+m)',
  );
  const v = l.verification;
  if (v.faultDomainLoss) {
    add(
      'layout.simulation.faultDomainLoss',
      'Simulation: every stripe readable after each fault-domain loss',
      v.faultDomainLoss.survived,
      '',
      `${v.faultDomainLoss.stripes} stripes with rotating placement, each of ${v.faultDomainLoss.failureSetsTried} fault domains failed in turn`,
    );
  }
  add(
    'layout.simulation.nodeLoss',
    `Simulation: every stripe readable after any ${v.nodeLoss.nodesFailed} node failures`,
    v.nodeLoss.survived,
    '',
    `${v.nodeLoss.stripes} stripes, ${v.nodeLoss.failureSetsTried} failure sets (${v.nodeLoss.exhaustive ? 'every set' : 'deterministic sample'})`,
  );
  return rows;
}

/** Layout: the alternative codes, one row each. */
function alternativeLayoutMetrics(plan: PlanCore): Metric[] {
  const { rows, add } = sectionRows('layout');
  const { layout: l } = plan;
  for (const alt of l.alternatives) {
    add(
      `layout.alternative.efficiency@${alt.name}`,
      'Alternative layout: capacity efficiency',
      alt.efficiency,
      'fraction',
      `k/(k+m); tolerates ${alt.m} node failures${alt.survivesFaultDomainLoss ? ' and a fault-domain loss' : ''}; ${alt.spareNodesForRebuild} spare node(s) for rebuilds`,
      alt.name,
    );
  }
  return rows;
}

/** Capacity: raw, reserve and usable. */
function capacityMetrics(plan: PlanCore): Metric[] {
  const { rows, add } = sectionRows('capacity');
  const { profile: p, layout: l, capacity: c } = plan;
  add(
    'capacity.perNodeRawTB',
    'Raw NVMe per node',
    c.perNodeRawTB,
    'TB',
    `${p.nvmeDiskCount} disks × ${p.nvmeDiskSizeTB} TB, ${CATALOG}`,
  );
  add(
    'capacity.rawTB',
    'Raw capacity',
    c.rawTB,
    'TB',
    `nodes (${p.nodeCount}) × disks (${p.nvmeDiskCount}) × disk size (${p.nvmeDiskSizeTB} TB)`,
  );
  add('capacity.rawTiB', 'Raw capacity', c.rawTiB, 'TiB', 'raw TB ÷ 1.099511627776');
  add('capacity.reservePercent', 'Reserve held back', c.reservePercent, '%', 'profile planning.reservePercent');
  add('capacity.usableTB', 'Usable capacity', c.usableTB, 'TB', `raw × k/(k+m) (${l.name}) × (1 − reserve/100)`);
  add('capacity.usableTiB', 'Usable capacity', c.usableTiB, 'TiB', 'usable TB ÷ 1.099511627776');
  return rows;
}

/** Throughput: NIC, network, read, write and local NVMe. */
function throughputMetrics(plan: PlanCore): Metric[] {
  const { rows, add } = sectionRows('throughput');
  const { profile: p, throughput: t } = plan;
  add(
    'throughput.nicGbps',
    'NIC expected bandwidth per node',
    t.nicGbps,
    'Gbps',
    `${p.expectedNetworkMbps} Mbps, ${CATALOG}; expected, not guaranteed`,
  );
  add('throughput.perNodeNetworkGBps', 'Network per node', t.perNodeNetworkGBps, 'GB/s', 'Mbps ÷ 8000');
  add(
    'throughput.networkGBps',
    'Aggregate network (NIC-bound, no guest RDMA)',
    t.networkGBps,
    'GB/s',
    'nodes × per-node NIC',
  );
  add('throughput.readGBps', 'Read bandwidth', t.readGBps, 'GB/s', 'aggregate network (NIC-bound)');
  add('throughput.writeGBps', 'Write bandwidth', t.writeGBps, 'GB/s', 'aggregate × k/(k+m): parity crosses the wire');
  add(
    'throughput.perNodeNvmeReadGBps',
    'Local NVMe read per node',
    t.perNodeNvmeReadGBps,
    'GB/s',
    t.perNodeNvmeReadGBps === null
      ? `not published for ${p.vmSize} (${CATALOG})`
      : `${p.nvmeReadMBps} MB/s ÷ 1000, ${CATALOG}`,
  );
  add('throughput.nvmeReadGBps', 'Aggregate local NVMe read', t.nvmeReadGBps, 'GB/s', 'nodes × NVMe read per node');
  add(
    'throughput.bottleneck',
    'Read bottleneck',
    t.bottleneck,
    '',
    'the lower of aggregate network and aggregate NVMe read',
  );
  return rows;
}

/** Throughput: the client pool as a ceiling on what a test can measure (no rows without a pool). */
function clientPoolMetrics(plan: PlanCore): Metric[] {
  const pool = plan.clients;
  if (!pool) return [];
  const { rows, add } = sectionRows('throughput');
  const src = 'general-purpose catalog (Microsoft Dv5/Dsv5 size page, max network bandwidth)';
  add(
    'clients.perClientNetworkGBps',
    'Client pool: one client NIC',
    pool.perClientNetworkGBps,
    'GB/s',
    `${src} ÷ 8000`,
  );
  add(
    'clients.networkGBps',
    'Client pool: all client NICs',
    pool.networkGBps,
    'GB/s',
    `clientPool.count (${pool.count}) × one client NIC`,
  );
  add(
    'clients.measurableReadGBps',
    'Most a read test from the client pool can measure',
    pool.measurableReadGBps,
    'GB/s',
    'min(client pool NICs, cluster read bandwidth)',
  );
  add(
    'clients.measurableWriteGBps',
    'Most a write test from the client pool can measure',
    pool.measurableWriteGBps,
    'GB/s',
    'min(client pool NICs, cluster write bandwidth)',
  );
  return rows;
}

/** Extrapolation: the same nodes with faster NICs, one scenario per NIC speed. */
function extrapolationMetrics(plan: PlanCore): Metric[] {
  const { rows, add } = sectionRows('extrapolation');
  const { profile: p, layout: l } = plan;
  for (const row of plan.extrapolation) {
    const sizes = L_SERIES_SIZES.filter((n) => L_SERIES_CATALOG[n]!.expectedNetworkMbps >= row.nicGbps * 1000);
    const offered = sizes.length
      ? `catalog sizes with at least this NIC: ${sizes.join(', ')}`
      : 'no catalog size has this NIC';
    const scenario = `${row.nicGbps} Gbps NIC${row.hypothetical ? ' (hypothetical)' : ''}`;
    const basis = `${row.hypothetical ? 'hypothetical NIC speed' : 'catalog NIC speed'}; same ${p.nodeCount} nodes and ${l.name} layout`;
    add(
      `extrapolation.networkGBps@${row.nicGbps}`,
      'Aggregate network',
      row.networkGBps,
      'GB/s',
      `nodes × ${row.nicGbps} Gbps ÷ 8; ${basis}; ${offered}`,
      scenario,
    );
    add(
      `extrapolation.readGBps@${row.nicGbps}`,
      'Read bandwidth',
      row.readGBps,
      'GB/s',
      `aggregate network; ${basis}`,
      scenario,
    );
    add(
      `extrapolation.writeGBps@${row.nicGbps}`,
      'Write bandwidth',
      row.writeGBps,
      'GB/s',
      `aggregate × k/(k+m); ${basis}`,
      scenario,
    );
    add(
      `extrapolation.nvmeBound@${row.nicGbps}`,
      'Reads bounded by local NVMe instead',
      row.nvmeBound,
      '',
      row.nvmeBound === null ? 'NVMe read not published for the size' : 'aggregate NVMe read < aggregate network',
      scenario,
    );
  }
  return rows;
}

/** Cost: unit price, quantity and monthly cost of each line. */
function costLineMetrics(plan: PlanCore): Metric[] {
  const { rows, add } = sectionRows('cost');
  const { cost: k } = plan;
  for (const line of k.lines) {
    add(
      `cost.unitPrice@${line.id}`,
      `Unit price: ${line.label}`,
      line.unitPriceUSD,
      `USD per ${line.priceUnit.replace(/^1 /, '')}`,
      line.priceSource,
      line.id,
    );
    add(
      `cost.quantity@${line.id}`,
      `Quantity: ${line.label}`,
      line.quantityPerMonth,
      `${line.quantityUnit}/month`,
      line.formula,
      line.id,
    );
    add(
      `cost.monthlyUSD@${line.id}`,
      `Monthly: ${line.label}`,
      line.monthlyUSD,
      'USD/month',
      'quantity × unit price',
      line.id,
    );
  }
  return rows;
}

/** Cost: the totals and the ratios built from them. */
function costTotalMetrics(plan: PlanCore): Metric[] {
  const { rows, add } = sectionRows('cost');
  const { cost: k } = plan;
  add(
    'cost.monthlyUSD',
    'Total per month',
    k.monthlyUSD,
    'USD/month',
    `sum of the lines; unknown when any line is unknown (${k.unknownLines.join(', ') || 'none'})`,
  );
  add('cost.hourlyUSD', 'Total per hour', k.hourlyUSD, 'USD/hour', `monthly ÷ ${HOURS_PER_MONTH} h`);
  add(
    'cost.knownMonthlyUSD',
    'Known part of the monthly total',
    k.knownMonthlyUSD,
    'USD/month',
    'sum of the lines whose price is known',
  );
  add(
    'cost.perUsableTiBMonthUSD',
    'Cost per usable TiB',
    k.perUsableTiBMonthUSD,
    'USD/TiB-month',
    'monthly ÷ usable TiB',
  );
  add(
    'cost.perGBpsMonthUSD',
    'Cost per GB/s of aggregate bandwidth',
    k.perGBpsMonthUSD,
    'USD/(GB/s)-month',
    'monthly ÷ aggregate network GB/s',
  );
  add(
    'cost.natPerGBUSD',
    'NAT gateway data processed (rate only, not in the total)',
    k.natPerGBUSD,
    'USD per GB',
    `${k.natPerGBSource}; offload uses the private endpoint, not the NAT gateway`,
  );
  return rows;
}

/** AMLFS comparison: each durable tier at the same capacity and at the same bandwidth. */
function amlfsMetrics(plan: PlanCore): Metric[] {
  const { rows, add } = sectionRows('amlfs');
  for (const a of plan.amlfs) {
    const tier = `${a.mbpsPerTiB} MB/s per TiB, min ${a.minTiB} TiB, increment ${a.incrementTiB} TiB, self-serve max ${a.maxTiB} TiB (reference §6)`;
    add(
      `amlfs.priceUSDPerTiBMonth@${a.sku}`,
      'Price per TiB',
      a.priceUSDPerTiBMonth,
      'USD/TiB-month',
      a.priceSource,
      a.sku,
    );
    for (const [which, s, wanted] of [
      ['sameCapacity', a.sameCapacity, 'usable TiB of the cluster'],
      ['sameBandwidth', a.sameBandwidth, 'aggregate network GB/s × 1000 ÷ MB/s per TiB'],
    ] as const) {
      const scenario = `${a.sku}, ${which === 'sameCapacity' ? 'same capacity' : 'same bandwidth'}`;
      add(
        `amlfs.capacityTiB@${a.sku}.${which}`,
        'Provisioned capacity',
        s.capacityTiB,
        'TiB',
        `${wanted}, rounded up to the increment, at least the minimum; ${tier}${s.exceedsSelfServeMax ? '; ABOVE the self-serve maximum: support request' : ''}`,
        scenario,
      );
      add(
        `amlfs.bandwidthGBps@${a.sku}.${which}`,
        'Bandwidth',
        s.bandwidthGBps,
        'GB/s',
        'MB/s per TiB × TiB ÷ 1000',
        scenario,
      );
      add(
        `amlfs.monthlyUSD@${a.sku}.${which}`,
        'Cost per month',
        s.monthlyUSD,
        'USD/month',
        'TiB × price per TiB-month',
        scenario,
      );
    }
    add(
      `amlfs.perGBpsMonthUSD@${a.sku}`,
      'Cost per GB/s',
      a.perGBpsMonthUSD,
      'USD/(GB/s)-month',
      'price per TiB-month ÷ (MB/s per TiB ÷ 1000)',
      a.sku,
    );
    add(
      `amlfs.cheaperPerTiB@${a.sku}`,
      'Cheaper per TiB',
      a.cheaperPerTiB,
      '',
      'cluster USD/usable-TiB-month against the tier price; unknown when either price is unknown',
      a.sku,
    );
    add(
      `amlfs.cheaperPerGBps@${a.sku}`,
      'Cheaper per GB/s',
      a.cheaperPerGBps,
      '',
      'cluster USD/(GB/s)-month against the tier; unknown when either price is unknown',
      a.sku,
    );
  }
  return rows;
}

/** Recovery: whether offload to Blob keeps up with the daily change. */
function offloadMetrics(plan: PlanCore): Metric[] {
  const { rows, add } = sectionRows('recovery');
  const { recovery: r } = plan;
  add('recovery.dailyChangeTB', 'Daily change', r.dailyChangeTB, 'TB/day', 'profile planning.dailyChangeTB');
  add(
    'recovery.offloadGBps',
    'Offload rate',
    r.offloadGBps,
    'GB/s',
    r.offloadCappedByAccount
      ? `storage account ingress target (${r.offloadGbps} Gbps, below the profile's ${r.requestedOffloadGbps} Gbps) ÷ 8; ${r.accountLimits.source}`
      : `profile planning.offloadGbps (${r.offloadGbps} Gbps) ÷ 8; at most the account's ingress target of ${r.accountLimits.ingressGbps} Gbps`,
  );
  add(
    'recovery.offloadCapacityTBPerDay',
    'Most offload can move per day',
    r.offloadCapacityTBPerDay,
    'TB/day',
    'offload GB/s × 86,400 s ÷ 1000',
  );
  add(
    'recovery.offloadUtilisation',
    'Offload utilisation',
    r.offloadUtilisation,
    'fraction',
    'daily change ÷ offload capacity per day',
  );
  add('recovery.offloadKeepsUp', 'Offload keeps up with the daily change', r.offloadKeepsUp, '', 'utilisation ≤ 1');
  add(
    'recovery.backlogGrowthTBPerDay',
    'Unoffloaded backlog growth',
    r.backlogGrowthTBPerDay,
    'TB/day',
    'daily change − offload capacity per day (0 when offload keeps up)',
  );
  return rows;
}

/** Recovery: the data-loss window and the rehydration time. */
function recoveryWindowMetrics(plan: PlanCore): Metric[] {
  const { rows, add } = sectionRows('recovery');
  const { recovery: r } = plan;
  add(
    'recovery.rpoWindowHours',
    'Data-loss window (RPO bound)',
    r.rpoWindowHours,
    'hours',
    "daily change ÷ offload rate: the last byte of a day's change written in one burst waits this long before it lands in Blob; unknown (unbounded) when offload does not keep up",
  );
  add(
    'recovery.peakUnoffloadedTB',
    'Most unoffloaded data at risk',
    r.peakUnoffloadedTB,
    'TB',
    "daily change × (1 − offload ÷ write bandwidth): a day's change arriving as one burst at full write speed",
  );
  add(
    'recovery.rehydrateGBps',
    'Rehydration bandwidth',
    r.rehydrateGBps,
    'GB/s',
    `the lower of the cluster write bandwidth and the storage account's egress target (${r.accountLimits.egressGbps} Gbps ÷ 8): limited by ${r.rehydrateLimitedBy}`,
  );
  add(
    'recovery.rehydrateHours',
    'Full rehydration from Blob (RTO)',
    r.rehydrateHours,
    'hours',
    `usable TB × 1000 ÷ rehydration bandwidth (${roundOrNull(r.rehydrateGBps, 3)} GB/s, limited by ${r.rehydrateLimitedBy}); ${r.accountLimits.source}; metadata rebuild not modelled`,
  );
  add(
    'recovery.rehydrateHoursAtOffloadRate',
    'Full rehydration at the offload rate (pessimistic RTO)',
    r.rehydrateHoursAtOffloadRate,
    'hours',
    'usable TB × 1000 ÷ offload GB/s: if the storage account, not the cluster, limits the transfer',
  );
  return rows;
}
