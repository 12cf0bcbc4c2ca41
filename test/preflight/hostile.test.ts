/**
 * Preflight against a hostile ARM front (issue 10): the whole CLI, as a child process, against
 * the HTTPS emulator switched into hostile modes. What is proven here: the bearer token never reaches another origin,
 * an answer preflight cannot read is exit 3 naming the call (never a verdict, never a crash), and a listing that does
 * not end is stopped.
 */
import { describe, expect, it } from 'vitest';
import { MAX_PAGES_PER_LISTING } from '../../scripts/preflight/facts';
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

describe('preflight never sends the token to another origin', () => {
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
