/**
 * In-process tests of the pure guards preflight puts between Azure's answers and a verdict (issue 10): the origin
 * comparison, the reading of a success body, the paging decisions, the per-call readers and the budget settings.
 * The whole path against the HTTPS emulator is proven in hostile.test.ts.
 */
import { describe, expect, it } from 'vitest';
import {
  ArmCallError,
  BUDGET_LIMITS,
  bodyProblem,
  DEFAULT_RETRY_BUDGET,
  sameOrigin,
} from '../../scripts/preflight/arm';
import { UsageError } from '../../scripts/lib/cli';
import { BUDGET_ENV, readBudget } from '../../scripts/preflight/main';
import {
  featureState,
  locationFacts,
  MAX_PAGES_PER_LISTING,
  nameFact,
  permissionsPage,
  permissionsScope,
  providerFact,
  readListing,
  readSku,
  subnetFact,
  UnreadableAnswer,
  usageFact,
  virtualNetworkFact,
  type ListingPage,
} from '../../scripts/preflight/facts';

const ENDPOINT = 'https://management.azure.com';

describe('sameOrigin', () => {
  it('accepts a link on the endpoint, written with or without the default port, and a relative link', () => {
    // GIVEN links on the endpoint's scheme, host and port
    // WHEN they are compared with the endpoint
    // THEN each has its origin
    expect(sameOrigin('https://management.azure.com/subscriptions/x?$skiptoken=1', ENDPOINT)).toBe(true);
    expect(sameOrigin('https://MANAGEMENT.azure.com:443/subscriptions/x', ENDPOINT)).toBe(true);
    expect(sameOrigin('/subscriptions/x?$skiptoken=1', ENDPOINT)).toBe(true);
  });

  it.each([
    ['another host', 'https://evil.example/subscriptions/x'],
    ['a look-alike host', 'https://management.azure.com.evil.example/subscriptions/x'],
    ['another port', 'https://management.azure.com:8443/subscriptions/x'],
    ['http://', 'http://management.azure.com/subscriptions/x'],
    ['a protocol-relative link to another host', '//evil.example/subscriptions/x'],
    ['user info that hides another host', 'https://management.azure.com@evil.example/x'],
    ['a non-http scheme', 'file:///etc/passwd'],
    ['text that is not a URL', 'https://['],
  ])('fails when the link goes to %s', (_what, link) => {
    // GIVEN a link away from the endpoint
    // WHEN it is compared with the endpoint
    // THEN it does not have the endpoint's origin
    expect(sameOrigin(link, ENDPOINT)).toBe(false);
  });
});

describe('bodyProblem', () => {
  const answer = (body: string, contentType = 'application/json; charset=utf-8') => ({
    headers: { get: (name: string) => (name === 'content-type' ? contentType : undefined) },
    bodyAsText: body,
  });

  it('accepts a JSON object, also with a vendor JSON media type', () => {
    // GIVEN JSON object bodies
    // WHEN they are judged
    // THEN nothing is wrong with them
    expect(bodyProblem(answer('{"value":[]}'))).toBeUndefined();
    expect(bodyProblem(answer('{}', 'application/vnd.example+json'))).toBeUndefined();
  });

  it.each([
    ['an empty body', answer(''), 'an empty body'],
    ['whitespace', answer('  \n'), 'an empty body'],
    ['an HTML page', answer('<html></html>', 'text/html; charset=utf-8'), 'a text/html body, not JSON'],
    ['no content type', answer('{}', ''), 'a body without a content type, not JSON'],
    ['cut-off JSON', answer('{"value": ['), 'malformed JSON'],
    ['a JSON list', answer('[]'), 'JSON that is not an object'],
    ['JSON null', answer('null'), 'JSON that is not an object'],
    ['a JSON string', answer('"ok"'), 'JSON that is not an object'],
  ])('fails when the body is %s', (_what, response, problem) => {
    // GIVEN a success answer that is not a JSON object
    // WHEN it is judged
    // THEN the problem is named
    expect(bodyProblem(response)).toBe(problem);
  });
});

/** An in-memory stand-in for an SDK `byPage()` iterator that records how many pages were fetched. */
function pagesOf(
  pages: { items: number[]; next?: string }[],
): AsyncIterator<ListingPage<number>> & { fetched: number } {
  const it = {
    fetched: 0,
    next(): Promise<IteratorResult<ListingPage<number>>> {
      const page = pages[it.fetched];
      if (!page) return Promise.resolve({ done: true, value: undefined });
      it.fetched += 1;
      const value: ListingPage<number> = Object.assign([...page.items], { continuationToken: page.next });
      return Promise.resolve({ done: false, value });
    },
  };
  return it;
}

const CALL = { label: 'SKU list uksouth', request: 'GET /subscriptions/s/providers/Microsoft.Compute/skus' };

describe('readListing', () => {
  it('reads every page of a listing whose nextLinks stay on the endpoint', async () => {
    // GIVEN three pages linked on the endpoint's origin
    const pages = pagesOf([
      { items: [1, 2], next: `${ENDPOINT}/x?$skiptoken=2` },
      { items: [3], next: '/x?$skiptoken=3' },
      { items: [4] },
    ]);
    // WHEN the listing is read
    const items = await readListing(CALL, pages, ENDPOINT);
    // THEN every item is there
    expect(items).toEqual([1, 2, 3, 4]);
  });

  it('fails, before fetching it, when a nextLink points at another origin', async () => {
    // GIVEN a first page linking to another host
    const pages = pagesOf([{ items: [1], next: 'https://evil.example:8443/x?$skiptoken=2' }, { items: [2] }]);
    // WHEN the listing is read
    const read = readListing(CALL, pages, ENDPOINT);
    // THEN it stops with a foreign-origin error naming the call and both origins, and page 2 was never fetched
    await expect(read).rejects.toMatchObject({
      kind: 'foreign-origin',
      message: `${CALL.label} (${CALL.request}): page 1's nextLink points at https://evil.example:8443, not at the ARM endpoint ${ENDPOINT}`,
    });
    expect(pages.fetched).toBe(1);
  });

  it('fails when a nextLink repeats a page already read', async () => {
    // GIVEN page 2 links back to itself
    const again = `${ENDPOINT}/x?$skiptoken=2`;
    const pages = pagesOf([{ items: [1], next: again }, { items: [2], next: again }, { items: [3] }]);
    // WHEN the listing is read
    // THEN it stops with a paging error before asking for the page again
    await expect(readListing(CALL, pages, ENDPOINT)).rejects.toMatchObject({
      kind: 'paging',
      message: expect.stringContaining("page 2's nextLink repeats a page already read") as string,
    });
    expect(pages.fetched).toBe(2);
  });

  it(`fails when the listing goes on past ${MAX_PAGES_PER_LISTING} pages`, async () => {
    // GIVEN a listing whose every page links to a new one
    const pages = pagesOf(
      Array.from({ length: MAX_PAGES_PER_LISTING + 5 }, (_, i) => ({ items: [i], next: `/x?$skiptoken=${i + 1}` })),
    );
    // WHEN it is read
    // THEN it stops after exactly the cap
    await expect(readListing(CALL, pages, ENDPOINT)).rejects.toBeInstanceOf(ArmCallError);
    expect(pages.fetched).toBe(MAX_PAGES_PER_LISTING);
  });

  it('fails as unreadable when the SDK cannot turn a page into items', async () => {
    // GIVEN a pager that throws what the modular SDK's deserializer throws on a body without a value list
    const pages: AsyncIterator<ListingPage<number>> = {
      next: () => Promise.reject(new TypeError("Cannot read properties of undefined (reading 'map')")),
    };
    // WHEN the listing is read
    // THEN it is an unreadable answer, not a crash
    await expect(readListing(CALL, pages, ENDPOINT)).rejects.toBeInstanceOf(UnreadableAnswer);
  });
});

describe('featureState', () => {
  it('reads the state of a Features_Get answer', () => {
    // GIVEN an answer of the documented shape
    // WHEN it is read
    // THEN the state is Azure's
    expect(featureState({ properties: { state: 'NotRegistered' } })).toBe('NotRegistered');
  });

  it.each([
    ['an answer without a state', {}],
    ['a state that is a number', { properties: { state: 1 } }],
    ['an empty state', { properties: { state: '' } }],
    ['an answer that is a string', '<html>'],
  ])('fails when reading %s', (_what, answer) => {
    // GIVEN an answer missing the state
    // WHEN it is read
    // THEN it is an unreadable answer, never a default state
    expect(() => featureState(answer)).toThrow(UnreadableAnswer);
    expect(() => featureState(answer)).toThrow('the answer has no properties.state');
  });
});

describe('permissionsPage', () => {
  it('reads the entries and the nextLink of a Permissions list page, leaving out the data-plane lists', () => {
    // GIVEN a page of the documented shape (Permission: actions, notActions, dataActions, notDataActions)
    const body = {
      value: [{ actions: ['*'], notActions: ['Microsoft.Authorization/*/Write'], dataActions: [], notDataActions: [] }],
      nextLink:
        'https://management.azure.com/subscriptions/s/providers/Microsoft.Authorization/permissions?$skiptoken=1',
    };
    // WHEN it is read  THEN the control-plane lists and the link are Azure's
    expect(permissionsPage(body)).toEqual({
      entries: [{ actions: ['*'], notActions: ['Microsoft.Authorization/*/Write'] }],
      nextLink: body.nextLink,
    });
    expect(permissionsPage({ value: [] })).toEqual({ entries: [] });
  });

  it.each([
    ['a body without a value list', {}, 'page 2 has no value list'],
    ['a value that is not a list', { value: {} }, 'page 2 has no value list'],
    ['an entry without notActions', { value: [{ actions: ['*'] }] }, '(page 2, item 1)'],
    ['an entry without actions', { value: [{ notActions: [] }] }, '(page 2, item 1)'],
    ['actions that are not strings', { value: [{ actions: [1], notActions: [] }] }, '(page 2, item 1)'],
    ['a nextLink that is not a string', { value: [], nextLink: {} }, 'page 2 has a nextLink that is not a string'],
  ])('fails when reading %s', (_what, body, why) => {
    // GIVEN a page without the documented shape  WHEN it is read
    // THEN it is an unreadable answer, never an empty permission
    expect(() => permissionsPage(body, 2)).toThrow(UnreadableAnswer);
    expect(() => permissionsPage(body, 2)).toThrow(why);
  });

  it('reads at the resource group when one is named, else at the subscription', () => {
    expect(permissionsScope('s', undefined)).toBe('/subscriptions/s');
    expect(permissionsScope('s', 'rg-(a).b')).toBe('/subscriptions/s/resourceGroups/rg-(a).b');
  });
});

const VNET = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet';

describe('answer readers', () => {
  it('reads a provider state, a location, a usage row, a name check, a virtual network and a subnet', () => {
    // GIVEN answers of the documented shapes
    // WHEN they are read
    // THEN the facts carry Azure's values
    expect(
      providerFact('Microsoft.Compute', { namespace: 'Microsoft.Compute', registrationState: 'Registered' }),
    ).toEqual({
      namespace: 'Microsoft.Compute',
      registrationState: 'Registered',
    });
    expect(
      locationFacts({
        value: [{ name: 'uksouth', availabilityZoneMappings: [{ logicalZone: '1', physicalZone: 'uksouth-az2' }] }],
      }),
    ).toEqual([
      { name: 'uksouth', displayName: 'uksouth', zoneMappings: [{ logicalZone: '1', physicalZone: 'uksouth-az2' }] },
    ]);
    expect(usageFact({ name: { value: 'cores' }, currentValue: 4, limit: 10 }, 0)).toEqual({
      name: 'cores',
      localizedName: 'cores',
      current: 4,
      limit: 10,
    });
    expect(nameFact('vastpoc1', { nameAvailable: false, reason: 'AlreadyExists' })).toEqual({
      name: 'vastpoc1',
      available: false,
      reason: 'AlreadyExists',
    });
    expect(
      virtualNetworkFact(VNET, {
        location: 'uksouth',
        properties: { addressSpace: { addressPrefixes: ['10.0.0.0/16'] } },
      }),
    ).toEqual({ found: true, id: VNET, name: 'vnet', location: 'uksouth', addressPrefixes: ['10.0.0.0/16'] });
    expect(
      subnetFact(`${VNET}/subnets/a`, { name: 'a', properties: { addressPrefix: '10.0.0.0/24', natGateway: null } }),
    ).toEqual({ found: true, id: `${VNET}/subnets/a`, name: 'a', addressPrefixes: ['10.0.0.0/24'] });
  });

  it.each([
    ['a provider answer without a state', () => providerFact('Microsoft.Compute', {}), 'has no registrationState'],
    ['a locations answer without a list', () => locationFacts({}), 'has no value list'],
    ['a location without a name', () => locationFacts({ value: [{ displayName: 'x' }] }), 'a location without a name'],
    [
      'a zone mapping without zones',
      () => locationFacts({ value: [{ name: 'uksouth', availabilityZoneMappings: [{}] }] }),
      'a zone mapping without logicalZone and physicalZone',
    ],
    ['a SKU without a name', () => readSku({ resourceType: 'virtualMachines' }, 0), 'a SKU without a name'],
    ['a usage row without numbers', () => usageFact({ name: { value: 'cores' }, limit: '10' }, 2), '(row 3)'],
    ['a name check without nameAvailable', () => nameFact('vastpoc1', {}), 'has no nameAvailable'],
    ['a name check answering "false"', () => nameFact('vastpoc1', { nameAvailable: 'false' }), 'has no nameAvailable'],
    ['a virtual network answer {}', () => virtualNetworkFact(VNET, {}), 'has no location'],
    [
      'a virtual network without address prefixes',
      () => virtualNetworkFact(VNET, { location: 'uksouth', properties: { addressSpace: {} } }),
      'has no properties.addressSpace.addressPrefixes list',
    ],
    ['a subnet answer {}', () => subnetFact(`${VNET}/subnets/a`, {}), 'has no properties.addressPrefix'],
    [
      'a subnet whose NSG has no id',
      () => subnetFact(`${VNET}/subnets/a`, { properties: { addressPrefix: '10.0.0.0/24', networkSecurityGroup: {} } }),
      'properties.networkSecurityGroup that is not a reference with an id',
    ],
  ])('fails when reading %s', (_what, read, says) => {
    // GIVEN an answer missing what the check reads
    // WHEN it is read
    // THEN it is an unreadable answer, never a default value
    expect(read).toThrow(UnreadableAnswer);
    expect(read).toThrow(says);
  });
});

describe('readBudget', () => {
  it('accepts the bounds of every setting', () => {
    // GIVEN every setting at its lowest, then its highest allowed value
    const at = (bound: 'min' | 'max'): NodeJS.ProcessEnv =>
      Object.fromEntries(
        Object.entries(BUDGET_ENV).map(([key, name]) => [
          name,
          String(BUDGET_LIMITS[key as keyof typeof BUDGET_ENV][bound]),
        ]),
      );
    // WHEN the budget is read
    // THEN the values are taken as given
    expect(readBudget(at('min'))).toEqual({ requestTimeoutMs: 1, maxRetries: 0, retryDelayMs: 0, maxRetryWaitMs: 0 });
    expect(readBudget(at('max'))).toEqual({
      requestTimeoutMs: BUDGET_LIMITS.requestTimeoutMs.max,
      maxRetries: BUDGET_LIMITS.maxRetries.max,
      retryDelayMs: BUDGET_LIMITS.retryDelayMs.max,
      maxRetryWaitMs: BUDGET_LIMITS.maxRetryWaitMs.max,
    });
    expect(readBudget({})).toEqual(DEFAULT_RETRY_BUDGET);
  });

  it('fails when PREFLIGHT_REQUEST_TIMEOUT_MS is a number Node would truncate, naming the variable, value and range', () => {
    // GIVEN a timeout of 10^20 ms (Node would fire the timer after 1 ms and report the huge number)
    const env = { PREFLIGHT_REQUEST_TIMEOUT_MS: '100000000000000000000' };
    // WHEN the budget is read
    // THEN it is a usage error (exit 2) with the variable, the value and the allowed range
    expect(() => readBudget(env)).toThrow(UsageError);
    expect(() => readBudget(env)).toThrow(
      `PREFLIGHT_REQUEST_TIMEOUT_MS must be a whole number from 1 to ${BUDGET_LIMITS.requestTimeoutMs.max} (milliseconds), got "100000000000000000000"`,
    );
  });

  it.each([
    ['PREFLIGHT_REQUEST_TIMEOUT_MS', String(2 ** 31)],
    ['PREFLIGHT_REQUEST_TIMEOUT_MS', '0'],
    ['PREFLIGHT_MAX_RETRIES', '1000'],
    ['PREFLIGHT_RETRY_DELAY_MS', String(2 ** 31)],
    ['PREFLIGHT_MAX_RETRY_WAIT_MS', '99999999999'],
    ['PREFLIGHT_MAX_RETRIES', '-1'],
    ['PREFLIGHT_RETRY_DELAY_MS', '1e3'],
    ['PREFLIGHT_RETRY_DELAY_MS', '0x10'],
  ])('fails when %s is %s', (name, value) => {
    // GIVEN a value outside the setting's range or not a whole number
    // WHEN the budget is read
    // THEN the error names the variable and the range
    expect(() => readBudget({ [name]: value })).toThrow(
      new RegExp(`^${name} must be a whole number from \\d+ to \\d+`),
    );
  });

  it('fails with a value cut short when the variable holds a long text', () => {
    // GIVEN a 10 000-character value
    const value = '9'.repeat(10_000);
    // WHEN the budget is read
    // THEN the message echoes only the start of it
    let message = '';
    try {
      readBudget({ PREFLIGHT_MAX_RETRIES: value });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(
      /^PREFLIGHT_MAX_RETRIES must be a whole number from 0 to \d+, got "9{40}"… \(10000 characters\)$/,
    );
  });
});
