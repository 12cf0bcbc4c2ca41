/**
 * Preflight against a hostile ARM front (issue 10, items 5, 9, 10 and 11): the command's `main()`, with the real SDK
 * clients, against the HTTPS emulator switched into hostile modes. What is proven here: the bearer token never reaches another origin,
 * an answer preflight cannot read is exit 3 naming the call (never a verdict, never a crash), and a listing that does
 * not end is stopped.
 */
import { request } from 'node:https';
import { describe, expect, it } from 'vitest';
import { MAX_PAGES_PER_LISTING } from '../../scripts/preflight/facts';
import type { Fault, Operation } from '../support/arm-emulator/server';
import { setFeature } from '../support/arm-emulator/world';
import { runPreflight, SUBSCRIPTION, useEmulator, type RunResult } from './support';

const arm = useEmulator();

/** Exit 3, nothing on stdout (no verdict), no stack trace, no "internal error". */
function expectOutsideFailure(run: RunResult): void {
  expect(run.code).toBe(3);
  expect(run.stdout).toBe('');
  expect(run.stderr).not.toMatch(/\n\s+at /);
  expect(run.stderr).not.toContain('internal error');
}

const SKU_CALL = `SKU list uksouth (GET /subscriptions/${SUBSCRIPTION}/providers/Microsoft.Compute/skus)`;
const USAGE_CALL = `usages uksouth (GET /subscriptions/${SUBSCRIPTION}/providers/Microsoft.Compute/locations/uksouth/usages)`;

const HTML = '<!DOCTYPE html><html><body><h1>Access denied by the web proxy</h1></body></html>';

/** GETs `url` with a bearer token, trusting what this process trusts; resolves with the status. */
function getWithToken(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { authorization: 'Bearer probe' } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('preflight never sends the token to another origin', () => {
  it('has a foreign origin this process trusts and that records an Authorization header', async () => {
    // GIVEN the second HTTPS server
    const foreign = await arm.current.startForeignOrigin();
    // WHEN a client that trusts what preflight trusts sends it a token
    const status = await getWithToken(`${foreign.url}/subscriptions/x`);
    // THEN it answered over verified TLS and recorded the header: following a link there would have leaked the token
    expect(status).toBe(200);
    expect(foreign.requests).toEqual([{ method: 'GET', url: '/subscriptions/x', authorization: true }]);
  });

  it.each([
    ['skus', SKU_CALL],
    ['usages', USAGE_CALL],
  ] as const)('fails when a %s page has a nextLink to another origin, and sends it nothing', async (op, call) => {
    // GIVEN a second HTTPS server the client trusts (same certificate), and a listing page whose nextLink points there
    const foreign = await arm.current.startForeignOrigin();
    arm.current.addFault({ op, kind: 'nextLink', link: 'foreign' });
    // WHEN preflight runs
    const run = await runPreflight(arm.current);
    // THEN exit 3 naming the call and both origins, and the other origin received no request (so no token)
    expectOutsideFailure(run);
    expect(run.stderr).toContain(call);
    expect(run.stderr).toContain(`nextLink points at ${foreign.url}, not at the ARM endpoint ${arm.current.url}`);
    expect(foreign.requests).toEqual([]);
  });

  it('fails, without a crash, when a nextLink goes to http://', async () => {
    // GIVEN the SKU page's nextLink is the emulator itself over plain http://
    arm.current.addFault({ op: 'skus', kind: 'nextLink', link: 'http' });
    // WHEN preflight runs
    const run = await runPreflight(arm.current);
    // THEN exit 3 naming the call and the http origin; only the first page was asked for
    expectOutsideFailure(run);
    expect(run.stderr).toContain(SKU_CALL);
    expect(run.stderr).toContain(`nextLink points at ${arm.current.url.replace('https:', 'http:')}`);
    expect(arm.current.requestsFor('skus')).toHaveLength(1);
  });
});

describe('preflight stops a listing that does not end', () => {
  it('fails when a nextLink repeats a page already read', async () => {
    // GIVEN the SKU listing's nextLink points at the same page for ever
    arm.current.addFault({ op: 'skus', kind: 'nextLink', link: 'loop' });
    // WHEN preflight runs
    const run = await runPreflight(arm.current);
    // THEN exit 3 naming the call; the repeated page was not asked for a second time
    expectOutsideFailure(run);
    expect(run.stderr).toContain(SKU_CALL);
    expect(run.stderr).toContain('nextLink repeats a page already read');
    expect(arm.current.requestsFor('skus')).toHaveLength(2);
  });

  it(`fails when a listing goes on past ${MAX_PAGES_PER_LISTING} pages`, async () => {
    // GIVEN every usage page links to a new page
    arm.current.addFault({ op: 'usages', kind: 'nextLink', link: 'endless' });
    // WHEN preflight runs
    const run = await runPreflight(arm.current);
    // THEN exit 3 naming the call and the cap, after exactly the cap's number of pages
    expectOutsideFailure(run);
    expect(run.stderr).toContain(USAGE_CALL);
    expect(run.stderr).toContain(`more than ${MAX_PAGES_PER_LISTING} pages`);
    expect(arm.current.requestsFor('usages')).toHaveLength(MAX_PAGES_PER_LISTING);
  });
});

describe('preflight never reports go on an encryption-at-host answer it cannot read', () => {
  const FEATURE_CALL = `feature Microsoft.Compute/EncryptionAtHost (GET /subscriptions/${SUBSCRIPTION}/providers/Microsoft.Features/providers/Microsoft.Compute/features/EncryptionAtHost)`;

  it.each([
    ['{}', { body: '{}' }, 'has no properties.state'],
    ['an empty body', { body: '' }, 'empty body'],
    ['an HTML page', { body: HTML, contentType: 'text/html' }, 'text/html'],
    ['an HTML 404', { body: HTML, contentType: 'text/html', status: 404 }, '404 without an ARM error'],
  ] as const)('fails when the feature read answers %s', async (_what, answer, why) => {
    // GIVEN the feature is NotRegistered (the true answer is no-go), but the read answers garbage
    setFeature(arm.current.world, 'Microsoft.Compute', 'EncryptionAtHost', 'NotRegistered');
    arm.current.addFault({ op: 'feature', kind: 'body', ...answer });
    // WHEN preflight runs
    const run = await runPreflight(arm.current, { env: { PREFLIGHT_MAX_RETRIES: '1' } });
    // THEN exit 3 naming the call and what was wrong with the answer: no verdict at all, least of all go
    expectOutsideFailure(run);
    expect(run.stderr).toContain('/features/EncryptionAtHost');
    expect(run.stderr).toContain(why);
    if (why === 'has no properties.state' || why === '404 without an ARM error') {
      expect(run.stderr).toContain(FEATURE_CALL);
    }
  });

  it('fails the check when the feature is in a state preflight does not know', async () => {
    // GIVEN the feature read answers a state that is not one of Azure's
    arm.current.addFault({
      op: 'feature',
      kind: 'body',
      body: JSON.stringify({ properties: { state: 'Registeredish' }, name: 'Microsoft.Compute/EncryptionAtHost' }),
    });
    // WHEN preflight runs
    const run = await runPreflight(arm.current, { args: ['--json'] });
    // THEN no-go: only Registered lets the node pool deploy
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as { checks: { id: string; status: string; message: string }[] };
    const c = report.checks.find((x) => x.id === 'feature-encryption-at-host');
    expect(c?.status).toBe('fail');
    expect(c?.message).toContain('in a state preflight does not know (Registeredish)');
  });
});

describe('preflight reports garbage on the other calls as an outside failure', () => {
  const answers: readonly [string, Operation, Omit<Extract<Fault, { kind: 'body' }>, 'kind' | 'op'>, string][] = [
    ['a provider read answers {}', 'provider', { body: '{}' }, 'has no registrationState'],
    [
      'a provider read answers an HTML 404',
      'provider',
      { body: HTML, contentType: 'text/html', status: 404 },
      '404 without an ARM error',
    ],
    ['the locations call answers {}', 'locations', { body: '{}' }, 'has no value list'],
    ['the name check answers {}', 'checkNameAvailability', { body: '{}' }, 'has no nameAvailable'],
    ['the SKU list answers {}', 'skus', { body: '{}' }, SKU_CALL],
    ['the SKU list answers a value that is not a list', 'skus', { body: '{"value":"Standard_L8s_v3"}' }, SKU_CALL],
    ['the SKU list answers an HTML page', 'skus', { body: HTML, contentType: 'text/html' }, 'text/html'],
    ['the usage list answers {}', 'usages', { body: '{}' }, USAGE_CALL],
    [
      'a usage row has no currentValue',
      'usages',
      { body: '{"value":[{"name":{"value":"cores"},"limit":10}]}' },
      'a usage row without',
    ],
  ];

  it.each(answers)('fails when %s', async (_what, op, answer, says) => {
    // GIVEN one call answers something that is not what ARM sends
    arm.current.addFault({ op, kind: 'body', ...answer });
    // WHEN preflight runs
    const run = await runPreflight(arm.current, { env: { PREFLIGHT_MAX_RETRIES: '1' } });
    // THEN exit 3, naming the call and what was wrong, never a no-go that blames the subscription, never a crash
    expectOutsideFailure(run);
    expect(run.stderr).toContain(says);
  });
});
