/**
 * Running cost of the POC: VM hours, Blob offload storage, NAT gateway and private endpoint traffic, per month
 * (730 hours) and per hour, and the unit costs $/usable-TiB-month and $/(GB/s)-month.
 *
 * A line whose price is unknown has an unknown cost, and so has any total that includes it; the known part is
 * reported separately so a reader can see what is missing.
 */
import type { OffloadReplication } from '../../stacks/profile/schema';
import {
  blobPriceId,
  lookupPrice,
  NAT_GB_ID,
  NAT_HOUR_ID,
  PRIVATE_LINK_GB_ID,
  vmPriceId,
  type PriceBook,
} from './price-book';
import { HOURS_PER_MONTH } from './units';

/** One line of the cost model. */
export interface CostLine {
  /** Stable id, e.g. `vm`, `offloadStorage`. */
  readonly id: string;
  /** What the line pays for. */
  readonly label: string;
  /** Quantity per month in `quantityUnit`. */
  readonly quantityPerMonth: number;
  readonly quantityUnit: string;
  /** Price per unit, USD; `null` when unknown. */
  readonly unitPriceUSD: number | null;
  readonly priceUnit: string;
  /** Where the price came from. */
  readonly priceSource: string;
  /** quantity × price, USD per month; `null` when the price is unknown. */
  readonly monthlyUSD: number | null;
  /** How the quantity was derived. */
  readonly formula: string;
}

/** The cost model's result. */
export interface Cost {
  readonly lines: readonly CostLine[];
  /** Sum of every line, USD per month; `null` when any line is unknown. */
  readonly monthlyUSD: number | null;
  /** monthly ÷ 730, USD per hour; `null` when unknown. */
  readonly hourlyUSD: number | null;
  /** Sum of the lines whose price is known, USD per month. */
  readonly knownMonthlyUSD: number;
  /** Ids of the lines whose price is unknown. */
  readonly unknownLines: readonly string[];
  /** monthly ÷ usable TiB; `null` when unknown. */
  readonly perUsableTiBMonthUSD: number | null;
  /** monthly ÷ aggregate network GB/s; `null` when unknown. */
  readonly perGBpsMonthUSD: number | null;
}

/** Inputs to {@link cost}. */
export interface CostInput {
  readonly nodeCount: number;
  readonly vmSize: string;
  readonly replication: OffloadReplication;
  /** Usable capacity, TB: the offload account is assumed to hold a full copy of it. */
  readonly usableTB: number;
  readonly usableTiB: number;
  /** Aggregate network bandwidth, GB/s. */
  readonly networkGBps: number;
  /** Daily change, TB: the volume offloaded through the private endpoint. */
  readonly dailyChangeTB: number;
  /** NAT gateways the deployment creates (none when it deploys into an existing network). */
  readonly natGateways: number;
}

/** Computes the monthly and hourly cost and the unit costs. */
export function cost(input: CostInput, prices: PriceBook): Cost {
  const days = HOURS_PER_MONTH / 24;
  const line = (
    id: string,
    label: string,
    priceId: string,
    priceUnit: string,
    quantityPerMonth: number,
    quantityUnit: string,
    formula: string,
  ): CostLine => {
    const p = lookupPrice(prices, priceId, priceUnit);
    return {
      id,
      label,
      quantityPerMonth,
      quantityUnit,
      unitPriceUSD: p.usd,
      priceUnit: p.unit,
      priceSource: `${priceId}: ${p.source}${p.date ? ` (${p.date})` : ''}`,
      // Nothing bought costs nothing, even at an unknown price (no NAT gateway in an existing network).
      monthlyUSD: quantityPerMonth === 0 ? 0 : p.usd === null ? null : p.usd * quantityPerMonth,
      formula,
    };
  };
  const lines: CostLine[] = [
    line(
      'vm',
      `${input.nodeCount} × ${input.vmSize} (Linux, pay-as-you-go)`,
      vmPriceId(input.vmSize),
      '1 hour',
      input.nodeCount * HOURS_PER_MONTH,
      'VM-hours',
      `nodes × ${HOURS_PER_MONTH} h`,
    ),
    line(
      'offloadStorage',
      `Blob offload, Hot ${input.replication}`,
      blobPriceId('hot', input.replication),
      '1 GB-month',
      input.usableTB * 1000,
      'GB-months',
      'usable TB × 1000 (a full copy of the usable capacity, priced at Hot: lifecycle tiering to Cool lowers it)',
    ),
    line(
      'natGateway',
      'NAT gateway hours',
      NAT_HOUR_ID,
      '1 hour',
      input.natGateways * HOURS_PER_MONTH,
      'gateway-hours',
      `NAT gateways (${input.natGateways}) × ${HOURS_PER_MONTH} h`,
    ),
    line(
      'privateLinkIngress',
      'Private endpoint data processed (offload traffic)',
      PRIVATE_LINK_GB_ID,
      '1 GB',
      input.dailyChangeTB * 1000 * days,
      'GB',
      `daily change TB × 1000 × ${round2(days)} days`,
    ),
  ];
  const unknownLines = lines.filter((l) => l.monthlyUSD === null).map((l) => l.id);
  const knownMonthlyUSD = lines.reduce((sum, l) => sum + (l.monthlyUSD ?? 0), 0);
  const monthlyUSD = unknownLines.length === 0 ? knownMonthlyUSD : null;
  return {
    lines,
    monthlyUSD,
    hourlyUSD: monthlyUSD === null ? null : monthlyUSD / HOURS_PER_MONTH,
    knownMonthlyUSD,
    unknownLines,
    perUsableTiBMonthUSD: monthlyUSD === null ? null : monthlyUSD / input.usableTiB,
    perGBpsMonthUSD: monthlyUSD === null ? null : monthlyUSD / input.networkGBps,
  };
}

/**
 * NAT gateway traffic is not in the total: offload goes to Blob through the private endpoint, and the NAT gateway
 * carries only the nodes' outbound internet traffic (packages, licences), whose volume the model does not know. The
 * per-GB rate is reported beside the total.
 */
export function natPerGB(prices: PriceBook): { usd: number | null; source: string } {
  const p = lookupPrice(prices, NAT_GB_ID, '1 GB');
  return { usd: p.usd, source: `${NAT_GB_ID}: ${p.source}${p.date ? ` (${p.date})` : ''}` };
}

function round2(v: number): number {
  return Math.round(v * 100) / 100;
}
