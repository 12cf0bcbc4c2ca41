import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  aggregateJob,
  analyse,
  compareJob,
  diagnose,
  median,
  outliers,
  type ClientFigure,
} from '../../scripts/benchmarking/analysis';
import { parseFioJson, readResultsFolder, ResultsError, type FioResult } from '../../scripts/benchmarking/fio';
import { benchJob, expectationFor } from '../../scripts/benchmarking/jobs';
import { REPORT_MARKER } from '../../scripts/benchmarking/render';
import { reportMain } from '../../scripts/benchmarking/report-command';
import { UsageError } from '../../scripts/lib/cli';
import { buildPlan, type Plan } from '../../scripts/planning/plan';
import { DEFAULT_PROFILE_PATH, loadProfile } from '../../stacks/profile/load';
import { FAULT_DOMAINS_PROFILE_PATH } from '../handoff/support';
import { runScript } from '../support/run';

const FIXTURES = join(__dirname, '..', 'fixtures', 'fio');
const BASE = join(FIXTURES, 'local-two-clients');

let plan: Plan;
beforeAll(() => {
  plan = buildPlan(loadProfile(DEFAULT_PROFILE_PATH));
});

function fixture(path: string): string {
  return readFileSync(join(BASE, path), 'utf8');
}

function parsed(path: string): FioResult {
  const [client, file] = path.split('/') as [string, string];
  const r = parseFioJson(fixture(path), path, client, file.replace(/\.json$/, ''));
  if (Array.isArray(r)) throw new Error(r.join('; '));
  return r;
}

/** A results folder: the two-client fixture, optionally with a variant file in place of client-b's seq-read. */
function resultsFolder(variant?: 'slow' | 'errored'): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'report-')), 'results');
  cpSync(BASE, dir, { recursive: true });
  if (variant) {
    cpSync(join(FIXTURES, 'variants', `${variant}-client-b-seq-read.json`), join(dir, 'client-b', 'seq-read.json'));
  }
  return dir;
}

/** A result record with round figures, for hand-computed aggregation. */
function result(client: string, jobId: string, gbps: number, endedAt = 1000): FioResult {
  return {
    file: `${client}/${jobId}.json`,
    client,
    jobId,
    profileName: 'vast-poc',
    fioVersion: 'fio-3.33',
    endedAt,
    direction: benchJob(jobId)!.direction,
    bwBytes: gbps * 1e9,
    iops: gbps * 1000,
    ioBytes: gbps * 1e9 * 60,
    runtimeMs: 60_000,
    error: 0,
  };
}

const quiet = { stdout: () => undefined, env: {} };

describe('reading fio JSON', () => {
  it('reads the figures of the job direction from real fio output', () => {
    // GIVEN client-a's seq-read from fio 3.33 WHEN parsed THEN bw_bytes, profile and job come through
    const r = parsed('client-a/seq-read.json');
    expect([r.bwBytes, r.direction, r.profileName, r.jobId, r.fioVersion, r.error]).toEqual([
      960159833,
      'read',
      'vast-poc',
      'seq-read',
      'fio-3.33',
      0,
    ]);
  });

  it('reads writes from the write side', () => {
    // GIVEN client-b's seq-write WHEN parsed THEN its write bw_bytes
    expect(parsed('client-b/seq-write.json').bwBytes).toBe(1700581550);
  });

  it('fails when the file is not JSON', () => {
    // GIVEN fio's text output WHEN parsed THEN the message says it is not fio JSON and names the file
    const r = parseFioJson('seq-read: (g=0): rw=read, bs=(R) 1024KiB', 'c/seq-read.json', 'c', 'seq-read');
    expect(r).toEqual([
      expect.stringMatching(/^c\/seq-read\.json is not fio JSON \(.*it starts with "seq-read: \(g=0\)/),
    ]);
  });

  it('fails when the file is not JSON with our own words and a short excerpt, not V8 quoting the text', () => {
    // GIVEN text that is not JSON and a JSON file cut short
    const text = parseFioJson('seq-read: (g=0): rw=read, bs=(R) 1024KiB-1024KiB', 'c/seq-read.json', 'c', 'seq-read');
    const cut = parseFioJson('{"fio version": "fio-3.35",\n "jobs": [', 'c/seq-read.json', 'c', 'seq-read');
    // THEN the problem is named, with at most the first 40 characters of the file
    expect(text).toEqual([
      'c/seq-read.json is not fio JSON (unexpected text; it starts with "seq-read: (g=0): rw=read, bs=(R) 1024KiB"); run.sh writes fio --output-format=json there',
    ]);
    expect(cut).toEqual([
      'c/seq-read.json is not fio JSON (the text ends too early; it starts with "{"fio version": "fio-3.35", "jobs": ["); run.sh writes fio --output-format=json there',
    ]);
  });

  it('fails when the JSON is not fio output', () => {
    // GIVEN the kit manifest in a job's place WHEN parsed THEN "no fio version"
    const r = parseFioJson(fixture('kit.json'), 'c/seq-read.json', 'c', 'seq-read');
    expect(r).toEqual([expect.stringMatching(/has no "fio version" field/)]);
  });

  it('fails when fio output of another major version lacks fields', () => {
    // GIVEN real output relabelled fio-2.21 without bw_bytes (fio 2 reported KiB/s only) WHEN parsed
    const doc = JSON.parse(fixture('client-a/seq-read.json')) as {
      'fio version': string;
      jobs: Array<{ read: Record<string, unknown> }>;
    };
    doc['fio version'] = 'fio-2.21';
    delete doc.jobs[0]!.read['bw_bytes'];
    const r = parseFioJson(JSON.stringify(doc), 'c/seq-read.json', 'c', 'seq-read');
    // THEN the missing field, the version and the version the report reads
    expect(r).toEqual([
      'c/seq-read.json: field jobs[0].read.bw_bytes is missing or not a number (fio-2.21) The report reads fio 3 JSON and this file is from fio-2.21: run the kit with fio 3.x.',
    ]);
  });

  it('fails when the result was not made by a kit job file', () => {
    // GIVEN real output without the kit's description WHEN parsed THEN the description is named
    const doc = JSON.parse(fixture('client-a/seq-read.json')) as { 'global options': Record<string, string> };
    delete doc['global options']['description'];
    const r = parseFioJson(JSON.stringify(doc), 'c/seq-read.json', 'c', 'seq-read');
    expect(r).toEqual([expect.stringMatching(/global option "description" is missing/)]);
  });
});

describe('reading a results folder', () => {
  it('reads every client and job', () => {
    // GIVEN the two-client fixture WHEN read THEN 2 clients × 5 jobs and the kit manifest
    const f = readResultsFolder(BASE);
    expect(f.results).toHaveLength(10);
    expect((f.manifest as { profile: string }).profile).toBe('vast-poc');
  });

  it('fails when the folder is empty', () => {
    // GIVEN an empty folder WHEN read THEN the message says what it expected
    const dir = mkdtempSync(join(tmpdir(), 'report-empty-'));
    expect(() => readResultsFolder(dir, 'empty')).toThrow(
      /^empty holds no fio results: expected <client>\/<job>\.json/,
    );
  });

  it('fails when a job errored', () => {
    // GIVEN client-b's seq-read from a run fio stopped with error 84 WHEN read THEN the file and the errno
    expect(() => readResultsFolder(resultsFolder('errored'))).toThrow(
      /client-b\/seq-read\.json: fio reported error 84 \(errno\) for job seq-read/,
    );
  });

  it('fails when one client lacks a job the others ran', () => {
    // GIVEN client-b without md-stat WHEN read THEN the missing file is named
    const dir = resultsFolder();
    rmSync(join(dir, 'client-b', 'md-stat.json'));
    expect(() => readResultsFolder(dir)).toThrow(
      /client-b\/md-stat\.json is missing: md-stat ran on client-a but not on client-b/,
    );
  });

  it('fails when a result lies at the top of the folder', () => {
    // GIVEN a result beside kit.json WHEN read THEN told where results belong
    const dir = resultsFolder();
    cpSync(join(dir, 'client-a', 'seq-read.json'), join(dir, 'seq-read.json'));
    expect(() => readResultsFolder(dir)).toThrow(/seq-read\.json: results belong in <client>\/<job>\.json/);
  });

  it('fails when the kit manifest is not JSON, without quoting it', () => {
    // GIVEN a kit.json replaced by an environment file holding a secret
    const dir = resultsFolder();
    writeFileSync(join(dir, 'kit.json'), 'API_TOKEN=hunter2-Sup3rSecret\n');
    // WHEN read THEN the problem names the file and what is wrong, and nothing of its text
    let problems: readonly string[] = [];
    try {
      readResultsFolder(dir);
    } catch (e) {
      problems = (e as ResultsError).problems;
    }
    expect(problems).toContain('kit.json is not JSON (unexpected text)');
    expect(problems.join('\n')).not.toContain('API_TOKEN');
  });

  it('lists every problem at once', () => {
    // GIVEN a non-JSON file and an unknown job WHEN read THEN both are in one error
    const dir = resultsFolder();
    writeFileSync(join(dir, 'client-a', 'seq-read.json'), 'not json');
    writeFileSync(join(dir, 'client-a', 'warmup.json'), '{}');
    try {
      readResultsFolder(dir);
      expect.unreachable('readResultsFolder accepted the folder');
    } catch (e) {
      expect((e as ResultsError).problems).toEqual([
        expect.stringMatching(/^client-a\/seq-read\.json is not fio JSON/),
        expect.stringMatching(/^client-a\/warmup\.json: "warmup" is not a kit job/),
        expect.stringMatching(/^client-a\/seq-read\.json is missing/),
      ]);
    }
  });
});

describe('aggregation', () => {
  it('takes the median of an even list as the mean of the middle pair', () => {
    // GIVEN 4, 1, 3, 2 WHEN the median is taken THEN (2 + 3) / 2
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('reports a client further than half the median from it', () => {
    // GIVEN 1.0, 1.2 and 0.4 GB/s: median 1.0, |0.4 − 1.0| = 0.6 > 0.5 WHEN checked THEN the 0.4 client
    const f = (client: string, value: number): ClientFigure => ({ client, value, unit: 'GB/s', source: '' });
    expect(outliers([f('a', 1.0), f('b', 1.2), f('c', 0.4)]).map((x) => x.client)).toEqual(['c']);
  });

  it('keeps two clients within three times of each other together', () => {
    // GIVEN 3.664 and 1.701 GB/s (median 2.682; both within 50%) WHEN checked THEN no outlier
    const agg = aggregateJob(benchJob('seq-write')!, [
      parsed('client-a/seq-write.json'),
      parsed('client-b/seq-write.json'),
    ]);
    expect(agg.outliers).toEqual([]);
  });

  it('sums the clients bandwidth in decimal GB/s', () => {
    // GIVEN 960,159,833 and 1,227,588,731 B/s WHEN summed THEN 2.187748564 GB/s, min and median per client
    const agg = aggregateJob(benchJob('seq-read')!, [
      parsed('client-b/seq-read.json'),
      parsed('client-a/seq-read.json'),
    ]);
    expect(agg.total.value).toBeCloseTo(2.187748564, 9);
    expect([agg.min, agg.median]).toEqual([0.960159833, 1.093874282]);
    expect(agg.perClient.map((f) => f.client)).toEqual(['client-a', 'client-b']);
    expect(agg.total.source).toBe(
      'sum over 2 client(s) of jobs[0].read.bw_bytes ÷ 10^9 in client-a/seq-read.json, client-b/seq-read.json',
    );
  });

  it('sums IOPS for the random read job', () => {
    // GIVEN 2 and 3 thousand IOPS WHEN summed THEN 5000 IOPS
    const agg = aggregateJob(benchJob('rand-read-4k')!, [
      result('a', 'rand-read-4k', 2),
      result('b', 'rand-read-4k', 3),
    ]);
    expect([agg.total.value, agg.total.unit]).toEqual([5000, 'IOPS']);
  });

  it('fails when given another job results', () => {
    // GIVEN a seq-write result WHEN aggregated as seq-read THEN an error names the file
    expect(() => aggregateJob(benchJob('seq-read')!, [result('a', 'seq-write', 1)])).toThrow(
      'a/seq-write.json is not a seq-read result',
    );
  });
});

describe('comparison with the plan', () => {
  it('divides the measured sum by the planned figure', () => {
    // GIVEN 2 × 10 GB/s of reads against 41 GB/s WHEN compared THEN 20/41 and 20/8 = 2.5 GB/s per node
    const c = compareJob(
      plan,
      aggregateJob(benchJob('seq-read')!, [result('a', 'seq-read', 10), result('b', 'seq-read', 10)]),
      null,
    );
    expect(c.fractionOfPlanned).toBeCloseTo(20 / 41, 12);
    expect(c.perNodeMeasured.value).toBe(2.5);
  });

  it('names the client NICs when writes reach their ceiling', () => {
    // GIVEN 4 clients × 12.5 Gbps = 6.25 GB/s and 5.5 GB/s written (88%) WHEN diagnosed THEN client-nics
    const e = expectationFor(plan, benchJob('seq-write')!, 4, 12.5);
    expect(diagnose(benchJob('seq-write')!, 5.5, e, 288, { k: 6, m: 2 }).kind).toBe('client-nics');
  });

  it('names the server NICs when reads reach the cluster ceiling', () => {
    // GIVEN 35 of 41 GB/s read (85%) with ample NVMe WHEN diagnosed THEN server-nics
    const e = expectationFor(plan, benchJob('seq-read')!, null, null);
    expect(diagnose(benchJob('seq-read')!, 35, e, 288, { k: 6, m: 2 }).kind).toBe('server-nics');
  });

  it('names erasure coding when writes reach the parity-reduced ceiling', () => {
    // GIVEN 26 of 30.75 GB/s written (84.6%) WHEN diagnosed THEN erasure-coding-writes, naming (6+2)/6
    const e = expectationFor(plan, benchJob('seq-write')!, null, null);
    const b = diagnose(benchJob('seq-write')!, 26, e, 288, { k: 6, m: 2 });
    expect(b.kind).toBe('erasure-coding-writes');
    expect(b.reason).toMatch(/\(6\+2\)\/6/);
  });

  it('names NVMe when its rated read is below the NICs and reached', () => {
    // GIVEN NVMe rated 32 GB/s < 41 GB/s NICs and 34 GB/s read (≥ 0.8 × 41 = 32.8) WHEN diagnosed THEN nvme
    const e = expectationFor(plan, benchJob('seq-read')!, null, null);
    expect(diagnose(benchJob('seq-read')!, 34, e, 32, { k: 6, m: 2 }).kind).toBe('nvme');
  });

  it('says the limit is outside the model when every ceiling is far', () => {
    // GIVEN 2.188 of 41 GB/s WHEN diagnosed THEN below-every-ceiling at 5.3%
    const e = expectationFor(plan, benchJob('seq-read')!, null, null);
    const b = diagnose(benchJob('seq-read')!, 2.188, e, 288, { k: 6, m: 2 });
    expect(b.kind).toBe('below-every-ceiling');
    expect(b.reason).toMatch(/is 5\.3% of the lowest ceiling \(41 GB\/s\)/);
  });

  it('compares measured reads with Lustre tiers of the same capacity', () => {
    // GIVEN 15 GB/s read WHEN analysed THEN Premium-250 at 120 TiB × 250 MB/s = 30 GB/s gives 0.5
    const a = analyse(plan, 'vast-poc', [result('a', 'seq-read', 15)]);
    const row = a.amlfs.find((r) => r.sku === 'AMLFS-Durable-Premium-250')!;
    expect([row.bandwidth.value, row.measuredReadRatio]).toEqual([30, 0.5]);
  });

  it('compares write over read with k/(k+m)', () => {
    // GIVEN 12 GB/s written and 16 read WHEN analysed THEN 0.75 measured against 6/8 = 0.75 planned
    const a = analyse(plan, 'vast-poc', [result('a', 'seq-read', 16), result('a', 'seq-write', 12)]);
    expect([a.writeReadRatio?.measured, a.writeReadRatio?.planned]).toEqual([0.75, 0.75]);
  });

  it('warns when clients did not run together', () => {
    // GIVEN runs ending 120 s apart WHEN analysed THEN a warning says the sum overstates
    const a = analyse(plan, 'vast-poc', [result('a', 'seq-read', 1, 1000), result('b', 'seq-read', 1, 1120)]);
    expect(a.warnings).toEqual([expect.stringMatching(/^seq-read: the clients' runs ended 120 s apart/)]);
  });
});

describe('report command', () => {
  function out(): string {
    return join(mkdtempSync(join(tmpdir(), 'report-out-')), 'report.md');
  }

  it('writes a Markdown report with both charts', () => {
    // GIVEN the two-client fixture WHEN reported to a file THEN the marker, the summary row and two SVG charts
    const file = out();
    expect(reportMain(['--results', BASE, '--out', file], quiet)).toBe(0);
    const text = readFileSync(file, 'utf8');
    expect(text.startsWith(REPORT_MARKER)).toBe(true);
    expect(text).toContain('| `seq-read` | 2.188 GB/s | 41 GB/s | 5.3% | below-every-ceiling |');
    expect(text.match(/<svg /g)).toHaveLength(2);
  });

  it('writes JSON with every figure sourced', () => {
    // GIVEN --json WHEN reported THEN seq-read measured 2.187749 GB/s with its fio source
    let text = '';
    reportMain(['--results', BASE, '--json'], { stdout: (t) => (text += t), env: {} });
    const doc = JSON.parse(text) as { generator: string; jobs: Array<{ id: string; measured: unknown }> };
    expect(doc.generator).toBe('vast-azure-poc report');
    expect(doc.jobs.find((j) => j.id === 'seq-read')!.measured).toEqual({
      value: 2.187749,
      unit: 'GB/s',
      source: 'sum over 2 client(s) of jobs[0].read.bw_bytes ÷ 10^9 in client-a/seq-read.json, client-b/seq-read.json',
    });
  });

  it('fails when the results are for another profile', () => {
    // GIVEN the default profile's results WHEN reported for the fault-domains profile THEN refused, nothing written
    const file = out();
    expect(() =>
      reportMain(['--results', BASE, '--profile', FAULT_DOMAINS_PROFILE_PATH, '--out', file], quiet),
    ).toThrow(/10 result\(s\) are from the kit of profile "vast-poc".*but the report is for profile "vast-poc-fd"/);
    expect(existsSync(file)).toBe(false);
  });

  it('fails when one client is far from the others', () => {
    // GIVEN client-b rate-limited on seq-read WHEN reported THEN refused naming client-b, nothing written
    const file = out();
    expect(() => reportMain(['--results', resultsFolder('slow'), '--out', file], quiet)).toThrow(
      /clients differ wildly[\s\S]*seq-read: client-b measured 0\.021 GB\/s/,
    );
    expect(existsSync(file)).toBe(false);
  });

  it('shows a far client when the spread is allowed', () => {
    // GIVEN the same folder with --allow-spread WHEN reported THEN client-b is marked an outlier
    let text = '';
    reportMain(['--results', resultsFolder('slow'), '--allow-spread'], { stdout: (t) => (text += t), env: {} });
    expect(text).toContain('| client-b (outlier) | 0.0209 GB/s |');
  });

  it('fails when --out is a file it did not write', () => {
    // GIVEN someone's notes at --out WHEN reported THEN refused and the notes are kept
    const file = out();
    writeFileSync(file, 'my notes\n');
    expect(() => reportMain(['--results', BASE, '--out', file], quiet)).toThrow(UsageError);
    expect(readFileSync(file, 'utf8')).toBe('my notes\n');
  });

  it('fails when --out is a folder', () => {
    // GIVEN a folder at --out WHEN reported THEN refused naming what it is
    const dir = mkdtempSync(join(tmpdir(), 'report-dir-'));
    expect(() => reportMain(['--results', BASE, '--out', dir], quiet)).toThrow(
      /--out must name a regular file, but .* is a folder/,
    );
  });

  it('replaces a report it wrote before', () => {
    // GIVEN a previous Markdown report WHEN reported again as JSON to the same file THEN replaced
    const file = out();
    reportMain(['--results', BASE, '--out', file], quiet);
    reportMain(['--results', BASE, '--out', file, '--json'], quiet);
    expect(readFileSync(file, 'utf8')).toMatch(/^\{\n {2}"amlfs"/);
  });
});

describe('npm run report (child process)', () => {
  it('fails with exit 2 on an empty results folder', async () => {
    // GIVEN an empty folder WHEN the command runs as a user runs it THEN exit 2 and the message, nothing written
    const dir = mkdtempSync(join(tmpdir(), 'report-cli-'));
    const results = join(dir, 'results');
    mkdirSync(results);
    const r = await runScript('scripts/report.ts', ['--results', results, '--out', join(dir, 'report.md')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: --results: \/.*\/results holds no fio results: expected <client>\/<job>\.json/);
    expect(existsSync(join(dir, 'report.md'))).toBe(false);
  });
});
