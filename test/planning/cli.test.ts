import { afterEach, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { planMain } from '../../scripts/planning/command';
import { LAUNCHER, ROOT, runInProcess, type RunResult } from '../support/run';
import { parseCsv } from './support/csv';
import { FIXTURE, RETAIL_ITEMS } from './support/retail-price-items';
import { startRetailPricesServer, type RetailPricesServer } from './support/retail-prices-server';

type Run = RunResult;

/** The environment a run sees: the test process's, without a profile or prices endpoint chosen outside the test. */
function planEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...process.env, VAST_PROFILE: '', AZURE_PRICES_ENDPOINT: '', ...env };
}

/** Runs the plan command's main function in this process, failures mapped to exit codes as `runCli` does. */
function plan(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return runInProcess((out) => planMain(args, { stdout: (t) => out.write(t), env: planEnv(env) }));
}

/**
 * Runs `npm run plan -- …` as a child process (asynchronously, so a local server in this process can answer): for
 * the tests of the CLI's wiring (exit 0 and exit 2 through `runCli`).
 */
function planChild(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [LAUNCHER, 'scripts/plan.ts', ...args],
      { cwd: ROOT, env: planEnv(env) },
      (error, stdout, stderr) => {
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
      },
    );
  });
}

let server: RetailPricesServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('npm run plan', () => {
  it('prints the report for the default profile', async () => {
    // GIVEN no flags
    // WHEN the command runs
    const run = await planChild([]);
    // THEN it exits 0 with the tables
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/== Erasure coding ==[\s\S]*== Azure Managed Lustre comparison ==/);
  });

  it('prints one JSON document with --json', async () => {
    // GIVEN --json
    // WHEN the command runs
    const run = await plan(['--json']);
    // THEN stdout is one JSON document with the plan
    const doc = JSON.parse(run.stdout) as { layout: { k: number; m: number }; capacity: { usableTB: number } };
    expect([doc.layout.k, doc.layout.m, doc.capacity.usableTB]).toEqual([6, 2, 124.416]);
  });

  it('writes the CSV file with --csv', async () => {
    // GIVEN a fresh directory
    const file = join(mkdtempSync(join(tmpdir(), 'plan-csv-')), 'plan.csv');
    // WHEN the command runs with --csv
    const run = await plan(['--csv', file]);
    // THEN the file holds the header and one row per metric
    expect(run.code).toBe(0);
    const rows = parseCsv(readFileSync(file, 'utf8'));
    expect(rows[0]).toEqual(['section', 'metric', 'scenario', 'value', 'unit', 'source', 'id']);
    expect(rows.find((r) => r[6] === 'throughput.networkGBps')?.[3]).toBe('41');
  });

  it('plans the profile named with --profile', async () => {
    // GIVEN the fault-domains profile
    // WHEN the command runs with --profile and --json
    const run = await plan(['--profile', 'stacks/profiles/fault-domains.yaml', '--json']);
    // THEN the plan is 5+5 over UK South's two fault domains
    expect((JSON.parse(run.stdout) as { layout: { name: string; faultDomains: number } }).layout).toMatchObject({
      name: '5+5',
      faultDomains: 2,
    });
  });

  it('uses live prices from the endpoint named by AZURE_PRICES_ENDPOINT', async () => {
    // GIVEN a local Retail Prices API
    server = await startRetailPricesServer({ items: RETAIL_ITEMS, pageSize: 2 });
    // WHEN the command runs with --live-prices
    const run = await plan(['--live-prices', '--json'], { AZURE_PRICES_ENDPOINT: server.url });
    // THEN the VM price comes from the server
    const doc = JSON.parse(run.stdout) as { prices: { origin: string; points: Record<string, { usd: number }> } };
    expect(doc.prices.origin).toBe('live');
    expect(doc.prices.points['vm.Standard_L96s_v4']?.usd).toBe(FIXTURE.vmHourly);
  });

  it('uses live prices from --prices-endpoint', async () => {
    // GIVEN a local Retail Prices API
    server = await startRetailPricesServer({ items: RETAIL_ITEMS });
    // WHEN the command runs with --live-prices --prices-endpoint
    const run = await plan(['--live-prices', '--prices-endpoint', server.url]);
    // THEN the report shows a known monthly total
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Total per month\s+[\d,.]+\s+USD\/month/);
  });

  it('fails with exit 3 when the prices API cannot be reached', async () => {
    // GIVEN the address of a stopped server
    const s = await startRetailPricesServer({ items: [] });
    await s.close();
    // WHEN the command runs with --live-prices against it
    const run = await plan(['--live-prices', '--prices-endpoint', s.url]);
    // THEN it exits 3 with a clear message and what to do
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/could not reach the Azure Retail Prices API[\s\S]*what to do:/);
  });

  it('fails with exit 3 when the prices API answers an error', async () => {
    // GIVEN a server that answers HTTP 500
    server = await startRetailPricesServer({ items: [], behaviour: 'error500' });
    // WHEN the command runs with --live-prices against it
    const run = await plan(['--live-prices', '--prices-endpoint', server.url]);
    // THEN it exits 3
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('answered HTTP 500');
  });

  it('fails with exit 2 when a flag is unknown', async () => {
    // GIVEN an unknown flag
    // WHEN the command runs
    const run = await planChild(['--bogus']);
    // THEN it exits 2 naming the allowed flags
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/Allowed flags: --profile <value>, --json, --csv <value>/);
  });

  it('fails with exit 2 when --prices-endpoint is given without --live-prices', async () => {
    // GIVEN --prices-endpoint alone
    // WHEN the command runs
    const run = await plan(['--prices-endpoint', 'http://127.0.0.1:9']);
    // THEN it exits 2
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--prices-endpoint only applies together with --live-prices');
  });

  it('fails with exit 2 when --prices-endpoint is not a URL', async () => {
    // GIVEN a malformed endpoint
    // WHEN the command runs
    const run = await plan(['--live-prices', '--prices-endpoint', 'prices.azure.com']);
    // THEN it exits 2 naming the value
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('got "prices.azure.com"');
  });

  it('fails with exit 2 when --csv has no value', async () => {
    // GIVEN --csv without a file
    // WHEN the command runs
    const run = await plan(['--csv']);
    // THEN it exits 2
    expect(run.code).toBe(2);
  });

  it('fails with exit 2 when the profile does not exist', async () => {
    // GIVEN a missing profile
    const missing = join(tmpdir(), 'no-such-profile.yaml');
    const csv = join(mkdtempSync(join(tmpdir(), 'plan-csv-')), 'plan.csv');
    // WHEN the command runs, asked for a CSV too
    const run = await plan(['--profile', missing, '--csv', csv]);
    // THEN it exits 2 and the CSV was not written
    expect([run.code, existsSync(csv)]).toEqual([2, false]);
    expect(run.stderr).toContain('could not be read');
  });
});
