import { describe, expect, it } from 'vitest';
import {
  FAKE_TOKEN,
  parseReport,
  runPreflight,
  spawnPreflight,
  startEmulator,
  SUBSCRIPTION,
  useEmulator,
  writeProfile,
} from './support';

const arm = useEmulator();

// Most tests call preflight's main() in-process; the ones using spawnPreflight run the real CLI as a child process
// and cover its wiring: one per exit code (0, 1, 2, 3) and the CA that only NODE_EXTRA_CA_CERTS can supply.

describe('preflight CLI: go', () => {
  it('exits 0 with one JSON document whose every check passes', async () => {
    // GIVEN a subscription where the default profile fits
    // WHEN preflight runs with --json
    const run = await spawnPreflight(arm.current, { args: ['--json'] });
    // THEN it exits 0 and prints exactly the documented document
    expect(run.code).toBe(0);
    const report = parseReport(run.stdout);
    expect(report).toMatchObject({
      verdict: 'go',
      subscription: SUBSCRIPTION,
      location: 'uksouth',
      zone: '1',
      physicalZone: 'uksouth-az2',
    });
    expect(report.checks.map((c) => [c.id, c.status])).toEqual([
      ['providers', 'pass'],
      ['region', 'pass'],
      ['sku-region', 'pass'],
      ['sku-zone', 'pass'],
      ['sku-capabilities', 'pass'],
      ['quota-family', 'pass'],
      ['quota-regional', 'pass'],
      ['storage-name', 'pass'],
      ['feature-encryption-at-host', 'pass'],
      ['network-existing', 'pass'],
      ['fault-domain-count', 'pass'],
      ['network-peering', 'pass'],
      ['deployer-permissions', 'pass'],
    ]);
  });

  it('prints a table and the verdict for a person', async () => {
    // GIVEN a subscription where the default profile fits
    // WHEN preflight runs without --json
    const run = await runPreflight(arm.current);
    // THEN stdout holds the table rows and a GO verdict
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^CHECK\s+STATUS\s+MESSAGE$/m);
    expect(run.stdout).toMatch(/^quota-family\s+PASS\s+Standard Lsv4 Family vCPUs/m);
    expect(run.stdout).toMatch(/^Verdict: GO \(13 checks, 0 warnings\)$/m);
  });

  it('says a static token is used without printing it', async () => {
    // GIVEN AZURE_ARM_TOKEN is set
    // WHEN preflight runs in both output modes
    const human = await runPreflight(arm.current);
    const json = await runPreflight(arm.current, { args: ['--json'] });
    // THEN the output says a static token is used, and the token appears nowhere
    expect(human.stdout).toContain('static bearer token from AZURE_ARM_TOKEN (value not shown)');
    expect(json.stderr).toContain('static bearer token from AZURE_ARM_TOKEN');
    for (const text of [human.stdout, human.stderr, json.stdout, json.stderr]) expect(text).not.toContain(FAKE_TOKEN);
  });

  it('draws no progress indicator when stderr is not a terminal', async () => {
    // GIVEN stderr is a pipe
    // WHEN preflight runs in human mode
    const run = await runPreflight(arm.current);
    // THEN nothing is written to stderr
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
  });

  it('takes the subscription from AZURE_SUBSCRIPTION_ID when no flag or profile names one', async () => {
    // GIVEN only the environment names the subscription
    // WHEN preflight runs without --subscription
    const run = await runPreflight(arm.current, {
      noSubscription: true,
      args: ['--json'],
      env: { AZURE_SUBSCRIPTION_ID: SUBSCRIPTION },
    });
    // THEN it asks about that subscription
    expect(run.code).toBe(0);
    expect(parseReport(run.stdout).subscription).toBe(SUBSCRIPTION);
  });

  it('takes the ARM endpoint from AZURE_ARM_ENDPOINT when no flag names one', async () => {
    // GIVEN only the environment names the endpoint
    // WHEN preflight runs without --arm-endpoint
    const run = await runPreflight(arm.current, { noEndpoint: true, env: { AZURE_ARM_ENDPOINT: arm.current.url } });
    // THEN the calls reach the arm.current
    expect(run.code).toBe(0);
    expect(arm.current.requests.length).toBeGreaterThan(0);
  });
});

describe('preflight CLI: calls', () => {
  it('lists SKUs once for the region, filtered by location', async () => {
    // GIVEN a default run
    // WHEN preflight checks the size and every catalog alternative
    await runPreflight(arm.current, { args: ['--json'] });
    // THEN exactly one SKU listing was made, filtered to the profile's location
    const skus = arm.current.requestsFor('skus');
    expect(skus).toHaveLength(1);
    expect(skus[0]?.query.$filter).toBe("location eq 'uksouth'");
  });

  it('follows nextLink through every page of the SKU and usage lists', async () => {
    // GIVEN the arm.current pages lists three items at a time
    arm.current.configure({ pageSize: 3 });
    // WHEN preflight runs
    const run = await runPreflight(arm.current, { args: ['--json'] });
    // THEN it read every page (the size sits on a late page) and still reaches go
    expect(run.code).toBe(0);
    expect(arm.current.requestsFor('skus').length).toBeGreaterThan(5);
    expect(arm.current.requestsFor('usages').length).toBeGreaterThan(1);
    expect(arm.current.requestsFor('skus').every((r) => r.query.$filter === "location eq 'uksouth'")).toBe(true);
  });
});

describe('preflight CLI: no-go', () => {
  it('exits 1 with a NO-GO verdict when a check fails', async () => {
    // GIVEN the family quota is exhausted
    const usages = arm.current.world.usages.uksouth ?? [];
    const row = usages.find((u) => u.name.value === 'standardLsv4Family');
    if (row) row.limit = 0;
    // WHEN preflight runs
    const run = await spawnPreflight(arm.current);
    // THEN it exits 1 and says NO-GO with what to do
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^Verdict: NO-GO \(1 of 13 checks failed, 0 warnings\)$/m);
    expect(run.stdout).toMatch(/^What to do:$/m);
  });
});

describe('preflight CLI: bad input (exit 2)', () => {
  it('fails when the profile is invalid, before asking Azure', async () => {
    // GIVEN a profile with too few nodes
    const profile = writeProfile({ nodes: { count: 2 } });
    // WHEN preflight runs
    const run = await spawnPreflight(arm.current, { profile });
    // THEN it exits 2 naming the field, prints nothing on stdout and made no call
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('nodes.count must be at least 4');
    expect(run.stdout).toBe('');
    expect(arm.current.requests).toHaveLength(0);
  });

  it('fails when the profile file does not exist', async () => {
    // GIVEN a path with no file
    // WHEN preflight runs
    const run = await runPreflight(arm.current, { profile: '/nonexistent/profile.yaml' });
    // THEN it exits 2 and says the file could not be read
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('could not be read (ENOENT)');
  });

  it('fails when no subscription is named anywhere', async () => {
    // GIVEN no flag, no profile subscriptionId and neither ARM_ nor AZURE_SUBSCRIPTION_ID
    // WHEN preflight runs
    const run = await runPreflight(arm.current, { noSubscription: true });
    // THEN it exits 2 and lists the three ways to name one
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      'pass --subscription <id>, set subscriptionId in the profile, or set ARM_SUBSCRIPTION_ID (or AZURE_SUBSCRIPTION_ID)',
    );
  });

  it('fails when the subscription is not a GUID', async () => {
    // GIVEN a malformed subscription id
    // WHEN preflight runs
    const run = await runPreflight(arm.current, { noSubscription: true, args: ['--subscription', 'my-sub'] });
    // THEN it exits 2 naming the value
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--subscription must be a subscription GUID, got "my-sub"');
  });

  it('fails when the ARM endpoint is not HTTPS', async () => {
    // GIVEN an http:// endpoint
    // WHEN preflight runs
    const run = await runPreflight(arm.current, { noEndpoint: true, args: ['--arm-endpoint', 'http://127.0.0.1:1'] });
    // THEN it exits 2 and explains that TLS is required
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--arm-endpoint must use https://');
    expect(run.stderr).toContain('NODE_EXTRA_CA_CERTS');
  });

  it('fails when an unknown flag is given', async () => {
    // GIVEN a flag preflight does not have
    // WHEN preflight runs
    const run = await runPreflight(arm.current, { args: ['--yes'] });
    // THEN it exits 2 and lists the allowed flags
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("Unknown option '--yes'");
    expect(run.stderr).toContain('--arm-endpoint <value>');
  });

  it('fails when a retry budget variable is not a number', async () => {
    // GIVEN PREFLIGHT_MAX_RETRIES is not a count
    // WHEN preflight runs
    const run = await runPreflight(arm.current, { env: { PREFLIGHT_MAX_RETRIES: 'lots' } });
    // THEN it exits 2 naming the variable
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('PREFLIGHT_MAX_RETRIES must be a whole number from 0 to 10, got "lots"');
  });
});

describe('preflight CLI: Azure could not be asked (exit 3)', () => {
  it('fails when the subscription is unknown to Azure', async () => {
    // GIVEN a subscription the arm.current does not serve
    const other = '11111111-2222-4333-8444-555555555555';
    // WHEN preflight runs against it
    const run = await runPreflight(arm.current, { noSubscription: true, args: ['--subscription', other] });
    // THEN it exits 3 and says to check the subscription
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('SubscriptionNotFound');
    expect(run.stderr).toContain('what to do: check --subscription');
  });

  it('fails when the server certificate is not trusted, without switching verification off', async () => {
    // GIVEN the emulator's CA is not handed to Node
    // WHEN preflight runs
    const run = await spawnPreflight(arm.current, { env: { NODE_EXTRA_CA_CERTS: undefined } });
    // THEN it exits 3 naming the certificate problem and NODE_EXTRA_CA_CERTS, and nothing reached the arm.current
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('TLS certificate is not trusted');
    expect(run.stderr).toContain('NODE_EXTRA_CA_CERTS');
    expect(arm.current.requests).toHaveLength(0);
  });

  it('fails when nothing listens at the endpoint', async () => {
    // GIVEN an endpoint where no server listens
    const gone = await startEmulator();
    const url = gone.url;
    await gone.close();
    // WHEN preflight runs against it
    const run = await spawnPreflight(arm.current, { noEndpoint: true, args: ['--arm-endpoint', url] });
    // THEN it exits 3 saying Azure could not be reached, with no stack trace
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('could not reach Azure Resource Manager');
    expect(run.stderr).toContain('ECONNREFUSED');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
