/**
 * The L-series (storage optimized) VM sizes this toolkit can deploy, with the figures that placement, planning and
 * preflight depend on.
 *
 * Source: Microsoft's L-series size pages (Lsv3, Lasv3, Lsv4, Lasv4, Laosv4, Lasv5/Laosv5), as collected in
 * `shared/reference/azure.md` §2. Network bandwidth is Microsoft's "expected" figure, not a guarantee. NVMe disk
 * sizes are decimal terabytes. Quota families for v4 names are of medium confidence and the v5 ones follow the same
 * naming pattern without a source: preflight reads the family from the live SKU list and uses this value only when
 * Azure does not name one.
 */
import { lookupTable, ownValue } from '../shared/validation';

/** The size generations this catalog knows. */
export type LSeriesGeneration = 'v3' | 'v4' | 'v5';

/** One L-series VM size. */
export interface LSeriesSpec {
  /** The Azure size name, e.g. `Standard_L80s_v3`. */
  readonly name: string;
  /** The series within the L family (e.g. `Lsv3`, `Lasv4`). */
  readonly series: string;
  /** The size's generation. v4 and v5 sizes have no SCSI temp disk and need a Gen2 image with NVMe support. */
  readonly generation: LSeriesGeneration;
  /** Virtual CPUs. */
  readonly vcpus: number;
  /** Memory in GiB. */
  readonly memoryGiB: number;
  /** Number of local NVMe disks. */
  readonly nvmeDiskCount: number;
  /** Size of each local NVMe disk in decimal terabytes. */
  readonly nvmeDiskSizeTB: number;
  /** Most network interfaces the size accepts. */
  readonly maxNics: number;
  /** Microsoft's expected network bandwidth in megabits per second. */
  readonly expectedNetworkMbps: number;
  /** The compute quota family the size draws on (as the usage API names it, compared case-insensitively). */
  readonly quotaFamily: string;
  /** Whether the size accepts a Gen1 image (v3 sizes do; v4 and v5 need Gen2). */
  readonly supportsGen1: boolean;
  /**
   * Whether the size supports host caching of Premium Storage disks (the size page's "Premium Storage caching").
   * Lsv3 and Lasv3 say "Not Supported"; Lsv4 supports it except Standard_L96s_v4, which the Lsv4 page excepts. For
   * Lasv4, Laosv4, Lasv5 and Laosv5 support could not be confirmed offline: they are recorded as not supported, so
   * every rule that depends on this fact stays on the safe side.
   */
  readonly premiumStorageCaching: boolean;
  /**
   * Rated local NVMe read throughput in MB/s, where Microsoft publishes one.
   *
   * @default - not published in the reference; planning reports it as unknown
   */
  readonly nvmeReadMBps?: number;
}

type Row = readonly [
  name: string,
  vcpus: number,
  memoryGiB: number,
  disks: number,
  diskTB: number,
  maxNics: number,
  mbps: number,
  nvmeReadMBps?: number,
];

interface SeriesInfo {
  readonly series: string;
  readonly generation: LSeriesGeneration;
  readonly quotaFamily: string;
  /** Premium Storage caching per the series page (see {@link LSeriesSpec.premiumStorageCaching}). */
  readonly premiumStorageCaching: boolean;
}

// premiumStorageCaching: Lsv3/Lasv3 pages say "Not Supported"; Lsv4 supports it (L96s_v4 excepted, see below); the
// other series are unconfirmed and recorded as false.
const LSV3: SeriesInfo = {
  series: 'Lsv3',
  generation: 'v3',
  quotaFamily: 'standardLSv3Family',
  premiumStorageCaching: false,
};
const LASV3: SeriesInfo = {
  series: 'Lasv3',
  generation: 'v3',
  quotaFamily: 'standardLASv3Family',
  premiumStorageCaching: false,
};
const LSV4: SeriesInfo = {
  series: 'Lsv4',
  generation: 'v4',
  quotaFamily: 'standardLsv4Family',
  premiumStorageCaching: true,
};
const LASV4: SeriesInfo = {
  series: 'Lasv4',
  generation: 'v4',
  quotaFamily: 'standardLasv4Family',
  premiumStorageCaching: false,
};
const LAOSV4: SeriesInfo = {
  series: 'Laosv4',
  generation: 'v4',
  quotaFamily: 'standardLaosv4Family',
  premiumStorageCaching: false,
};
const LASV5: SeriesInfo = {
  series: 'Lasv5',
  generation: 'v5',
  quotaFamily: 'standardLasv5Family',
  premiumStorageCaching: false,
};
const LAOSV5: SeriesInfo = {
  series: 'Laosv5',
  generation: 'v5',
  quotaFamily: 'standardLaosv5Family',
  premiumStorageCaching: false,
};

/** Sizes whose series supports Premium Storage caching but whose size page excepts them. */
const NO_PREMIUM_CACHING: readonly string[] = ['Standard_L96s_v4'];

// Lasv3 sizes mirror Lsv3 in vCPU, memory, disks and NICs; only L64as/L80as differ in bandwidth (32,000 Mbps).
const TABLE = [
  [LSV3, ['Standard_L8s_v3', 8, 64, 1, 1.92, 4, 12_500]],
  [LSV3, ['Standard_L16s_v3', 16, 128, 2, 1.92, 8, 12_500]],
  [LSV3, ['Standard_L32s_v3', 32, 256, 4, 1.92, 8, 16_000]],
  [LSV3, ['Standard_L48s_v3', 48, 384, 6, 1.92, 8, 24_000]],
  [LSV3, ['Standard_L64s_v3', 64, 512, 8, 1.92, 8, 30_000]],
  [LSV3, ['Standard_L80s_v3', 80, 640, 10, 1.92, 8, 32_000, 20_000]],
  [LASV3, ['Standard_L8as_v3', 8, 64, 1, 1.92, 4, 12_500]],
  [LASV3, ['Standard_L16as_v3', 16, 128, 2, 1.92, 8, 12_500]],
  [LASV3, ['Standard_L32as_v3', 32, 256, 4, 1.92, 8, 16_000]],
  [LASV3, ['Standard_L48as_v3', 48, 384, 6, 1.92, 8, 24_000]],
  [LASV3, ['Standard_L64as_v3', 64, 512, 8, 1.92, 8, 32_000]],
  [LASV3, ['Standard_L80as_v3', 80, 640, 10, 1.92, 8, 32_000]],
  [LSV4, ['Standard_L8s_v4', 8, 64, 4, 0.48, 4, 12_500]],
  [LSV4, ['Standard_L16s_v4', 16, 128, 4, 0.96, 8, 12_500]],
  [LSV4, ['Standard_L32s_v4', 32, 256, 8, 0.96, 8, 16_000]],
  [LSV4, ['Standard_L48s_v4', 48, 384, 6, 1.92, 8, 24_000]],
  [LSV4, ['Standard_L64s_v4', 64, 512, 8, 1.92, 8, 30_000]],
  [LSV4, ['Standard_L80s_v4', 80, 640, 10, 1.92, 8, 36_000]],
  [LSV4, ['Standard_L96s_v4', 96, 768, 12, 1.92, 8, 41_000, 36_000]],
  [LASV4, ['Standard_L48as_v4', 48, 384, 6, 1.92, 8, 28_000]],
  [LASV4, ['Standard_L64as_v4', 64, 512, 8, 1.92, 8, 36_000]],
  [LASV4, ['Standard_L80as_v4', 80, 640, 10, 1.92, 8, 40_000]],
  [LASV4, ['Standard_L96as_v4', 96, 768, 12, 1.92, 8, 40_000]],
  [LAOSV4, ['Standard_L16aos_v4', 16, 128, 6, 1.92, 8, 25_000]],
  [LAOSV4, ['Standard_L24aos_v4', 24, 192, 9, 1.92, 8, 37_500]],
  [LAOSV4, ['Standard_L32aos_v4', 32, 256, 12, 1.92, 8, 50_000]],
  [LASV5, ['Standard_L64as_v5', 64, 512, 4, 3.84, 8, 45_000]],
  [LASV5, ['Standard_L96as_v5', 96, 768, 6, 3.84, 8, 70_000]],
  [LASV5, ['Standard_L128as_v5', 128, 1024, 8, 3.84, 15, 75_000]],
  [LASV5, ['Standard_L160ias_v5', 160, 1280, 8, 3.84, 15, 200_000]],
  [LAOSV5, ['Standard_L64aos_v5', 64, 512, 3, 15.36, 8, 100_000]],
] as const satisfies ReadonlyArray<readonly [SeriesInfo, Row]>;

/** Every L-series size in the catalog, keyed by Azure size name. */
export const L_SERIES_CATALOG: Readonly<Record<string, LSeriesSpec>> = lookupTable(
  TABLE.map(([info, [name, vcpus, memoryGiB, disks, diskTB, maxNics, mbps, readMBps]]) => {
    const spec: LSeriesSpec = {
      name,
      series: info.series,
      generation: info.generation,
      vcpus,
      memoryGiB,
      nvmeDiskCount: disks,
      nvmeDiskSizeTB: diskTB,
      maxNics,
      expectedNetworkMbps: mbps,
      quotaFamily: info.quotaFamily,
      supportsGen1: info.generation === 'v3',
      premiumStorageCaching: info.premiumStorageCaching && !NO_PREMIUM_CACHING.includes(name),
      ...(readMBps === undefined ? {} : { nvmeReadMBps: readMBps }),
    };
    return [name, Object.freeze(spec)] as const;
  }),
);

/**
 * The OS disk `caching` every catalog size accepts: `None`. Host caching of Premium Storage is "Not Supported" on
 * Lsv3 and Lasv3 and excepted for Standard_L96s_v4, so `ReadWrite`/`ReadOnly` would fail on those sizes at deploy
 * time. The OS disk of a VAST node carries only the operating system, so uncached is no loss.
 */
export const OS_DISK_CACHING = 'None';

/** The OS disk caching values a size accepts: every value when it supports Premium Storage caching, else `None`. */
export function osDiskCachingValues(spec: LSeriesSpec): readonly string[] {
  return spec.premiumStorageCaching ? ['None', 'ReadOnly', 'ReadWrite'] : [OS_DISK_CACHING];
}

/** A VM size name that is in the catalog (a closed set: a typo does not compile). */
export type LSeriesSize = (typeof TABLE)[number][1][0];

/** The names of every catalog size, in catalog order (typed as strings so any input can be looked up in it). */
export const L_SERIES_SIZES: readonly string[] = Object.freeze(TABLE.map(([, [name]]) => name));

/** Whether `name` is a catalog L-series size (exact, case-sensitive Azure spelling). */
export function isLSeriesSize(name: string): name is LSeriesSize {
  return ownValue(L_SERIES_CATALOG, name) !== undefined;
}

/**
 * Looks up a size, failing with a message that names the value and what is allowed.
 *
 * @throws Error when the size is not in the catalog (a non-L-series size is named as such).
 */
export function lSeriesSpec(name: string, field = 'vmSize'): LSeriesSpec {
  const spec = ownValue(L_SERIES_CATALOG, name);
  if (spec) return spec;
  const looksLSeries = /^Standard_L\d+/i.test(name);
  const caseMatch = L_SERIES_SIZES.find((s) => s.toLowerCase() === name.toLowerCase());
  const hint = caseMatch
    ? `; did you mean "${caseMatch}"?`
    : looksLSeries
      ? `: it is not an L-series size this toolkit knows`
      : `: only L-series (storage optimized) sizes with local NVMe are supported`;
  throw new Error(
    `${field} must be one of the catalog L-series sizes (${L_SERIES_SIZES.join(', ')}), got "${name}"${hint}`,
  );
}

/** Total raw NVMe capacity of one node, in decimal terabytes. */
export function nodeRawTB(spec: LSeriesSpec): number {
  return round(spec.nvmeDiskCount * spec.nvmeDiskSizeTB, 6);
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
