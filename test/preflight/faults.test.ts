import { describe, expect, it } from 'vitest';
import { parseReport, runPreflight, useEmulator } from './support';

const arm = useEmulator();

/** No foreseeable failure may print a stack trace. */
function expectNoStackTrace(stderr: string): void {
  expect(stderr).not.toMatch(/\n\s+at /);
  expect(stderr).not.toContain('internal error');
}

describe('preflight faults: throttling', () => {
  it('waits for Retry-After after a 429 and then succeeds', async () => {
    // GIVEN the SKU listing is throttled once with Retry-After: 1
    arm.current.addFault({ op: 'skus', kind: 'throttle', retryAfterSeconds: 1, times: 1 });
    // WHEN preflight runs
    const run = await runPreflight(arm.current, { args: ['--json'] });
    // THEN it retried the listing and reached a verdict
    expect(run.code).toBe(0);
    expect(arm.current.requestsFor('skus').map((r) => r.status)).toEqual([429, 200]);
  });

  it('fails when Azure asks to wait longer than the retry budget allows', async () => {
    // GIVEN usages are throttled with a Retry-After far beyond PREFLIGHT_MAX_RETRY_WAIT_MS
    arm.current.addFault({ op: 'usages', kind: 'throttle', retryAfterSeconds: 600 });
    // WHEN preflight runs
    const run = await runPreflight(arm.current);
    // THEN it gives up at once with exit 3, says it was throttled and what to do
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('Azure kept throttling past the retry budget');
    expect(run.stderr).toContain('Retry-After 600 s');
    expect(run.stderr).toContain('what to do: wait a few minutes');
    expect(arm.current.requestsFor('usages')).toHaveLength(1);
    expectNoStackTrace(run.stderr);
  });

  it('fails when throttling outlasts the retries', async () => {
    // GIVEN the locations call is always throttled with Retry-After: 0
    arm.current.addFault({ op: 'locations', kind: 'throttle', retryAfterSeconds: 0 });
    // WHEN preflight runs with 3 retries
    const run = await runPreflight(arm.current, { env: { PREFLIGHT_MAX_RETRIES: '3' } });
    // THEN it tried four times and exits 3
    expect(run.code).toBe(3);
    expect(arm.current.requestsFor('locations')).toHaveLength(4);
    expect(run.stderr).toContain('throttled by Azure (429');
    expectNoStackTrace(run.stderr);
  });
});

describe('preflight faults: server errors', () => {
  it('survives a burst of 500 and 503 that then succeeds', async () => {
    // GIVEN the usage list answers 500, then 503, then normally
    arm.current.addFault({ op: 'usages', kind: 'status', status: 500, times: 1 });
    arm.current.addFault({ op: 'usages', kind: 'status', status: 503, times: 1 });
    // WHEN preflight runs
    const run = await runPreflight(arm.current, { args: ['--json'] });
    // THEN it retried through the burst and reached go
    expect(run.code).toBe(0);
    expect(parseReport(run.stdout).verdict).toBe('go');
    expect(arm.current.requestsFor('usages').map((r) => r.status)).toEqual([500, 503, 200]);
  });

  it('survives a burst of 503 on the feature read that then succeeds', async () => {
    // GIVEN the Features API answers 503 twice, then normally
    arm.current.addFault({ op: 'feature', kind: 'status', status: 503, times: 2 });
    // WHEN preflight runs
    const run = await runPreflight(arm.current, { args: ['--json'] });
    // THEN the shared retry policy carried the call through the burst and the check passed
    expect(run.code).toBe(0);
    const report = parseReport(run.stdout);
    expect(report.verdict).toBe('go');
    expect(report.checks.find((c) => c.id === 'feature-encryption-at-host')?.status).toBe('pass');
    expect(arm.current.requestsFor('feature').map((r) => r.status)).toEqual([503, 503, 200]);
  });

  it('fails when 503 outlasts the retries', async () => {
    // GIVEN the provider calls always answer 503
    arm.current.addFault({ op: 'provider', kind: 'status', status: 503 });
    // WHEN preflight runs with 2 retries
    const run = await runPreflight(arm.current, { env: { PREFLIGHT_MAX_RETRIES: '2' } });
    // THEN it exits 3 saying Azure kept failing
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('Azure kept failing past the retry budget');
    expect(run.stderr).toContain('ServiceUnavailable');
    expectNoStackTrace(run.stderr);
  });
});

describe('preflight faults: hangs', () => {
  it('abandons a call that hangs past the timeout and retries it', async () => {
    // GIVEN the first locations call never answers
    arm.current.addFault({ op: 'locations', kind: 'hang', times: 1 });
    // WHEN preflight runs with a per-attempt timeout short enough for a test, long enough that a healthy loopback
    // call on a loaded machine never reaches it
    const run = await runPreflight(arm.current, { args: ['--json'], env: { PREFLIGHT_REQUEST_TIMEOUT_MS: '2000' } });
    // THEN the second attempt answered and the run reached go
    expect(run.code).toBe(0);
    expect(arm.current.requestsFor('locations').map((r) => r.status)).toEqual([0, 200]);
  });

  it('fails when every attempt hangs', async () => {
    // GIVEN the name check never answers
    arm.current.addFault({ op: 'checkNameAvailability', kind: 'hang' });
    // WHEN preflight runs with a short timeout and one retry
    const run = await runPreflight(arm.current, {
      env: { PREFLIGHT_REQUEST_TIMEOUT_MS: '2000', PREFLIGHT_MAX_RETRIES: '1' },
    });
    // THEN it exits 3 saying Azure did not answer in time
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('Azure did not answer in time, even after retries');
    expect(run.stderr).toContain('no answer within 2000 ms');
    expect(arm.current.requestsFor('checkNameAvailability')).toHaveLength(2);
    expectNoStackTrace(run.stderr);
  });
});

describe('preflight faults: authentication and authorization', () => {
  it('fails without retrying when Azure answers 401, with the login hint', async () => {
    // GIVEN the arm.current accepts only another token
    arm.current.configure({ token: 'some-other-token' });
    // WHEN preflight runs
    const run = await runPreflight(arm.current);
    // THEN it exits 3 with the login hint, and no call was retried (calls still in flight when the first 401
    // arrives are cancelled, so some may never reach the arm.current: count repeats, not arrivals)
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('Azure refused the credentials (401)');
    expect(run.stderr).toContain('`az login`');
    expect(arm.current.requests.some((r) => r.status === 401)).toBe(true);
    const paths = arm.current.requests.map((r) => `${r.method} ${r.path}`);
    expect(new Set(paths).size).toBe(paths.length);
    expectNoStackTrace(run.stderr);
  });

  it('fails without retrying when Azure answers 403, naming the role to ask for', async () => {
    // GIVEN the identity may not read SKUs
    arm.current.addFault({ op: 'skus', kind: 'status', status: 403 });
    // WHEN preflight runs
    const run = await runPreflight(arm.current);
    // THEN it exits 3, names the Reader role and `az login`, and did not retry
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('Azure denied access (403)');
    expect(run.stderr).toContain('AuthorizationFailed');
    expect(run.stderr).toContain('Reader role');
    expect(arm.current.requestsFor('skus')).toHaveLength(1);
    expectNoStackTrace(run.stderr);
  });
});

describe('preflight faults: malformed JSON', () => {
  it('retries a body that is not valid JSON and then succeeds', async () => {
    // GIVEN the first SKU page is cut off mid-JSON
    arm.current.addFault({ op: 'skus', kind: 'malformed', times: 1 });
    // WHEN preflight runs
    const run = await runPreflight(arm.current, { args: ['--json'] });
    // THEN it asked again and reached go
    expect(run.code).toBe(0);
    expect(arm.current.requestsFor('skus')).toHaveLength(2);
  });

  it('fails when the body stays malformed', async () => {
    // GIVEN the provider registration answers are always cut off (a classic-SDK client)
    arm.current.addFault({ op: 'provider', kind: 'malformed' });
    // WHEN preflight runs with one retry
    const run = await runPreflight(arm.current, { env: { PREFLIGHT_MAX_RETRIES: '1' } });
    // THEN it exits 3 saying the answer was not JSON
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('Azure answered with a body that is not valid JSON');
    expectNoStackTrace(run.stderr);
  });
});

describe('preflight faults: latency', () => {
  it('reaches the same verdict when every call is slow', async () => {
    // GIVEN every call takes an extra 200 ms
    arm.current.configure({ latencyMs: 200 });
    // WHEN preflight runs
    const run = await runPreflight(arm.current, { args: ['--json'] });
    // THEN the verdict is unchanged
    expect(run.code).toBe(0);
    expect(parseReport(run.stdout).verdict).toBe('go');
  });
});
