import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FAIL_AFTER_FILES_ENV, runHandoff, summary } from '../../scripts/handoff/command';
import { UsageError } from '../../scripts/lib/cli';
import { FIXTURE, RETAIL_ITEMS } from '../planning/support/retail-price-items';
import { startRetailPricesServer } from '../planning/support/retail-prices-server';
import { runInProcess, runScript, type RunResult } from '../support/run';
import { FAULT_DOMAINS_PROFILE_PATH, preflightIdentityOf } from './support';

const REPORT = {
  verdict: 'go',
  subscription: '00000000-0000-0000-0000-000000000000',
  location: 'uksouth',
  zone: '1',
  physicalZone: 'uksouth-az3',
  checks: [{ id: 'quota-family', status: 'pass', message: 'enough vCPUs' }],
  profile: preflightIdentityOf(),
};

function scratch(): string {
  return mkdtempSync(join(tmpdir(), 'handoff-cmd-'));
}

function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<RunResult> {
  return runScript('scripts/handoff.ts', args, { env });
}

describe('runHandoff', () => {
  it('adds PREFLIGHT.md and the report when --preflight is given', async () => {
    // GIVEN a valid preflight report WHEN the command runs THEN the bundle holds PREFLIGHT.md and preflight.json
    const dir = scratch();
    const report = join(dir, 'report.json');
    writeFileSync(report, JSON.stringify(REPORT));
    const result = await runHandoff(['--out', join(dir, 'out'), '--preflight', report], {});
    expect(result.files.map((f) => f.path)).toEqual(expect.arrayContaining(['PREFLIGHT.md', 'preflight.json']));
    expect(readFileSync(join(dir, 'out', 'PREFLIGHT.md'), 'utf8')).toContain('physical zone uksouth-az3');
  });

  it('writes the same bytes on two runs', async () => {
    // GIVEN two runs of the same profile into two folders WHEN compared THEN every file is identical
    const dir = scratch();
    const a = await runHandoff(['--profile', FAULT_DOMAINS_PROFILE_PATH, '--out', join(dir, 'a')], {});
    await runHandoff(['--profile', FAULT_DOMAINS_PROFILE_PATH, '--out', join(dir, 'b')], {});
    for (const f of a.files) {
      expect(readFileSync(join(dir, 'b', f.path)), f.path).toEqual(readFileSync(join(dir, 'a', f.path)));
    }
  });

  it('fails when --out is missing', async () => {
    // GIVEN no --out WHEN the command runs THEN it is a usage error
    await expect(runHandoff([], {})).rejects.toThrow(UsageError);
  });

  it('fails when the preflight report has the wrong shape', async () => {
    // GIVEN a report without checks WHEN the command runs THEN it is a usage error and nothing is written
    const dir = scratch();
    const report = join(dir, 'report.json');
    writeFileSync(report, JSON.stringify({ ...REPORT, checks: 'none' }));
    await expect(runHandoff(['--out', join(dir, 'out'), '--preflight', report], {})).rejects.toThrow(
      /checks must be a list/,
    );
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it('fails when --out lies below a plain file, as a usage error', async () => {
    const dir = scratch();
    writeFileSync(join(dir, 'a-file'), 'x');
    await expect(runHandoff(['--out', join(dir, 'a-file', 'bundle')], {})).rejects.toThrow(
      /--out .*a-file\/bundle cannot be written: (ENOTDIR|EEXIST) at /,
    );
  });

  it('fails when --out holds other files', async () => {
    // GIVEN a non-empty folder WHEN the command runs without --force THEN it is a usage error
    const dir = scratch();
    writeFileSync(join(dir, 'keep.txt'), 'x');
    await expect(runHandoff(['--out', dir], {})).rejects.toThrow(UsageError);
  });
});

// The CLI's wiring, through `runCli`, as a child process: exit 2 for an unusable --out and exit 70 for a bug; the
// other cases call runHandoff in-process.
describe('npm run handoff (process)', () => {
  it('fails with exit 2 when --out is a non-empty folder without --force', async () => {
    // GIVEN a non-empty folder WHEN the CLI runs THEN it exits 2 and says how to proceed
    const dir = scratch();
    writeFileSync(join(dir, 'keep.txt'), 'x');
    const run = await cli(['--out', dir]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('pass --force');
  });

  it('fails with exit 2 when the preflight file is not JSON', async () => {
    // GIVEN a preflight file that is not JSON WHEN the command runs THEN it exits 2 naming the problem
    const dir = scratch();
    writeFileSync(join(dir, 'r.json'), 'oops');
    const run = await runInProcess(async (out) => {
      out.write(summary(await runHandoff(['--out', join(dir, 'out'), '--preflight', join(dir, 'r.json')], {})));
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('is not valid JSON');
  });

  it('leaves nothing when writing fails part-way', async () => {
    // GIVEN an injected failure after 3 files WHEN the CLI runs THEN it fails and neither bundle nor staging remain
    const dir = scratch();
    const run = await cli(['--out', join(dir, 'out')], { [FAIL_AFTER_FILES_ENV]: '3' });
    expect(run.code).toBe(70);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('runHandoff with live prices', () => {
  it('prices the planning summary from the Retail Prices API when --live-prices is given', async () => {
    // GIVEN a local server speaking the Retail Prices API with a Linux VM meter of 10 USD/hour
    const server = await startRetailPricesServer({ items: RETAIL_ITEMS, behaviour: 'ok', pageSize: 100 });
    try {
      // WHEN the bundle is built with --live-prices against it
      const dir = scratch();
      await runHandoff(['--out', join(dir, 'out'), '--live-prices', '--prices-endpoint', server.url], {});
      // THEN the README's cost table carries that price instead of "unknown"
      const readme = readFileSync(join(dir, 'out', 'README.md'), 'utf8');
      const vmRow = readme.split('\n').find((l) => l.startsWith('| Unit price:') && l.includes('Standard_L96s_v4'));
      expect(vmRow).toMatch(new RegExp(`\\| ${FIXTURE.vmHourly} \\| USD per`));
    } finally {
      await server.close();
    }
  });

  it('fails when --prices-endpoint is given without --live-prices', async () => {
    await expect(
      runHandoff(['--out', join(scratch(), 'o'), '--prices-endpoint', 'https://127.0.0.1:1'], {}),
    ).rejects.toThrow('--prices-endpoint only applies together with --live-prices');
  });
});
