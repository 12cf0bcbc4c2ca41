import { describe, expect, it } from 'vitest';
import { amlfsCapacityFor, amlfsSizing, AMLFS_TIERS, cheaper, compareAmlfs } from '../../scripts/planning/amlfs';
import { capacity } from '../../scripts/planning/capacity';
import { cost, type CostInput } from '../../scripts/planning/cost';
import { perTiBMonth } from '../../scripts/planning/live-prices';
import type { PriceBook } from '../../scripts/planning/price-book';
import { storageAccountLimits } from '../../scripts/planning/storage-limits';
import { recovery } from '../../scripts/planning/recovery';
import { extrapolate, throughput } from '../../scripts/planning/throughput';

const tier = (mbps: number) => AMLFS_TIERS.find((t) => t.mbpsPerTiB === mbps)!;

/** A price book with made-up round numbers for arithmetic checks (not real prices). */
const TEST_PRICES: PriceBook = {
  currency: 'USD',
  region: 'uksouth',
  origin: 'table',
  points: {
    'vm.Standard_L96s_v4': { usd: 10, unit: '1 hour', source: 'test', date: '2026-01-01' },
    'blob.hot.ZRS': { usd: 0.02, unit: '1 GB-month', source: 'test', date: '2026-01-01' },
    'nat.hour': { usd: 0.05, unit: '1 hour', source: 'test', date: '2026-01-01' },
    'privateLink.gb': { usd: 0.01, unit: '1 GB', source: 'test', date: '2026-01-01' },
  },
};

/** The test prices without one id. */
function without(id: string): PriceBook {
  const points = { ...TEST_PRICES.points };
  delete points[id];
  return { ...TEST_PRICES, points };
}

const DEFAULT_COST_INPUT: CostInput = {
  nodeCount: 8,
  vmSize: 'Standard_L96s_v4',
  replication: 'ZRS',
  usableTB: 124.416,
  usableTiB: 124.416 / 1.099511627776,
  networkGBps: 41,
  dailyChangeTB: 20,
  natGateways: 1,
};

describe('capacity', () => {
  it('computes raw capacity as nodes × disks × disk size', () => {
    // GIVEN eight L96s_v4 nodes (12 × 1.92 TB each)
    // WHEN capacity is computed
    const c = capacity({ nodeCount: 8, nvmeDiskCount: 12, nvmeDiskSizeTB: 1.92, k: 6, m: 2, reservePercent: 10 });
    // THEN raw is 8 × 12 × 1.92 = 184.32 TB
    expect(c.rawTB).toBeCloseTo(184.32, 9);
  });

  it('computes usable capacity as raw × k/(k+m) × (1 − reserve)', () => {
    // GIVEN eight L96s_v4 nodes, 6+2 and a 10 % reserve
    // WHEN capacity is computed
    const c = capacity({ nodeCount: 8, nvmeDiskCount: 12, nvmeDiskSizeTB: 1.92, k: 6, m: 2, reservePercent: 10 });
    // THEN usable is 184.32 × 0.75 × 0.9 = 124.416 TB = 113.156… TiB
    expect(c.usableTB).toBeCloseTo(124.416, 9);
    expect(c.usableTiB).toBeCloseTo(124.416 / 1.099511627776, 9);
  });

  it('keeps two thirds of raw capacity with 6+3 and no reserve', () => {
    // GIVEN twelve L80s_v3 nodes (10 × 1.92 TB each), 6+3, no reserve
    // WHEN capacity is computed
    const c = capacity({ nodeCount: 12, nvmeDiskCount: 10, nvmeDiskSizeTB: 1.92, k: 6, m: 3, reservePercent: 0 });
    // THEN usable is 230.4 × 2/3 = 153.6 TB
    expect(c.usableTB).toBeCloseTo(153.6, 9);
  });
});

describe('throughput', () => {
  it('aggregates the per-node NIC over the cluster in decimal GB/s', () => {
    // GIVEN eight nodes at 41,000 Mbps
    // WHEN throughput is computed
    const t = throughput({ nodeCount: 8, expectedNetworkMbps: 41_000, nvmeReadMBps: 36_000, k: 6, m: 2 });
    // THEN each node gives 41,000 ÷ 8000 = 5.125 GB/s and the cluster 41 GB/s
    expect([t.perNodeNetworkGBps, t.networkGBps, t.readGBps]).toEqual([5.125, 41, 41]);
  });

  it('charges writes the parity factor on the wire', () => {
    // GIVEN 41 GB/s aggregate and 6+2
    // WHEN throughput is computed
    const t = throughput({ nodeCount: 8, expectedNetworkMbps: 41_000, k: 6, m: 2 });
    // THEN writes get 41 × 6/8 = 30.75 GB/s
    expect(t.writeGBps).toBeCloseTo(30.75, 12);
  });

  it('names the network as the bottleneck when NVMe is faster', () => {
    // GIVEN 36 GB/s of NVMe read per node against 5.125 GB/s of NIC
    // WHEN throughput is computed
    const t = throughput({ nodeCount: 8, expectedNetworkMbps: 41_000, nvmeReadMBps: 36_000, k: 6, m: 2 });
    // THEN NVMe totals 288 GB/s and the network is the bottleneck
    expect([t.nvmeReadGBps, t.bottleneck]).toEqual([288, 'network']);
  });

  it('names NVMe as the bottleneck when it is slower than the NIC', () => {
    // GIVEN a made-up 1,000 MB/s NVMe behind a 41 Gbps NIC
    // WHEN throughput is computed
    const t = throughput({ nodeCount: 8, expectedNetworkMbps: 41_000, nvmeReadMBps: 1000, k: 6, m: 2 });
    // THEN NVMe is the bottleneck
    expect(t.bottleneck).toBe('nvme');
  });

  it('reports the bottleneck as unknown when NVMe bandwidth is not published', () => {
    // GIVEN a size without a published NVMe figure
    // WHEN throughput is computed
    const t = throughput({ nodeCount: 12, expectedNetworkMbps: 32_000, k: 6, m: 3 });
    // THEN NVMe figures are unknown
    expect([t.perNodeNvmeReadGBps, t.nvmeReadGBps, t.bottleneck]).toEqual([null, null, 'unknown']);
  });
});

describe('extrapolation', () => {
  it('scales the cluster to each NIC speed of the customer question', () => {
    // GIVEN eight nodes with 6+2
    // WHEN extrapolated
    const rows = extrapolate({ nodeCount: 8, expectedNetworkMbps: 41_000, nvmeReadMBps: 36_000, k: 6, m: 2 });
    // THEN 40/100/200/400/800 Gbps give 8 × Gbps ÷ 8 GB/s, and writes three quarters of that
    expect(rows.map((r) => [r.nicGbps, r.networkGBps, r.writeGBps])).toEqual([
      [40, 40, 30],
      [100, 100, 75],
      [200, 200, 150],
      [400, 400, 300],
      [800, 800, 600],
    ]);
  });

  it('marks reads NVMe-bound once the network outgrows the rated NVMe', () => {
    // GIVEN 288 GB/s of aggregate NVMe read
    // WHEN extrapolated
    const rows = extrapolate({ nodeCount: 8, expectedNetworkMbps: 41_000, nvmeReadMBps: 36_000, k: 6, m: 2 });
    // THEN 400 and 800 Gbps rows are NVMe-bound, the others not
    expect(rows.map((r) => r.nvmeBound)).toEqual([false, false, false, true, true]);
  });

  it('marks only rows away from the catalog NIC speed as hypothetical', () => {
    // GIVEN a size whose catalog NIC is 40,000 Mbps
    // WHEN extrapolated
    const rows = extrapolate({ nodeCount: 3, expectedNetworkMbps: 40_000, k: 2, m: 1 });
    // THEN the 40 Gbps row is real and the rest hypothetical
    expect(rows.map((r) => r.hypothetical)).toEqual([false, true, true, true, true]);
  });
});

describe('recovery window', () => {
  const ukSouth = storageAccountLimits('uksouth');
  const base = { dailyChangeTB: 20, offloadGbps: 10, usableTB: 124.416, writeGBps: 20.5, accountLimits: ukSouth };

  it('computes the data-loss window as the daily change over the offload rate', () => {
    // GIVEN 20 TB/day and 10 Gbps (1.25 GB/s) of offload
    // WHEN the recovery window is computed
    const r = recovery(base);
    // THEN the window is 20,000 GB ÷ 1.25 GB/s = 16,000 s = 4.44 h, and offload is 20/108 busy
    expect(r.rpoWindowHours).toBeCloseTo(16_000 / 3600, 9);
    expect(r.offloadCapacityTBPerDay).toBeCloseTo(108, 9);
    expect(r.offloadUtilisation).toBeCloseTo(20 / 108, 12);
  });

  it('computes the peak unoffloaded data for a burst at full write speed', () => {
    // GIVEN a day's change arriving at 20.5 GB/s while offload drains 1.25 GB/s
    // WHEN the recovery window is computed
    const r = recovery(base);
    // THEN at most 20 × (1 − 1.25/20.5) TB is not yet in Blob
    expect(r.peakUnoffloadedTB).toBeCloseTo(20 * (1 - 1.25 / 20.5), 9);
  });

  it('computes the rehydration time at the cluster write bandwidth when the account is faster', () => {
    // GIVEN 124.416 TB usable, 20.5 GB/s of writes, an account egress target of 200 Gbps (25 GB/s), 1.25 GB/s offload
    // WHEN the recovery window is computed
    const r = recovery(base);
    // THEN rehydration takes 124,416 ÷ 20.5 s (1.69 h) at best and 124,416 ÷ 1.25 s (27.6 h) at the offload rate
    expect(r.rehydrateLimitedBy).toBe('cluster write bandwidth');
    expect(r.rehydrateHours).toBeCloseTo(124_416 / 20.5 / 3600, 9);
    expect(r.rehydrateHoursAtOffloadRate).toBeCloseTo(27.648, 9);
  });

  it("bounds the rehydration by the storage account's egress target", () => {
    // GIVEN a cluster that writes 30.75 GB/s, above the 25 GB/s (200 Gbps) egress target of a UK South account
    // WHEN the recovery window is computed
    const r = recovery({ ...base, writeGBps: 30.75 });
    // THEN rehydration runs at 25 GB/s: 124,416 ÷ 25 s = 1.3824 h
    expect(r.rehydrateLimitedBy).toBe('storage account egress');
    expect(r.rehydrateGBps).toBe(25);
    expect(r.rehydrateHours).toBeCloseTo(1.3824, 9);
  });

  it("caps the offload rate at the storage account's ingress target", () => {
    // GIVEN a profile asking for 100 Gbps of offload in a region whose accounts take 25 Gbps by default
    // WHEN the recovery window is computed
    const r = recovery({ ...base, offloadGbps: 100, accountLimits: storageAccountLimits('ukwest') });
    // THEN offload runs at 25 Gbps (3.125 GB/s) and says why
    expect([r.offloadCappedByAccount, r.offloadGbps, r.requestedOffloadGbps]).toEqual([true, 25, 100]);
    expect(r.offloadGBps).toBe(3.125);
  });

  it('reports an unbounded window when offload cannot keep up', () => {
    // GIVEN 200 TB/day against 108 TB/day of offload
    // WHEN the recovery window is computed
    const r = recovery({ ...base, dailyChangeTB: 200 });
    // THEN offload falls 92 TB behind each day and the window has no bound
    expect([r.offloadKeepsUp, r.rpoWindowHours]).toEqual([false, null]);
    expect(r.backlogGrowthTBPerDay).toBeCloseTo(92, 9);
  });
});

describe('Azure Managed Lustre sizing', () => {
  it('rounds a capacity up to the tier increment', () => {
    // GIVEN 113.16 TiB on the 125 MB/s tier (16 TiB increments)
    // WHEN sized
    // THEN 8 increments: 128 TiB
    expect(amlfsCapacityFor(tier(125), 113.16)).toBe(128);
  });

  it('keeps an exact multiple of the increment as it is', () => {
    // GIVEN 96 TiB on the 40 MB/s tier (48 TiB increments)
    // WHEN sized / THEN 96 TiB
    expect(amlfsCapacityFor(tier(40), 96)).toBe(96);
  });

  it('provisions at least the tier minimum', () => {
    // GIVEN 1 TiB on the 40 MB/s tier (minimum 48 TiB)
    // WHEN sized / THEN 48 TiB
    expect(amlfsCapacityFor(tier(40), 1)).toBe(48);
  });

  it('computes bandwidth as MB/s per TiB × TiB', () => {
    // GIVEN 128 TiB on the 125 MB/s tier
    // WHEN sized
    const s = amlfsSizing(tier(125), 113.16, 100);
    // THEN 128 × 125 MB/s = 16 GB/s, costing 128 × 100 per month
    expect([s.capacityTiB, s.bandwidthGBps, s.monthlyUSD]).toEqual([128, 16, 12_800]);
  });

  it('flags a size above the self-serve maximum', () => {
    // GIVEN 41 GB/s wanted from the 40 MB/s tier (1025 TiB → 1056 TiB, max 768)
    // WHEN sized
    const s = amlfsSizing(tier(40), (41 * 1000) / 40, null);
    // THEN the size needs a support request and its cost is unknown without a price
    expect([s.capacityTiB, s.exceedsSelfServeMax, s.monthlyUSD]).toEqual([1056, true, null]);
  });

  it('sizes each tier for the same bandwidth as the cluster', () => {
    // GIVEN a 41 GB/s cluster
    // WHEN compared with the 500 MB/s tier
    const [cmp] = compareAmlfs(
      { usableTiB: 113.16, networkGBps: 41, perUsableTiBMonthUSD: null, perGBpsMonthUSD: null },
      TEST_PRICES,
      [tier(500)],
    );
    // THEN 82 TiB rounds up to 84 TiB, giving 42 GB/s
    expect([cmp.sameBandwidth.capacityTiB, cmp.sameBandwidth.bandwidthGBps]).toEqual([84, 42]);
  });

  it('names the cheaper option per TiB when both prices are known', () => {
    // GIVEN a tier at 150 per TiB-month and a cluster at 100 per usable TiB-month
    const prices: PriceBook = {
      ...TEST_PRICES,
      points: {
        'amlfs.AMLFS-Durable-Premium-250': { usd: 150, unit: '1 TiB-month', source: 'test', date: '2026-01-01' },
      },
    };
    // WHEN compared
    const [cmp] = compareAmlfs(
      { usableTiB: 113.16, networkGBps: 41, perUsableTiBMonthUSD: 100, perGBpsMonthUSD: 1000 },
      prices,
      [tier(250)],
    );
    // THEN the cluster is cheaper per TiB; per GB/s the tier costs 150 ÷ 0.25 = 600, so it is cheaper there
    expect([cmp.cheaperPerTiB, cmp.perGBpsMonthUSD, cmp.cheaperPerGBps]).toEqual(['vast', 600, 'amlfs']);
  });

  it('reports the cheaper option as unknown when a price is unknown', () => {
    // GIVEN an unknown cluster cost
    // WHEN compared / THEN unknown
    expect(cheaper(null, 150)).toBe('unknown');
  });
});

describe('cost', () => {
  it('adds VM hours, offload storage, NAT gateway hours and private endpoint traffic per 730-hour month', () => {
    // GIVEN made-up prices: VM 10/h, Blob 0.02/GB-month, NAT 0.05/h, private endpoint 0.01/GB
    // WHEN the default cluster is costed
    const c = cost(DEFAULT_COST_INPUT, TEST_PRICES);
    // THEN each line is quantity × price and the total is their sum
    const expected = 8 * 730 * 10 + 124_416 * 0.02 + 730 * 0.05 + 20 * 1000 * (730 / 24) * 0.01;
    expect(c.lines.map((l) => l.monthlyUSD)).toEqual([
      58_400,
      124_416 * 0.02,
      730 * 0.05,
      20 * 1000 * (730 / 24) * 0.01,
    ]);
    expect(c.monthlyUSD).toBeCloseTo(expected, 6);
    expect(c.hourlyUSD).toBeCloseTo(expected / 730, 9);
  });

  it('divides the monthly total by usable TiB and by aggregate GB/s for the unit costs', () => {
    // GIVEN the default cluster at made-up prices
    // WHEN costed
    const c = cost(DEFAULT_COST_INPUT, TEST_PRICES);
    // THEN $/usable-TiB-month and $/(GB/s)-month follow
    expect(c.perUsableTiBMonthUSD).toBeCloseTo(c.monthlyUSD! / DEFAULT_COST_INPUT.usableTiB, 9);
    expect(c.perGBpsMonthUSD).toBeCloseTo(c.monthlyUSD! / 41, 9);
  });

  it('leaves the total unknown when any line price is unknown, and reports the known part', () => {
    // GIVEN no Blob price
    const prices = without('blob.hot.ZRS');
    // WHEN costed
    const c = cost(DEFAULT_COST_INPUT, prices);
    // THEN the total is unknown, the Blob line is named, and the known part excludes it
    expect([c.monthlyUSD, c.hourlyUSD, c.perUsableTiBMonthUSD, c.unknownLines]).toEqual([
      null,
      null,
      null,
      ['offloadStorage'],
    ]);
    expect(c.knownMonthlyUSD).toBeCloseTo(58_400 + 36.5 + 20 * 1000 * (730 / 24) * 0.01, 6);
  });

  it('charges nothing for a NAT gateway that an existing network does not get', () => {
    // GIVEN a deployment into an existing network and no NAT price at all
    const prices = without('nat.hour');
    // WHEN costed
    const c = cost({ ...DEFAULT_COST_INPUT, natGateways: 0 }, prices);
    // THEN the NAT line is zero and the total stays known
    expect(c.lines.find((l) => l.id === 'natGateway')?.monthlyUSD).toBe(0);
    expect(c.monthlyUSD).not.toBeNull();
  });
});

describe('capacity price units', () => {
  it('converts a GiB-hour price to a TiB-month price', () => {
    // GIVEN 0.0002 USD per GiB-hour
    // WHEN converted / THEN 0.0002 × 1024 × 730 = 149.504 USD per TiB-month
    expect(perTiBMonth(0.0002, '1 GiB/Hour')).toBeCloseTo(149.504, 9);
  });

  it('converts a decimal GB-month price to a TiB-month price', () => {
    // GIVEN 0.02 USD per GB-month
    // WHEN converted / THEN 0.02 × 1099.511627776
    expect(perTiBMonth(0.02, '1 GB/Month')).toBeCloseTo(0.02 * 1099.511627776, 9);
  });

  it('divides by the unit count of the meter', () => {
    // GIVEN 100 USD per 100 GiB-month
    // WHEN converted / THEN 1024 USD per TiB-month
    expect(perTiBMonth(100, '100 GiB/Month')).toBeCloseTo(1024, 9);
  });

  it('fails when the unit is not a capacity unit', () => {
    // GIVEN a per-hour unit with no capacity
    // WHEN converted / THEN unknown
    expect(perTiBMonth(1, '1/Hour')).toBeNull();
  });
});
