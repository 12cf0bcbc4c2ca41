import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BENCH_JOBS, benchJob, expectationFor, sizeJobs } from '../../scripts/benchmarking/jobs';
import { buildKitFiles, buildKitManifest, fioDescription, parseFioDescription } from '../../scripts/benchmarking/kit';
import { benchKitMain, writeKit } from '../../scripts/benchmarking/kit-command';
import { CHECKSUM_FILE, parseChecksums, sha256 } from '../../scripts/handoff/integrity';
import { UsageError } from '../../scripts/lib/cli';
import { buildPlan, type Plan } from '../../scripts/planning/plan';
import { DEFAULT_PROFILE_PATH, loadProfile } from '../../stacks/profile/load';
import { runScript } from '../support/run';

let plan: Plan;
beforeAll(() => {
  plan = buildPlan(loadProfile(DEFAULT_PROFILE_PATH));
});

function scratch(): string {
  return mkdtempSync(join(tmpdir(), 'bench-kit-'));
}

function kitFile(path: string, opts: { clientNicGbps?: number } = {}): string {
  const f = buildKitFiles({ profileName: 'vast-poc', plan, ...opts }).find((x) => x.path === path);
  if (!f) throw new Error(`no ${path} in the kit`);
  return f.content;
}

const quiet = { stdout: () => undefined, env: {} };

describe('sizing from the plan', () => {
  it('makes the data set four times the default client memory, split over the processes', () => {
    // GIVEN the default profile (8 × L96s_v4, 5.125 GB/s per node) WHEN sized without client facts
    const s = sizeJobs(plan).get('seq-read')!;
    // THEN 4 × 64 GiB = 256 GiB per client, 256 / 8 processes = 32 GiB each
    expect(s.dataSetGiBPerClient).toBe(256);
    expect(s.sizePerProcessGiB).toBe(32);
  });

  it('runs at least the steady-state minimum when the data set moves faster', () => {
    // GIVEN 256 GiB at one node's 5.125 GB/s = 274.88 GB / 5.125 = 54 s WHEN sized THEN 300 s (the minimum)
    expect(sizeJobs(plan).get('seq-write')!.runtimeSeconds).toBe(300);
  });

  it('runs long enough to move the data set once at the client NIC', () => {
    // GIVEN 512 GiB clients on 12.5 Gbps: 2048 GiB = 2,199.02 GB ÷ 1.5625 GB/s = 1407.4 s WHEN sized
    const s = sizeJobs(plan, { clientMemoryGiB: 512, clientNicGbps: 12.5 }).get('seq-read')!;
    // THEN the runtime rounds up to 1408 s
    expect(s.runtimeSeconds).toBe(1408);
  });

  it('caps the runtime at the maximum', () => {
    // GIVEN 1024 GiB clients on 12.5 Gbps (2814.7 s) WHEN sized THEN 1800 s
    expect(sizeJobs(plan, { clientMemoryGiB: 1024, clientNicGbps: 12.5 }).get('seq-read')!.runtimeSeconds).toBe(1800);
  });

  it('sizes the metadata jobs in files, not bytes', () => {
    // GIVEN the md-create job WHEN sized THEN 4096 files per process and no byte size or runtime
    const s = sizeJobs(plan).get('md-create')!;
    expect([s.filesPerProcess, s.sizePerProcessGiB, s.runtimeSeconds]).toEqual([4096, null, null]);
  });
});

describe('planned figures', () => {
  it('expects the plan read bandwidth for sequential reads', () => {
    // GIVEN 8 nodes × 41 Gbps ÷ 8 = 41 GB/s WHEN seq-read is planned THEN 41 GB/s from throughput.readGBps
    const e = expectationFor(plan, benchJob('seq-read')!, null, null);
    expect(e.planned.value).toBe(41);
    expect(e.planned.source).toMatch(/^plan throughput\.readGBps/);
  });

  it('expects the erasure-coded write bandwidth for sequential writes', () => {
    // GIVEN 6+2: 41 × 6/8 = 30.75 GB/s, 30.75 / 8 nodes = 3.84375 per node WHEN seq-write is planned
    const e = expectationFor(plan, benchJob('seq-write')!, null, null);
    expect([e.planned.value, e.perNode.value]).toEqual([30.75, 3.84375]);
  });

  it('takes the clients NIC ceiling for writes when it is lower', () => {
    // GIVEN 4 clients × 12.5 Gbps ÷ 8 = 6.25 GB/s < 30.75 WHEN seq-write is planned THEN 6.25 GB/s, client egress
    const e = expectationFor(plan, benchJob('seq-write')!, 4, 12.5);
    expect(e.planned.value).toBe(6.25);
    expect(e.planned.source).toMatch(/client egress/);
  });

  it('keeps the cluster ceiling for reads even when the clients NICs are lower', () => {
    // GIVEN the same 4 clients WHEN seq-read is planned THEN the plan stays 41 GB/s; the client figure is indicative
    const e = expectationFor(plan, benchJob('seq-read')!, 4, 12.5);
    expect([e.planned.value, e.clients.value]).toEqual([41, 6.25]);
    expect(e.clients.source).toMatch(/ingress, which Azure does not meter/);
  });

  it('gives random 4 KiB reads the NIC-bound IOPS ceiling', () => {
    // GIVEN 41 GB/s WHEN rand-read-4k is planned THEN 41e9 / 4096 = 10,009,765.625 IOPS
    expect(expectationFor(plan, benchJob('rand-read-4k')!, null, null).planned.value).toBe(10_009_765.625);
  });

  it('plans nothing for metadata', () => {
    // GIVEN md-stat WHEN planned THEN no figure, and the source says why
    const e = expectationFor(plan, benchJob('md-stat')!, 2, 12.5);
    expect(e.planned.value).toBeNull();
    expect(e.planned.source).toMatch(/does not model metadata/);
  });
});

describe('kit files', () => {
  it('holds the README, manifest, scripts, client example and one job file per job', () => {
    // GIVEN the default plan WHEN the kit is built THEN these files, sorted
    const paths = buildKitFiles({ profileName: 'vast-poc', plan }).map((f) => f.path);
    expect(paths).toEqual([
      'README.md',
      'clients.example',
      ...BENCH_JOBS.map((j) => `jobs/${j.id}.fio`).sort(),
      'kit.json',
      'mount.sh',
      'run.sh',
    ]);
  });

  it('is the same byte for byte on every build', () => {
    // GIVEN the same inputs twice WHEN built THEN identical files
    const a = buildKitFiles({ profileName: 'vast-poc', plan, clientNicGbps: 12.5 });
    const b = buildKitFiles({ profileName: 'vast-poc', plan, clientNicGbps: 12.5 });
    expect(b).toEqual(a);
  });

  it('writes the sizing and the profile into the seq-read job file', () => {
    // GIVEN the default plan WHEN the seq-read job file is rendered
    const text = kitFile('jobs/seq-read.fio');
    // THEN fio reads its description, size, runtime, warm-up and parallelism from it
    for (const line of [
      `description=${fioDescription('vast-poc', 'seq-read')}`,
      'rw=read',
      'bs=1m',
      'numjobs=8',
      'iodepth=16',
      'size=32g',
      'time_based=1',
      'runtime=300',
      'ramp_time=30',
      'group_reporting=1',
    ]) {
      expect(text.split('\n')).toContain(line);
    }
  });

  it('mounts with nconnect in the mount script', () => {
    // GIVEN the kit WHEN the mount script is rendered THEN NFSv3 with 16 connections and 1 MiB transfers
    expect(kitFile('mount.sh')).toMatch(/mount -t nfs -o vers=3,proto=tcp,nconnect=16,rsize=1048576,wsize=1048576/);
  });

  it('says how many clients fill the cluster when the client NIC is known', () => {
    // GIVEN 12.5 Gbps clients: 41 GB/s ÷ 1.5625 = 26.24 WHEN the README is rendered THEN at least 27 clients
    expect(kitFile('README.md', { clientNicGbps: 12.5 })).toMatch(/takes at least 27 clients/);
  });

  it('records each job planned figure with its source in the manifest', () => {
    // GIVEN the default plan WHEN the manifest is built THEN seq-write plans 30.75 GB/s from the plan write formula
    const m = buildKitManifest({ profileName: 'vast-poc', plan });
    const w = m.jobs.find((j) => j.id === 'seq-write')!;
    expect(w.planned).toEqual({
      value: 30.75,
      unit: 'GB/s',
      source: 'plan throughput.writeGBps: aggregate × k/(k+m): parity crosses the wire',
    });
  });

  it('round-trips the fio description', () => {
    // GIVEN a description WHEN parsed THEN the profile and job come back
    expect(parseFioDescription(fioDescription('vast-poc-fd', 'md-stat'))).toEqual({
      kitVersion: 1,
      profileName: 'vast-poc-fd',
      jobId: 'md-stat',
    });
  });
});

describe('run.sh', () => {
  function kitDir(): string {
    const dir = join(scratch(), 'kit');
    for (const f of buildKitFiles({ profileName: 'vast-poc', plan })) {
      mkdirSync(join(dir, f.path, '..'), { recursive: true });
      writeFileSync(join(dir, f.path), f.content);
    }
    return dir;
  }
  function runSh(dir: string, args: string[]): ReturnType<typeof spawnSync> {
    return spawnSync('sh', [join(dir, 'run.sh'), ...args], { encoding: 'utf8', cwd: dir });
  }

  it('is valid POSIX shell', () => {
    // GIVEN the runner WHEN sh parses it without running (-n) THEN no syntax error
    const dir = kitDir();
    const r = spawnSync('sh', ['-n', join(dir, 'run.sh')], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('fails when there is no client list', () => {
    // GIVEN a kit without clients.txt WHEN run THEN exit 2 naming the file, and no results folder
    const dir = kitDir();
    const r = runSh(dir, ['-o', join(dir, 'results')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/no client list at .*clients\.txt/);
    expect(existsSync(join(dir, 'results'))).toBe(false);
  });

  it('fails when a job is unknown', () => {
    // GIVEN a client list WHEN an unknown job is asked for THEN exit 2 listing the jobs
    const dir = kitDir();
    writeFileSync(join(dir, 'clients.txt'), 'client-a local\n');
    const r = runSh(dir, ['seq-raed']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/unknown job "seq-raed"; jobs: seq-write seq-read rand-read-4k md-create md-stat/);
  });

  it('fails when the results folder is not empty', () => {
    // GIVEN a results folder holding a file WHEN run THEN exit 2 and the file is untouched
    const dir = kitDir();
    writeFileSync(join(dir, 'clients.txt'), 'client-a local\n');
    mkdirSync(join(dir, 'old'));
    writeFileSync(join(dir, 'old', 'keep.txt'), 'mine');
    const r = runSh(dir, ['-o', join(dir, 'old')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/is not empty/);
    expect(readdirSync(join(dir, 'old'))).toEqual(['keep.txt']);
  });

  it('fails when a client line has no destination', () => {
    // GIVEN "client-a" alone WHEN run THEN exit 2 naming the client
    const dir = kitDir();
    writeFileSync(join(dir, 'clients.txt'), '# comment\nclient-a\n');
    const r = runSh(dir, []);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/client "client-a" has no ssh destination/);
  });
});

describe('bench-kit command', () => {
  it('writes the kit with a checksum of every file', () => {
    // GIVEN a new folder WHEN the command runs THEN SHA256SUMS lists every other file with its hash
    const out = join(scratch(), 'kit');
    expect(benchKitMain(['--out', out], quiet)).toBe(0);
    const sums = parseChecksums(readFileSync(join(out, CHECKSUM_FILE), 'utf8'));
    expect([...sums.keys()]).toContain('jobs/seq-read.fio');
    for (const [path, hash] of sums) expect(sha256(readFileSync(join(out, path)))).toBe(hash);
  });

  it('replaces a kit it wrote before when forced', () => {
    // GIVEN a kit for unknown client NICs WHEN rewritten with --force and a client NIC THEN the README says so
    const out = join(scratch(), 'kit');
    benchKitMain(['--out', out], quiet);
    benchKitMain(['--out', out, '--force', '--client-nic-gbps', '12.5'], quiet);
    expect(readFileSync(join(out, 'README.md'), 'utf8')).toMatch(/Client NIC: 12\.5 Gbps/);
  });

  it('fails when the folder is not empty', () => {
    // GIVEN a folder with someone's file WHEN the kit is written there THEN exit-2 error and the file is untouched
    const out = join(scratch(), 'busy');
    mkdirSync(out);
    writeFileSync(join(out, 'notes.txt'), 'mine');
    expect(() => benchKitMain(['--out', out], quiet)).toThrow(UsageError);
    expect(readdirSync(out)).toEqual(['notes.txt']);
  });

  it('fails when forced over a folder it did not write', () => {
    // GIVEN a handoff-like folder (SHA256SUMS but no kit manifest) WHEN forced THEN refused, folder untouched
    const out = join(scratch(), 'bundle');
    mkdirSync(out);
    writeFileSync(join(out, CHECKSUM_FILE), '');
    writeFileSync(join(out, 'main.tf'), '# theirs\n');
    expect(() => benchKitMain(['--out', out, '--force'], quiet)).toThrow(/replaces only a benchmark kit/);
    expect(readdirSync(out).sort()).toEqual([CHECKSUM_FILE, 'main.tf']);
  });

  it('fails when forced over a kit someone has edited', () => {
    // GIVEN a kit with an edited run.sh WHEN rewritten with --force THEN refused and the edit is kept
    const out = join(scratch(), 'kit');
    benchKitMain(['--out', out], quiet);
    writeFileSync(join(out, 'run.sh'), '# my changes\n');
    expect(() => benchKitMain(['--out', out, '--force'], quiet)).toThrow(UsageError);
    expect(readFileSync(join(out, 'run.sh'), 'utf8')).toBe('# my changes\n');
  });

  it('fails when the client NIC is not a positive number', () => {
    // GIVEN --client-nic-gbps fast WHEN run THEN the error names the flag, the value and the range
    const out = join(scratch(), 'kit');
    expect(() => benchKitMain(['--out', out, '--client-nic-gbps', 'fast'], quiet)).toThrow(
      '--client-nic-gbps must be a number greater than 0 and at most 800, got "fast"',
    );
    expect(existsSync(out)).toBe(false);
  });

  it('fails when the client memory is not a whole number', () => {
    // GIVEN --client-memory-gib 1.5 WHEN run THEN refused naming the flag and value
    expect(() => benchKitMain(['--out', join(scratch(), 'k'), '--client-memory-gib', '1.5'], quiet)).toThrow(
      '--client-memory-gib must be a whole number greater than 0 and at most 12288, got "1.5"',
    );
  });

  it('leaves nothing behind when writing fails half way', () => {
    // GIVEN a write that fails after three files WHEN the kit is written THEN no target and no staging folder
    const parent = scratch();
    const out = join(parent, 'kit');
    const files = buildKitFiles({ profileName: 'vast-poc', plan });
    expect(() =>
      writeKit(out, files, {
        afterFile: (_p, n) => {
          if (n >= 3) throw new Error('disk full');
        },
      }),
    ).toThrow('disk full');
    expect(readdirSync(parent)).toEqual([]);
  });
});

describe('npm run bench-kit (child process)', () => {
  it('fails with exit 2 and writes nothing when a flag is bad', async () => {
    // GIVEN a client NIC of 0 WHEN the command runs as a user runs it THEN exit 2, the message, no folder
    const out = join(scratch(), 'kit');
    const r = await runScript('scripts/bench-kit.ts', ['--out', out, '--client-nic-gbps', '0']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('error: --client-nic-gbps must be a number greater than 0 and at most 800, got "0"\n');
    expect(existsSync(out)).toBe(false);
  });
});
