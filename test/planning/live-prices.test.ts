import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { OutsideError } from '../../scripts/lib/cli';
import { fetchLivePrices, queryRetailPrices } from '../../scripts/planning/live-prices';
import { buildPlan } from '../../scripts/planning/plan';
import { DEFAULT_PROFILE_PATH, loadProfile } from '../../stacks/profile/load';
import { FIXTURE, RETAIL_ITEMS } from './support/retail-price-items';
import { startRetailPricesServer, type Behaviour, type RetailPricesServer } from './support/retail-prices-server';

const profile = loadProfile(DEFAULT_PROFILE_PATH);
const fdProfile = loadProfile(join(DEFAULT_PROFILE_PATH, '..', 'fault-domains.yaml'));
const TODAY = '2026-11-25';

let server: RetailPricesServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(behaviour: Behaviour = 'ok', pageSize = 100): Promise<RetailPricesServer> {
  server = await startRetailPricesServer({ items: RETAIL_ITEMS, behaviour, pageSize });
  return server;
}

describe('live prices against a local Retail Prices API', () => {
  it('takes the newest Linux consumption VM meter, ignoring Windows, Spot and Low Priority', async () => {
    // GIVEN a server with Linux (old and new), Windows, Spot and Low Priority meters for the size
    const s = await serve();
    // WHEN prices are fetched for the default profile
    const book = await fetchLivePrices(profile, { endpoint: s.url, today: TODAY });
    // THEN the VM price is the newest Linux pay-as-you-go one
    expect(book.points['vm.Standard_L96s_v4']?.usd).toBe(FIXTURE.vmHourly);
  });

  it('sends the API version, USD and the filter the reference names', async () => {
    // GIVEN a server
    const s = await serve();
    // WHEN prices are fetched
    await fetchLivePrices(profile, { endpoint: s.url, today: TODAY });
    // THEN the VM query carries api-version, currencyCode and the case-sensitive filter values
    const vmQuery = s.requests.map((r) => decodeURIComponent(r)).find((r) => r.includes("'Virtual Machines'"));
    expect(vmQuery).toContain('api-version=2023-01-01-preview');
    expect(vmQuery).toContain('currencyCode=USD');
    expect(vmQuery).toContain(
      "serviceName eq 'Virtual Machines' and armRegionName eq 'uksouth' and armSkuName eq 'Standard_L96s_v4' and priceType eq 'Consumption'",
    );
  });

  it('follows NextPageLink until the last page', async () => {
    // GIVEN a server that returns one item per page
    const s = await serve('ok', 1);
    // WHEN the VM meters are queried
    const items = await queryRetailPrices(
      "serviceName eq 'Virtual Machines' and armRegionName eq 'uksouth' and armSkuName eq 'Standard_L96s_v4' and priceType eq 'Consumption'",
      { endpoint: s.url },
    );
    // THEN all five meters arrive, over five requests
    expect(items).toHaveLength(5);
    expect(s.requests.filter((r) => r.includes('%24skip') || r.includes('$skip'))).toHaveLength(4);
  });

  it('prices offload storage from the block blob first volume tier of the profile replication', async () => {
    // GIVEN Files and block blob meters with the same name, and a cheaper volume tier
    const s = await serve();
    // WHEN prices are fetched
    const book = await fetchLivePrices(profile, { endpoint: s.url, today: TODAY });
    // THEN Hot ZRS is the General Block Blob v2 first-tier price
    expect(book.points['blob.hot.ZRS']?.usd).toBe(FIXTURE.blobHotZrsPerGBMonth);
  });

  it('falls back to the Global region for NAT gateway and private endpoint meters', async () => {
    // GIVEN meters published only under armRegionName Global
    const s = await serve();
    // WHEN prices are fetched
    const book = await fetchLivePrices(profile, { endpoint: s.url, today: TODAY });
    // THEN they are found
    expect([book.points['nat.hour']?.usd, book.points['nat.gb']?.usd, book.points['privateLink.gb']?.usd]).toEqual([
      FIXTURE.natHourly,
      FIXTURE.natPerGB,
      FIXTURE.privateLinkPerGB,
    ]);
  });

  it('converts AMLFS capacity meters to USD per TiB-month', async () => {
    // GIVEN an AMLFS 125 meter at 0.0002 USD per GiB-hour
    const s = await serve();
    // WHEN prices are fetched
    const book = await fetchLivePrices(profile, { endpoint: s.url, today: TODAY });
    // THEN it is 0.0002 × 1024 × 730 per TiB-month
    expect(book.points['amlfs.AMLFS-Durable-Premium-125']?.usd).toBeCloseTo(0.0002 * 1024 * 730, 9);
  });

  it('records where and when each live price was read', async () => {
    // GIVEN a server
    const s = await serve();
    // WHEN prices are fetched
    const book = await fetchLivePrices(profile, { endpoint: s.url, today: TODAY });
    // THEN the VM price names the API, the meter and the read date
    expect(book.points['vm.Standard_L96s_v4']).toMatchObject({
      date: TODAY,
      source: expect.stringContaining(
        `Azure Retail Prices API (${s.url}): Virtual Machines Lsv4 Series / L96s v4`,
      ) as unknown,
    });
  });

  it('leaves a price unknown when the API has no matching meter, naming the query', async () => {
    // GIVEN a profile whose size (L80s_v3) and replication (LRS block blob v2) the server does not price
    const s = await serve();
    // WHEN prices are fetched
    const book = await fetchLivePrices(fdProfile, { endpoint: s.url, today: TODAY });
    // THEN the VM price is unknown and says which query found nothing
    expect(book.points['vm.Standard_L80s_v3']).toMatchObject({
      usd: null,
      source: expect.stringContaining("armSkuName eq 'Standard_L80s_v3'") as unknown,
    });
  });

  it('gives a plan whose cost is the sum of the live prices', async () => {
    // GIVEN live prices from the server
    const s = await serve();
    const book = await fetchLivePrices(profile, { endpoint: s.url, today: TODAY });
    // WHEN the default profile is planned
    const plan = buildPlan(profile, book);
    // THEN the monthly total is VM + Blob + NAT hours + private endpoint traffic at the fixture prices
    const expected =
      8 * 730 * FIXTURE.vmHourly +
      124_416 * FIXTURE.blobHotZrsPerGBMonth +
      730 * FIXTURE.natHourly +
      20 * 1000 * (730 / 24) * FIXTURE.privateLinkPerGB;
    expect(plan.cost.monthlyUSD).toBeCloseTo(expected, 6);
    expect(plan.prices.origin).toBe('live');
  });
});

describe('live price failures', () => {
  it('fails when the API answers HTTP 500', async () => {
    // GIVEN a server that fails every request
    const s = await serve('error500');
    // WHEN / THEN an outside-world error names the status
    const failure = fetchLivePrices(profile, { endpoint: s.url });
    await expect(failure).rejects.toBeInstanceOf(OutsideError);
    await expect(failure).rejects.toThrow(`the Azure Retail Prices API at ${s.url} answered HTTP 500`);
  });

  it('fails when the API throttles', async () => {
    // GIVEN a server that answers 429
    const s = await serve('throttle');
    // WHEN / THEN the error says so
    await expect(fetchLivePrices(profile, { endpoint: s.url })).rejects.toThrow(/throttling requests \(HTTP 429\)/);
  });

  it('fails when the API does not answer in time', async () => {
    // GIVEN a server that never answers, and a 200 ms allowance
    const s = await serve('hang');
    // WHEN / THEN the request is abandoned with an outside-world error
    await expect(fetchLivePrices(profile, { endpoint: s.url, timeoutMs: 200 })).rejects.toThrow(
      /did not answer within 0\.2 s/,
    );
  });

  it('fails when the API answers something that is not JSON', async () => {
    // GIVEN a server that answers an HTML page
    const s = await serve('notJson');
    // WHEN / THEN the error says so
    await expect(fetchLivePrices(profile, { endpoint: s.url })).rejects.toBeInstanceOf(OutsideError);
  });

  it('fails when the answer has no Items list', async () => {
    // GIVEN a server that answers JSON without Items
    const s = await serve('noItems');
    // WHEN / THEN the error says so
    await expect(fetchLivePrices(profile, { endpoint: s.url })).rejects.toThrow(/without an Items list/);
  });

  it('fails when NextPageLink points at another host', async () => {
    // GIVEN a server whose next-page links leave it
    const s = await serve('foreignNextPage', 1);
    // WHEN / THEN the link is not followed
    await expect(fetchLivePrices(profile, { endpoint: s.url })).rejects.toThrow(
      /pointed its next page at another host/,
    );
  });

  it('fails when nothing listens at the endpoint', async () => {
    // GIVEN the address of a server that has stopped
    const s = await serve();
    const url = s.url;
    await s.close();
    server = undefined;
    // WHEN / THEN the connection failure is an outside-world error
    await expect(fetchLivePrices(profile, { endpoint: url })).rejects.toThrow(
      /could not reach the Azure Retail Prices API/,
    );
  });
});
