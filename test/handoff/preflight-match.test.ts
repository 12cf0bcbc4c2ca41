/**
 * Issue 13 item 3: handoff takes the preflight report seriously. The report records the profile it was made for;
 * handoff refuses (exit 2) a no-go report or one made for another profile name, region, zone, size or node count,
 * unless --accept-preflight-mismatch, which prints the differences on stderr and writes them into README.md.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { handoffMain, runHandoff } from '../../scripts/handoff/command';
import { preflightMismatches, type PreflightReportFile } from '../../scripts/handoff/preflight';
import { EXIT, failureExitCode, UsageError } from '../../scripts/lib/cli';
import { DEFAULT_PROFILE_PATH } from '../../stacks/profile/load';
import { parseReport, runPreflight, useEmulator } from '../preflight/support';
import { preflightIdentityOf } from './support';

function reportFor(
  overrides: Partial<PreflightReportFile> = {},
  profile: Record<string, unknown> = {},
): PreflightReportFile {
  return {
    verdict: 'go',
    subscription: '00000000-0000-0000-0000-000000000000',
    location: 'uksouth',
    zone: '1',
    physicalZone: 'uksouth-az2',
    checks: [{ id: 'quota-family', status: 'pass', message: 'enough vCPUs' }],
    profile: { ...preflightIdentityOf(), ...profile },
    ...overrides,
  } as PreflightReportFile;
}

function writeReport(report: unknown): { dir: string; path: string } {
  const dir = mkdtempSync(join(tmpdir(), 'handoff-pf-'));
  const path = join(dir, 'preflight.json');
  writeFileSync(path, JSON.stringify(report));
  return { dir, path };
}

async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a failure');
}

function capture(): { write: (s: string) => boolean; text: () => string } {
  let text = '';
  return { write: (s) => ((text += s), true), text: () => text };
}

describe('preflight --json records the profile', () => {
  const arm = useEmulator();

  it('carries the name, region, zone, size, node count and the SHA-256 of the profile file', async () => {
    // GIVEN the default profile
    // WHEN preflight runs with --json
    const run = await runPreflight(arm.current, { profile: DEFAULT_PROFILE_PATH, args: ['--json'] });
    // THEN the document's profile object names it, with the hash of the file's bytes
    expect(run.code).toBe(0);
    const doc = parseReport(run.stdout) as unknown as { profile: Record<string, unknown> };
    expect(doc.profile).toEqual({
      name: 'vast-poc',
      location: 'uksouth',
      zone: '1',
      vmSize: 'Standard_L96s_v4',
      nodeCount: 8,
      sha256: createHash('sha256').update(readFileSync(DEFAULT_PROFILE_PATH)).digest('hex'),
    });
  });
});

describe('preflightMismatches', () => {
  it('finds nothing when the report was made for this profile', () => {
    expect(preflightMismatches(reportFor(), preflightIdentityOf())).toEqual([]);
  });

  it('names a no-go verdict', () => {
    expect(preflightMismatches(reportFor({ verdict: 'no-go' }), preflightIdentityOf())).toEqual([
      'the report\'s verdict is "no-go", not "go"',
    ]);
  });

  it('names each differing fact with both values', () => {
    // GIVEN a report made for another name, region, zone, size and node count
    const report = reportFor(
      {},
      { name: 'other', location: 'westeurope', zone: '2', vmSize: 'Standard_L80s_v4', nodeCount: 11 },
    );
    // WHEN compared THEN each difference is one line naming the report's and the profile's value
    expect(preflightMismatches(report, preflightIdentityOf())).toEqual([
      'profile name: report "other", profile "vast-poc"',
      'region: report "westeurope", profile "uksouth"',
      'zone: report "2", profile "1"',
      'VM size: report "Standard_L80s_v4", profile "Standard_L96s_v4"',
      'node count: report 11, profile 8',
    ]);
  });

  it('ignores a changed profile file whose facts are the same', () => {
    expect(preflightMismatches(reportFor({}, { sha256: '0'.repeat(64) }), preflightIdentityOf())).toEqual([]);
  });

  it('names a report that does not record its profile, and still compares its region and zone', () => {
    const { profile: _p, ...old } = reportFor({ location: 'westeurope' });
    expect(preflightMismatches(old, preflightIdentityOf())).toEqual([
      'the report does not record the profile it was made for (made by an older preflight); run preflight again',
      'region: report "westeurope", profile "uksouth"',
    ]);
  });
});

describe('handoff --preflight', () => {
  it('fails when the report is no-go or made for another profile, naming each difference, with exit 2 and nothing written', async () => {
    // GIVEN a no-go report made for another region and node count
    const { dir, path } = writeReport(reportFor({ verdict: 'no-go' }, { location: 'westeurope', nodeCount: 11 }));
    const out = join(dir, 'out');
    // WHEN handoff runs with it
    const e = await rejection(runHandoff(['--out', out, '--preflight', path], {}));
    // THEN it is exit 2, every difference is named, the way out is named, and no bundle exists
    expect(e).toBeInstanceOf(UsageError);
    expect(failureExitCode(e)).toBe(EXIT.input);
    expect(e.message).toContain('does not fit profile "vast-poc"');
    expect(e.message).toContain('  - the report\'s verdict is "no-go", not "go"\n');
    expect(e.message).toContain('  - region: report "westeurope", profile "uksouth"\n');
    expect(e.message).toContain('  - node count: report 11, profile 8\n');
    expect(e.message).toContain('--accept-preflight-mismatch');
    expect(existsSync(out)).toBe(false);
  });

  it('fails when the report has a malformed profile object, naming the field', async () => {
    const { dir, path } = writeReport(reportFor({}, { nodeCount: 'eight' }));
    const e = await rejection(runHandoff(['--out', join(dir, 'out'), '--preflight', path], {}));
    expect(e).toBeInstanceOf(UsageError);
    expect(e.message).toContain('profile.nodeCount must be a whole number of at least 1, got "eight"');
  });

  it('packages a mismatched report with --accept-preflight-mismatch, printing the differences on stderr and in README.md', async () => {
    // GIVEN a report made for another zone, whose VM size carries Markdown and HTML
    const { dir, path } = writeReport(reportFor({}, { zone: '2', vmSize: 'Standard_<b>x</b>_[link](http://e)' }));
    const [out, err] = [capture(), capture()];
    // WHEN handoff runs with --accept-preflight-mismatch
    const code = await handoffMain(
      ['--out', join(dir, 'out'), '--preflight', path, '--accept-preflight-mismatch'],
      {},
      out,
      err,
    );
    // THEN it writes the bundle, warns on stderr, and the README carries the differences, escaped
    expect(code).toBe(0);
    expect(err.text()).toContain('warning: the --preflight report does not fit this profile');
    expect(err.text()).toContain('  - zone: report "2", profile "1"\n');
    const readme = readFileSync(join(dir, 'out', 'README.md'), 'utf8');
    expect(readme).toContain('> **Warning: the preflight report does not fit this configuration.**');
    expect(readme).toContain('> - zone: report "2", profile "1"');
    expect(readme).toContain(
      '> - VM size: report "Standard\\_&lt;b&gt;x&lt;/b&gt;\\_\\[link\\]\\(http://e\\)", profile "Standard\\_L96s\\_v4"',
    );
    expect(readme).not.toContain('<b>');
  });

  it('says nothing on stderr when the report fits', async () => {
    const { dir, path } = writeReport(reportFor());
    const [out, err] = [capture(), capture()];
    const code = await handoffMain(['--out', join(dir, 'out'), '--preflight', path], {}, out, err);
    expect(code).toBe(0);
    expect(err.text()).toBe('');
    expect(readFileSync(join(dir, 'out', 'README.md'), 'utf8')).not.toContain('does not fit');
  });

  it('notes on stderr that the profile file changed since preflight when only the hash differs', async () => {
    const { dir, path } = writeReport(reportFor({}, { sha256: '0'.repeat(64) }));
    const [out, err] = [capture(), capture()];
    await handoffMain(['--out', join(dir, 'out'), '--preflight', path], {}, out, err);
    expect(err.text()).toBe(
      'note: the profile file changed since the --preflight report was made (its SHA-256 differs)\n',
    );
  });
});
