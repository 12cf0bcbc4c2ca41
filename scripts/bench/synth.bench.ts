/**
 * Synth benchmark: median wall time and peak memory of cold processes synthesizing the default profile the way
 * `npm run synth` runs it (bin/run.mjs: build check, then the command's bundle), against the floor: a bare cdktf app
 * declaring the same resources with the provider's typed classes (checked to produce the same resource JSON),
 * compiled file by file the ordinary way and run by `node`. Also the same profile at 999 nodes (synth time must not
 * grow with node count) and, for comparison, the toolkit run from source through tsx as it was before issue 12.
 * Target: toolkit ≤ 1.5 × floor in wall time and in peak memory.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { command, machine, median, ROOT, timeInterleaved, timeProcess, TSX, type ProcessSample } from './lib';

/** The floor app, compiled (bin/build.mjs builds it file by file, not bundled). */
const FLOOR = [join(ROOT, 'dist', 'scripts', 'bench', 'floor-app.js')];

/** Toolkit / floor target, for wall time and peak memory. */
const TARGET = 1.5;

/** Fails unless the floor app declares exactly the toolkit's resources and provider (metadata aside). */
function assertSameResources(fixture: string, outdir: string): void {
  timeProcess([...FLOOR, fixture, outdir], 1);
  const strip = (file: string) => {
    const j = JSON.parse(readFileSync(file, 'utf8'), (k, v: unknown) => (k === '//' ? undefined : v)) as {
      provider: unknown;
      resource: unknown;
    };
    return JSON.stringify({ provider: j.provider, resource: j.resource });
  };
  if (strip(fixture) !== strip(join(outdir, 'stacks/floor/cdk.tf.json'))) {
    throw new Error('the floor app does not declare the same resources as the toolkit: the comparison would be unfair');
  }
}

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const work = mkdtempSync(join(tmpdir(), 'bench-synth-'));
try {
  const synth = (profile: string, out: string) => [...command('scripts/synth.ts'), '--profile', profile, '--out', out];
  const defaultProfile = join(ROOT, 'stacks/profiles/default.yaml');
  const big = join(work, 'big.yaml');
  // 999 nodes need a /22 node subnet (and the private endpoint subnet moved out of it), as a real profile would.
  writeFileSync(
    big,
    readFileSync(defaultProfile, 'utf8')
      .replace(/count: 8\b/, 'count: 999')
      .replace('nodeSubnet: 10.40.0.0/24', 'nodeSubnet: 10.40.0.0/22')
      .replace('privateEndpointSubnet: 10.40.1.0/27', 'privateEndpointSubnet: 10.40.4.0/27'),
  );

  // Warm the file system cache once, and produce the JSON the floor app re-declares.
  timeProcess(synth(defaultProfile, join(work, 'out')), 1);
  const fixture = join(work, 'out/stacks/vast-poc/cdk.tf.json');
  assertSameResources(fixture, join(work, 'floor-check'));

  // One run of the tsx form first as well, so that its transform cache is warm like the file system cache.
  const fromSource = [TSX, join(ROOT, 'scripts/synth.ts'), '--profile', defaultProfile, '--out'];
  timeProcess([...fromSource, join(work, 'd')], 1);

  const measured: Array<[string, string[]]> = [
    ['toolkit: `npm run synth` (default profile, 8 nodes)', synth(defaultProfile, join(work, 'a'))],
    ['toolkit: default profile at 999 nodes', synth(big, join(work, 'b'))],
    ['floor: bare cdktf app, same resources, compiled', [...FLOOR, fixture, join(work, 'c')]],
    ['before: the toolkit from source through tsx', [...fromSource, join(work, 'd')]],
  ];
  const samples = timeInterleaved(
    measured.map(([, args]) => args),
    RUNS,
  );
  const rows: Array<[string, ProcessSample[]]> = measured.map(([name], i) => [name, samples[i]!]);
  const med = rows.map(([, s]) => median(s.map((x) => x.ms)));
  const rss = rows.map(([, s]) => median(s.map((x) => x.maxRssMiB)));
  const cpu = rows.map(([, s]) => median(s.map((x) => x.cpuMs)));
  const floor = med[2]!;
  const floorRss = rss[2]!;
  const out = [
    '## Synth',
    '',
    `Machine: ${machine()}; load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} at the end. Median of ${RUNS} cold processes each, interleaved, after one warm-up run of each form.`,
    '',
    '| what | median wall ms | min–max ms | median peak RSS MiB | median CPU ms | wall × floor | RSS × floor | CPU × floor |',
    '|---|---|---|---|---|---|---|---|',
    ...rows.map(([name, s], i) => {
      const ms = s.map((x) => x.ms);
      return `| ${name} | ${med[i]!.toFixed(0)} | ${Math.min(...ms).toFixed(0)}–${Math.max(...ms).toFixed(0)} | ${rss[i]!.toFixed(0)} | ${cpu[i]!.toFixed(0)} | ${(med[i]! / floor).toFixed(2)} | ${(rss[i]! / floorRss).toFixed(2)} | ${(cpu[i]! / cpu[2]!).toFixed(2)} |`;
    }),
    '',
    `Toolkit / floor: wall ${(med[0]! / floor).toFixed(2)}, memory ${(rss[0]! / floorRss).toFixed(2)} (target ≤ ${TARGET.toFixed(2)} for both: ${med[0]! / floor <= TARGET && rss[0]! / floorRss <= TARGET ? 'met' : 'NOT met'}). 999 nodes / 8 nodes: ${(med[1]! / med[0]!).toFixed(2)}. Before / now: ${(med[3]! / med[0]!).toFixed(2)}.`,
  ];
  process.stdout.write(`${out.join('\n')}\n`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
