/**
 * The dated price table: what `npm run plan` uses without `--live-prices`.
 *
 * Rule: every number names its source and the date it was read; a price that could not be sourced is `null` and
 * the report shows it as unknown. On 2026-11-25 this table was compiled without internet access, from stored copies
 * of public pages. Microsoft's pricing pages render their prices in the browser (the stored copies show "$-"), and
 * no Microsoft publication of the uksouth prices below was found, so every price is unknown here. Third-party
 * figures that were found are recorded in `note` for the reader but not used: they are approximate, for other
 * regions or currencies, or undated. Run `npm run plan -- --live-prices` for current retail prices.
 */
import type { PriceBook, PricePoint } from './price-book';
import { amlfsPriceId, blobPriceId, NAT_GB_ID, NAT_HOUR_ID, PRIVATE_LINK_GB_ID, vmPriceId } from './price-book';

/** When the table was compiled. */
export const PRICE_TABLE_DATE = '2026-11-25';

const SEARCHED = 'unknown: no Microsoft-published figure found in an offline search of stored public pages';

function unknown(unit: string, note?: string): PricePoint {
  return { usd: null, unit, source: SEARCHED, date: PRICE_TABLE_DATE, ...(note ? { note } : {}) };
}

const VM_NOTE =
  'Linux pay-as-you-go, uksouth. azure.microsoft.com/pricing/details/virtual-machines/linux renders prices client-side; use --live-prices.';

/** The dated price table for uksouth, US dollars. */
export const PRICE_TABLE: PriceBook = {
  currency: 'USD',
  region: 'uksouth',
  origin: 'table',
  points: {
    [vmPriceId('Standard_L96s_v4')]: unknown('1 hour', VM_NOTE),
    [vmPriceId('Standard_L80s_v3')]: unknown('1 hour', VM_NOTE),
    [blobPriceId('hot', 'LRS')]: unknown(
      '1 GB-month',
      'Block blob, Hot LRS Data Stored, first 50 TB. Stored copies of azure.microsoft.com/pricing/details/storage/blobs show "$-". Third-party figures found were for eastus, not uksouth.',
    ),
    [blobPriceId('hot', 'ZRS')]: unknown('1 GB-month', 'Block blob, Hot ZRS Data Stored, first 50 TB.'),
    [blobPriceId('cool', 'LRS')]: unknown('1 GB-month', 'Block blob, Cool LRS Data Stored.'),
    [blobPriceId('cool', 'ZRS')]: unknown('1 GB-month', 'Block blob, Cool ZRS Data Stored.'),
    [NAT_HOUR_ID]: unknown(
      '1 hour',
      'Third-party pages quote about $0.045 per gateway-hour (c3x.dev, eastus, undated) and about £0.0449 per hour (azure-calc-uk-3n7.pages.dev, UK South, "last verified April 2026"); approximate and not Microsoft publications, so not used.',
    ),
    [NAT_GB_ID]: unknown(
      '1 GB',
      'Third-party pages quote about $0.045 per GB processed (c3x.dev, undated) and about £0.0449 per GB (azure-calc-uk-3n7.pages.dev, April 2026); not used.',
    ),
    [PRIVATE_LINK_GB_ID]: unknown('1 GB', 'Virtual Network Private Link, Standard Data Processed - Ingress.'),
    [amlfsPriceId('AMLFS-Durable-Premium-40')]: unknown(
      '1 TiB-month',
      'No authoritative AMLFS list price was found offline (reference §6).',
    ),
    [amlfsPriceId('AMLFS-Durable-Premium-125')]: unknown('1 TiB-month'),
    [amlfsPriceId('AMLFS-Durable-Premium-250')]: unknown('1 TiB-month'),
    [amlfsPriceId('AMLFS-Durable-Premium-500')]: unknown('1 TiB-month'),
  },
};
