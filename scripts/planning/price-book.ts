/**
 * Price points the cost model reads, and where each came from. A price that is not known is `null` and is shown as
 * unknown, never guessed. Currency is US dollars throughout (the Retail Prices API default).
 *
 * Price ids:
 * - `vm.<size>`: Linux pay-as-you-go VM, USD per hour per VM
 * - `blob.<hot|cool>.<LRS|ZRS>`: block blob data stored, first volume tier, USD per GB-month
 * - `nat.hour`, `nat.gb`: NAT gateway, USD per gateway-hour and per GB processed
 * - `privateLink.gb`: private endpoint data processed (ingress), USD per GB
 * - `amlfs.<sku>`: Azure Managed Lustre capacity, USD per TiB-month
 */
import type { OffloadReplication } from '../../stacks/profile/schema';

/** One price and its provenance. */
export interface PricePoint {
  /** The price in US dollars per `unit`; `null` when unknown. */
  readonly usd: number | null;
  /** What one price buys, e.g. `1 hour`, `1 GB-month`, `1 TiB-month`. */
  readonly unit: string;
  /** Where the number came from (a URL, the API query), or why it is unknown. */
  readonly source: string;
  /** When the number was read (YYYY-MM-DD), or when the search for it was made. */
  readonly date: string;
  /** Anything else a reader should know (meter name, tier, caveats). */
  readonly note?: string;
}

/** A set of price points. */
export interface PriceBook {
  /** Always US dollars. */
  readonly currency: 'USD';
  /** The Azure region the prices are for. */
  readonly region: string;
  /** `table` for the dated table in the repository, `live` for the Retail Prices API. */
  readonly origin: 'table' | 'live';
  /** Price points by id. */
  readonly points: Readonly<Record<string, PricePoint>>;
}

/** Blob access tiers the model prices. */
export type BlobTier = 'hot' | 'cool';

/** The id of a VM size's hourly price. */
export function vmPriceId(vmSize: string): string {
  return `vm.${vmSize}`;
}

/** The id of a block blob data-stored price. */
export function blobPriceId(tier: BlobTier, replication: OffloadReplication): string {
  return `blob.${tier}.${replication}`;
}

/** The id of an Azure Managed Lustre tier's capacity price. */
export function amlfsPriceId(sku: string): string {
  return `amlfs.${sku}`;
}

/** NAT gateway hourly price id. */
export const NAT_HOUR_ID = 'nat.hour';
/** NAT gateway per-GB price id. */
export const NAT_GB_ID = 'nat.gb';
/** Private endpoint ingress per-GB price id. */
export const PRIVATE_LINK_GB_ID = 'privateLink.gb';

/**
 * Looks a price up; an id the book does not carry is unknown, with a source that says so.
 */
export function lookupPrice(book: PriceBook, id: string, unit: string): PricePoint {
  return (
    book.points[id] ?? {
      usd: null,
      unit,
      source: book.origin === 'table' ? 'not in the price table' : 'not returned by the Retail Prices API',
      date: '',
    }
  );
}
