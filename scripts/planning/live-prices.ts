/**
 * Prices from the Azure Retail Prices API (public, no authentication; reference §5): `--live-prices`.
 *
 * `GET {endpoint}/api/retail/prices?api-version=2023-01-01-preview&currencyCode=USD&$filter=…` answers
 * `{ Items: [...], NextPageLink }`; pages are followed as returned (only on the same origin). Only Linux consumption
 * meters are used: Windows meters (productName ending in "Windows"), Spot and Low Priority meters are excluded.
 * A price the API does not return stays unknown. Timeouts, refused connections, throttling and malformed answers
 * are failures of the outside world ({@link OutsideError}, exit 3).
 */
import { OutsideError } from '../lib/cli';
import type { Profile } from '../../stacks/profile/schema';
import { AMLFS_TIERS, type AmlfsTier } from './amlfs';
import {
  amlfsPriceId,
  blobPriceId,
  NAT_GB_ID,
  NAT_HOUR_ID,
  PRIVATE_LINK_GB_ID,
  vmPriceId,
  type BlobTier,
  type PriceBook,
  type PricePoint,
} from './price-book';
import { HOURS_PER_MONTH, TB_PER_TIB } from './units';

/** The public Retail Prices API. */
export const DEFAULT_PRICES_ENDPOINT = 'https://prices.azure.com';
/** Environment variable that overrides the endpoint (a test server, a proxy). */
export const PRICES_ENDPOINT_ENV = 'AZURE_PRICES_ENDPOINT';
/** API version sent with every query (reference §5). */
export const RETAIL_PRICES_API_VERSION = '2023-01-01-preview';

/** One item of a Retail Prices API answer (the fields this toolkit reads). */
export interface RetailPriceItem {
  readonly retailPrice: number;
  readonly unitOfMeasure: string;
  readonly productName: string;
  readonly skuName: string;
  readonly meterName: string;
  readonly armSkuName?: string;
  readonly armRegionName?: string;
  readonly serviceName?: string;
  readonly currencyCode?: string;
  readonly effectiveStartDate?: string;
  readonly type?: string;
  readonly tierMinimumUnits?: number;
}

/** Options for the live queries. */
export interface LivePriceOptions {
  /**
   * Base URL of the API.
   *
   * @default - `AZURE_PRICES_ENDPOINT`, else https://prices.azure.com
   */
  readonly endpoint?: string;
  /**
   * Time allowed for each page, milliseconds.
   *
   * @default 20000
   */
  readonly timeoutMs?: number;
  /**
   * Most pages followed per query.
   *
   * @default 20
   */
  readonly maxPages?: number;
  /**
   * The date recorded as each price's read date (YYYY-MM-DD).
   *
   * @default - today (UTC)
   */
  readonly today?: string;
}

/** Runs one filtered query and follows `NextPageLink` to collect every item. */
export async function queryRetailPrices(filter: string, options: LivePriceOptions = {}): Promise<RetailPriceItem[]> {
  const endpoint = options.endpoint ?? DEFAULT_PRICES_ENDPOINT;
  const base = new URL('/api/retail/prices', endpoint);
  let next: string | null =
    `${base.href}?api-version=${RETAIL_PRICES_API_VERSION}&currencyCode=USD&$filter=${encodeURIComponent(filter)}`;
  const items: RetailPriceItem[] = [];
  for (let page = 0; next; page++) {
    if (page >= (options.maxPages ?? 20)) {
      throw new OutsideError(
        `the Azure Retail Prices API at ${endpoint} returned more than ${options.maxPages ?? 20} pages for: ${filter}`,
      );
    }
    const body = await getJson(next, endpoint, options.timeoutMs ?? 20_000);
    if (!body || typeof body !== 'object' || !Array.isArray((body as { Items?: unknown }).Items)) {
      throw new OutsideError(
        `the Azure Retail Prices API at ${endpoint} answered without an Items list for: ${filter}`,
      );
    }
    const b = body as { Items: unknown[]; NextPageLink?: unknown };
    items.push(...b.Items.filter(isItem));
    const link = typeof b.NextPageLink === 'string' && b.NextPageLink ? b.NextPageLink : null;
    if (link && new URL(link, endpoint).origin !== base.origin) {
      throw new OutsideError(
        `the Azure Retail Prices API at ${endpoint} pointed its next page at another host: ${link}`,
      );
    }
    next = link ? new URL(link, endpoint).href : null;
  }
  return items;
}

async function getJson(url: string, endpoint: string, timeoutMs: number): Promise<unknown> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const remedy = `check the network or proxy, or run without --live-prices to use the dated price table`;
  try {
    const res = await fetch(url, { signal: controller.signal, headers: { accept: 'application/json' } });
    if (res.status === 429) {
      throw new OutsideError(
        `the Azure Retail Prices API at ${endpoint} is throttling requests (HTTP 429)`,
        'wait a minute and try again',
      );
    }
    if (!res.ok) {
      throw new OutsideError(`the Azure Retail Prices API at ${endpoint} answered HTTP ${res.status}`, remedy);
    }
    const text = await res.text();
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new OutsideError(
        `the Azure Retail Prices API at ${endpoint} answered with something that is not JSON`,
        remedy,
      );
    }
  } catch (e) {
    if (e instanceof OutsideError) throw e;
    if (controller.signal.aborted) {
      throw new OutsideError(
        `the Azure Retail Prices API at ${endpoint} did not answer within ${timeoutMs / 1000} s`,
        remedy,
      );
    }
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    throw new OutsideError(
      `could not reach the Azure Retail Prices API at ${endpoint} (${cause?.code ?? cause?.message ?? (e as Error).message})`,
      remedy,
    );
  } finally {
    clearTimeout(timer);
  }
}

function isItem(v: unknown): v is RetailPriceItem {
  const o = v as Record<string, unknown>;
  return (
    !!o &&
    typeof o.retailPrice === 'number' &&
    typeof o.unitOfMeasure === 'string' &&
    typeof o.productName === 'string' &&
    typeof o.skuName === 'string' &&
    typeof o.meterName === 'string'
  );
}

/** Whether an item is a Linux, non-Spot, non-Low-Priority consumption meter priced in USD. */
export function isLinuxConsumption(item: RetailPriceItem): boolean {
  return (
    !/windows\s*$/i.test(item.productName) &&
    !/spot|low priority/i.test(`${item.skuName} ${item.meterName}`) &&
    (item.type === undefined || item.type === 'Consumption') &&
    (item.currencyCode === undefined || item.currencyCode === 'USD')
  );
}

/** The newest item by `effectiveStartDate`. */
function newest(items: readonly RetailPriceItem[]): RetailPriceItem | undefined {
  return [...items].sort((a, b) => (b.effectiveStartDate ?? '').localeCompare(a.effectiveStartDate ?? ''))[0];
}

/** The hourly Linux pay-as-you-go meter of a VM size, if the items hold one. */
export function selectVmPrice(items: readonly RetailPriceItem[], vmSize: string): RetailPriceItem | undefined {
  return newest(
    items.filter(
      (i) =>
        (i.armSkuName === undefined || i.armSkuName === vmSize) &&
        i.unitOfMeasure === '1 Hour' &&
        isLinuxConsumption(i),
    ),
  );
}

/** Products that carry block blob data-stored meters, preferred first. */
const BLOB_PRODUCTS = ['General Block Blob v2', 'Blob Storage'];

/** The first-volume-tier data-stored meter of a blob tier and replication, if the items hold one. */
export function selectBlobPrice(
  items: readonly RetailPriceItem[],
  tier: BlobTier,
  replication: string,
): RetailPriceItem | undefined {
  const meter = `${tier === 'hot' ? 'Hot' : 'Cool'} ${replication} Data Stored`;
  for (const product of BLOB_PRODUCTS) {
    const hit = newest(
      items.filter(
        (i) =>
          i.productName === product &&
          i.meterName === meter &&
          (i.tierMinimumUnits ?? 0) === 0 &&
          /^1 GB\/Month$/i.test(i.unitOfMeasure) &&
          isLinuxConsumption(i),
      ),
    );
    if (hit) return hit;
  }
  return undefined;
}

/** A meter by exact name and unit. */
export function selectMeter(
  items: readonly RetailPriceItem[],
  meterName: string,
  unit: string,
): RetailPriceItem | undefined {
  return newest(
    items.filter(
      (i) =>
        i.meterName === meterName &&
        i.unitOfMeasure === unit &&
        (i.tierMinimumUnits ?? 0) === 0 &&
        isLinuxConsumption(i),
    ),
  );
}

/**
 * Converts a capacity price to USD per TiB-month from units such as `1 GiB/Hour`, `1 GB/Month`, `1 TiB/Month`;
 * `null` for a unit it does not recognise.
 */
export function perTiBMonth(retailPrice: number, unitOfMeasure: string): number | null {
  const m = /^\s*(\d+)\s*(GiB|GB|TiB|TB)\s*\/\s*(Hour|Month)\s*$/i.exec(unitOfMeasure);
  if (!m) return null;
  const count = Number(m[1]);
  const perTiB: Record<string, number> = { gib: 1024, gb: TB_PER_TIB * 1000, tib: 1, tb: TB_PER_TIB };
  const perMonth = m[3].toLowerCase() === 'hour' ? HOURS_PER_MONTH : 1;
  return (retailPrice / count) * perTiB[m[2].toLowerCase()] * perMonth;
}

/**
 * The capacity meter of an AMLFS tier. AMLFS meter names were not verified against the live API: an item matches
 * when its product, SKU or meter name contains the tier's MB/s figure as a whole number, and its unit converts to
 * a capacity price.
 */
export function selectAmlfsPrice(
  items: readonly RetailPriceItem[],
  tier: AmlfsTier,
): { item: RetailPriceItem; usdPerTiBMonth: number } | undefined {
  const re = new RegExp(`(^|[^0-9])${tier.mbpsPerTiB}([^0-9]|$)`);
  const hit = newest(
    items.filter(
      (i) =>
        re.test(`${i.productName} ${i.skuName} ${i.meterName}`) &&
        perTiBMonth(i.retailPrice, i.unitOfMeasure) !== null &&
        isLinuxConsumption(i),
    ),
  );
  return hit ? { item: hit, usdPerTiBMonth: perTiBMonth(hit.retailPrice, hit.unitOfMeasure)! } : undefined;
}

/**
 * Fetches every price the plan of a profile needs from the Retail Prices API. Prices the API does not return are
 * unknown in the result, with the query that found nothing as their source.
 *
 * @throws OutsideError when the API cannot be reached, times out, throttles, or answers something unexpected.
 */
export async function fetchLivePrices(profile: Profile, options: LivePriceOptions = {}): Promise<PriceBook> {
  const endpoint = options.endpoint ?? (process.env[PRICES_ENDPOINT_ENV] || DEFAULT_PRICES_ENDPOINT);
  const opts = { ...options, endpoint };
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  const loc = profile.location;
  const size = profile.nodes.vmSize;
  const repl = profile.offload.replication;

  const vmFilter = `serviceName eq 'Virtual Machines' and armRegionName eq '${loc}' and armSkuName eq '${size}' and priceType eq 'Consumption'`;
  const blobFilter = (tier: BlobTier): string =>
    `serviceName eq 'Storage' and armRegionName eq '${loc}' and meterName eq '${tier === 'hot' ? 'Hot' : 'Cool'} ${repl} Data Stored' and priceType eq 'Consumption'`;
  const natFilter = (region: string): string =>
    `serviceName eq 'NAT Gateway' and armRegionName eq '${region}' and priceType eq 'Consumption'`;
  const plFilter = (region: string): string =>
    `serviceName eq 'Virtual Network' and productName eq 'Virtual Network Private Link' and armRegionName eq '${region}' and priceType eq 'Consumption'`;
  const amlfsFilter = `serviceName eq 'Azure Managed Lustre' and armRegionName eq '${loc}' and priceType eq 'Consumption'`;

  const regionalOrGlobal = async (
    filter: (region: string) => string,
  ): Promise<{ items: RetailPriceItem[]; filter: string }> => {
    const regional = await queryRetailPrices(filter(loc), opts);
    if (regional.length > 0) return { items: regional, filter: filter(loc) };
    return { items: await queryRetailPrices(filter('Global'), opts), filter: filter('Global') };
  };

  const [vmItems, hotItems, coolItems, nat, pl, amlfsItems] = await Promise.all([
    queryRetailPrices(vmFilter, opts),
    queryRetailPrices(blobFilter('hot'), opts),
    queryRetailPrices(blobFilter('cool'), opts),
    regionalOrGlobal(natFilter),
    regionalOrGlobal(plFilter),
    queryRetailPrices(amlfsFilter, opts),
  ]);

  const api = `Azure Retail Prices API (${endpoint})`;
  const found = (item: RetailPriceItem, unit: string, usd = item.retailPrice, extra = ''): PricePoint => ({
    usd,
    unit,
    source: `${api}: ${item.productName} / ${item.skuName} / ${item.meterName} (${item.unitOfMeasure}${item.effectiveStartDate ? `, effective ${item.effectiveStartDate.slice(0, 10)}` : ''})${extra}`,
    date: today,
  });
  const missing = (unit: string, filter: string): PricePoint => ({
    usd: null,
    unit,
    source: `${api} returned no matching Linux consumption meter for: ${filter}`,
    date: today,
  });
  const point = (item: RetailPriceItem | undefined, unit: string, filter: string): PricePoint =>
    item ? found(item, unit) : missing(unit, filter);

  const points: Record<string, PricePoint> = {
    [vmPriceId(size)]: point(selectVmPrice(vmItems, size), '1 hour', vmFilter),
    [blobPriceId('hot', repl)]: point(selectBlobPrice(hotItems, 'hot', repl), '1 GB-month', blobFilter('hot')),
    [blobPriceId('cool', repl)]: point(selectBlobPrice(coolItems, 'cool', repl), '1 GB-month', blobFilter('cool')),
    [NAT_HOUR_ID]: point(selectMeter(nat.items, 'Standard Gateway', '1 Hour'), '1 hour', nat.filter),
    [NAT_GB_ID]: point(selectMeter(nat.items, 'Standard Data Processed', '1 GB'), '1 GB', nat.filter),
    [PRIVATE_LINK_GB_ID]: point(selectMeter(pl.items, 'Standard Data Processed - Ingress', '1 GB'), '1 GB', pl.filter),
  };
  for (const tier of AMLFS_TIERS) {
    const hit = selectAmlfsPrice(amlfsItems, tier);
    points[amlfsPriceId(tier.sku)] = hit
      ? found(hit.item, '1 TiB-month', hit.usdPerTiBMonth, ', converted to USD per TiB-month (730 h/month)')
      : missing('1 TiB-month', amlfsFilter);
  }
  return { currency: 'USD', region: loc, origin: 'live', points };
}
