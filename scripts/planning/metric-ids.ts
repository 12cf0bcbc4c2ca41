/**
 * The ids of the plan's metric rows, defined once. The ids are a contract: the handoff bundle and the benchmark kit
 * look figures up by id, so every id is a member of {@link MetricId} and a misspelt id is a compile error.
 */

/** Ids of the figures a plan reports once (some only for some profiles, e.g. `clients.*` with a client pool). */
export const METRIC_IDS = [
  'layout.mode',
  'layout.nodeCount',
  'layout.faultDomains',
  'layout.k',
  'layout.m',
  'layout.efficiency',
  'layout.zonalComparison.name',
  'layout.zonalComparison.efficiency',
  'layout.nodeFailuresTolerated',
  'layout.survivesFaultDomainLoss',
  'layout.nodeFailuresAfterFaultDomainLoss',
  'layout.spareNodesForRebuild',
  'layout.simulation.faultDomainLoss',
  'layout.simulation.nodeLoss',
  'capacity.perNodeRawTB',
  'capacity.rawTB',
  'capacity.rawTiB',
  'capacity.reservePercent',
  'capacity.usableTB',
  'capacity.usableTiB',
  'throughput.nicGbps',
  'throughput.perNodeNetworkGBps',
  'throughput.networkGBps',
  'throughput.readGBps',
  'throughput.writeGBps',
  'throughput.perNodeNvmeReadGBps',
  'throughput.nvmeReadGBps',
  'throughput.bottleneck',
  'clients.perClientNetworkGBps',
  'clients.networkGBps',
  'clients.measurableReadGBps',
  'clients.measurableWriteGBps',
  'cost.monthlyUSD',
  'cost.hourlyUSD',
  'cost.knownMonthlyUSD',
  'cost.perUsableTiBMonthUSD',
  'cost.perGBpsMonthUSD',
  'cost.natPerGBUSD',
  'recovery.dailyChangeTB',
  'recovery.offloadGBps',
  'recovery.offloadCapacityTBPerDay',
  'recovery.offloadUtilisation',
  'recovery.offloadKeepsUp',
  'recovery.backlogGrowthTBPerDay',
  'recovery.rpoWindowHours',
  'recovery.peakUnoffloadedTB',
  'recovery.rehydrateGBps',
  'recovery.rehydrateHours',
  'recovery.rehydrateHoursAtOffloadRate',
] as const;

/** The id of a figure the plan reports once, e.g. `capacity.usableTB`. */
export type FixedMetricId = (typeof METRIC_IDS)[number];

/**
 * Stems of the figures a plan reports once per scenario (an alternative layout, a NIC speed, a cost line, an AMLFS
 * tier); the row id is the stem, `@` and the scenario key, e.g. `extrapolation.networkGBps@400`.
 */
export const SCENARIO_METRIC_STEMS = [
  'layout.alternative.efficiency',
  'extrapolation.networkGBps',
  'extrapolation.readGBps',
  'extrapolation.writeGBps',
  'extrapolation.nvmeBound',
  'cost.unitPrice',
  'cost.quantity',
  'cost.monthlyUSD',
  'amlfs.priceUSDPerTiBMonth',
  'amlfs.capacityTiB',
  'amlfs.bandwidthGBps',
  'amlfs.monthlyUSD',
  'amlfs.perGBpsMonthUSD',
  'amlfs.cheaperPerTiB',
  'amlfs.cheaperPerGBps',
] as const;

/** The id of a per-scenario figure: a stem from {@link SCENARIO_METRIC_STEMS}, `@`, the scenario key. */
export type ScenarioMetricId = `${(typeof SCENARIO_METRIC_STEMS)[number]}@${string}`;

/** Every metric id a plan can carry. */
export type MetricId = FixedMetricId | ScenarioMetricId;

const FIXED: ReadonlySet<string> = new Set(METRIC_IDS);
const STEMS: ReadonlySet<string> = new Set(SCENARIO_METRIC_STEMS);

/** Whether a string (e.g. read from a plan's JSON) is a metric id. */
export function isMetricId(id: string): id is MetricId {
  if (FIXED.has(id)) return true;
  const at = id.indexOf('@');
  return at > 0 && at < id.length - 1 && STEMS.has(id.slice(0, at));
}
