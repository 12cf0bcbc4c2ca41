/**
 * Azure Managed Lustre (AMLFS) comparison: for the cluster's usable capacity and for its aggregate bandwidth, the
 * size, bandwidth and cost of each durable tier, and which option is cheaper per TiB and per GB/s.
 *
 * Tier figures: reference §6 (Microsoft's AMLFS documentation). Capacity is provisioned in whole increments between
 * the tier's minimum and its self-serve maximum; larger file systems need a support request, which the result flags.
 * Bandwidth = MB/s per TiB × provisioned TiB (decimal MB/s).
 */
import { amlfsPriceId, lookupPrice, type PriceBook } from './price-book';
import { tibToTB } from './units';

/** One AMLFS durable tier. */
export interface AmlfsTier {
  /** The SKU name as Terraform's `sku_name` takes it. */
  readonly sku: string;
  /** Throughput per provisioned TiB, MB/s. */
  readonly mbpsPerTiB: number;
  readonly minTiB: number;
  readonly incrementTiB: number;
  /** Largest self-serve size, TiB. */
  readonly maxTiB: number;
}

/** The durable AMLFS tiers (reference §6). */
export const AMLFS_TIERS: readonly AmlfsTier[] = [
  { sku: 'AMLFS-Durable-Premium-40', mbpsPerTiB: 40, minTiB: 48, incrementTiB: 48, maxTiB: 768 },
  { sku: 'AMLFS-Durable-Premium-125', mbpsPerTiB: 125, minTiB: 16, incrementTiB: 16, maxTiB: 128 },
  { sku: 'AMLFS-Durable-Premium-250', mbpsPerTiB: 250, minTiB: 8, incrementTiB: 8, maxTiB: 128 },
  { sku: 'AMLFS-Durable-Premium-500', mbpsPerTiB: 500, minTiB: 4, incrementTiB: 4, maxTiB: 128 },
];

/** A provisioned AMLFS size. */
export interface AmlfsSizing {
  /** Provisioned capacity, TiB (rounded up to the increment, at least the minimum). */
  readonly capacityTiB: number;
  /** Provisioned capacity, decimal TB. */
  readonly capacityTB: number;
  /** MB/s per TiB × TiB ÷ 1000, GB/s. */
  readonly bandwidthGBps: number;
  /** capacity × price, USD per month; `null` when the price is unknown. */
  readonly monthlyUSD: number | null;
  /** True when the size is above the self-serve maximum (needs a support request). */
  readonly exceedsSelfServeMax: boolean;
}

/** Which option is cheaper on a unit cost. */
export type Cheaper = 'vast' | 'amlfs' | 'equal' | 'unknown';

/** One tier compared with the VAST cluster. */
export interface AmlfsComparison {
  readonly sku: string;
  readonly mbpsPerTiB: number;
  readonly minTiB: number;
  readonly incrementTiB: number;
  readonly maxTiB: number;
  /** USD per TiB-month; `null` when unknown. */
  readonly priceUSDPerTiBMonth: number | null;
  readonly priceSource: string;
  /** Sized to hold the cluster's usable capacity. */
  readonly sameCapacity: AmlfsSizing;
  /** Sized to match the cluster's aggregate network bandwidth. */
  readonly sameBandwidth: AmlfsSizing;
  /** The tier's cost per GB/s-month: price per TiB-month ÷ (MB/s per TiB ÷ 1000); `null` when unknown. */
  readonly perGBpsMonthUSD: number | null;
  /** Cheaper per TiB-month: the tier's price against the cluster's $/usable-TiB-month. */
  readonly cheaperPerTiB: Cheaper;
  /** Cheaper per GB/s-month: the tier's $/(GB/s)-month against the cluster's. */
  readonly cheaperPerGBps: Cheaper;
}

/** Rounds a wanted capacity up to the tier's increment, at least its minimum. */
export function amlfsCapacityFor(tier: AmlfsTier, wantedTiB: number): number {
  const steps = Math.max(1, Math.ceil(wantedTiB / tier.incrementTiB - 1e-9));
  return Math.max(tier.minTiB, steps * tier.incrementTiB);
}

/** Sizes a tier for a capacity in TiB. */
export function amlfsSizing(tier: AmlfsTier, wantedTiB: number, priceUSDPerTiBMonth: number | null): AmlfsSizing {
  const tib = amlfsCapacityFor(tier, wantedTiB);
  return {
    capacityTiB: tib,
    capacityTB: tibToTB(tib),
    bandwidthGBps: (tier.mbpsPerTiB * tib) / 1000,
    monthlyUSD: priceUSDPerTiBMonth === null ? null : priceUSDPerTiBMonth * tib,
    exceedsSelfServeMax: tib > tier.maxTiB,
  };
}

/** The cluster figures the comparison needs. */
export interface VastUnitCosts {
  readonly usableTiB: number;
  readonly networkGBps: number;
  /** $/usable-TiB-month of the cluster; `null` when unknown. */
  readonly perUsableTiBMonthUSD: number | null;
  /** $/(GB/s)-month of the cluster; `null` when unknown. */
  readonly perGBpsMonthUSD: number | null;
}

/** Compares every AMLFS tier with the cluster. */
export function compareAmlfs(vast: VastUnitCosts, prices: PriceBook, tiers = AMLFS_TIERS): AmlfsComparison[] {
  return tiers.map((tier) => {
    const id = amlfsPriceId(tier.sku);
    const p = lookupPrice(prices, id, '1 TiB-month');
    const perGBps = p.usd === null ? null : p.usd / (tier.mbpsPerTiB / 1000);
    return {
      sku: tier.sku,
      mbpsPerTiB: tier.mbpsPerTiB,
      minTiB: tier.minTiB,
      incrementTiB: tier.incrementTiB,
      maxTiB: tier.maxTiB,
      priceUSDPerTiBMonth: p.usd,
      priceSource: `${id}: ${p.source}${p.date ? ` (${p.date})` : ''}`,
      sameCapacity: amlfsSizing(tier, vast.usableTiB, p.usd),
      sameBandwidth: amlfsSizing(tier, (vast.networkGBps * 1000) / tier.mbpsPerTiB, p.usd),
      perGBpsMonthUSD: perGBps,
      cheaperPerTiB: cheaper(vast.perUsableTiBMonthUSD, p.usd),
      cheaperPerGBps: cheaper(vast.perGBpsMonthUSD, perGBps),
    };
  });
}

/** Which of two unit costs is lower; unknown when either is. */
export function cheaper(vastUSD: number | null, amlfsUSD: number | null): Cheaper {
  if (vastUSD === null || amlfsUSD === null) return 'unknown';
  if (vastUSD === amlfsUSD) return 'equal';
  return vastUSD < amlfsUSD ? 'vast' : 'amlfs';
}
