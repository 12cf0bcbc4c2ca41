/**
 * Synth benchmark: median wall time and peak memory of cold processes synthesizing the default profile, against
 * the floor (a bare cdktf app declaring the same resources with the provider's typed classes, checked to produce
 * the same resource JSON), and the same profile at 8 and 999 nodes to show that synth time does not grow with node
 * count. Target: toolkit ≤ 1.2 × floor.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { machine, median, ROOT, timeProcess, TSX, type ProcessSample } from './lib';

/** Fails unless the floor app declares exactly the toolkit's resources and provider (metadata aside). */
function assertSameResources(fixture: string, outdir: string): void {
  timeProcess([TSX, join(ROOT, 'scripts/bench/floor-app.ts'), fixture, outdir], 1);
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
  const synth = (profile: string, out: string) => [
    TSX,
    join(ROOT, 'scripts/synth.ts'),
    '--profile',
    profile,
    '--out',
    out,
  ];
  const defaultProfile = join(ROOT, 'stacks/profiles/default.yaml');
  const big = join(work, 'big.yaml');
  writeFileSync(big, readFileSync(defaultProfile, 'utf8').replace(/count: 8\b/, 'count: 999'));

  // Warm the file system cache once, and produce the JSON the floor app re-declares.
  timeProcess(synth(defaultProfile, join(work, 'out')), 1);
  const fixture = join(work, 'out/stacks/vast-poc/cdk.tf.json');
  assertSameResources(fixture, join(work, 'floor-check'));

  const rows: Array<[string, ProcessSample[]]> = [
    ['toolkit: `npm run synth` (default profile, 8 nodes)', timeProcess(synth(defaultProfile, join(work, 'a')), RUNS)],
    ['toolkit: default profile at 999 nodes', timeProcess(synth(big, join(work, 'b')), RUNS)],
    [
      'floor: bare cdktf app, same resources',
      timeProcess([TSX, join(ROOT, 'scripts/bench/floor-app.ts'), fixture, join(work, 'c')], RUNS),
    ],
  ];
  const med = rows.map(([, s]) => median(s.map((x) => x.ms)));
  const floor = med[2]!;
  const out = [
    '## Synth',
    '',
    `Machine: ${machine()}. Median of ${RUNS} cold processes each (tsx, no cache warm-up per run).`,
    '',
    '| what | median wall ms | min–max ms | median peak RSS MiB | × floor |',
    '|---|---|---|---|---|',
    ...rows.map(([name, s], i) => {
      const ms = s.map((x) => x.ms);
      return `| ${name} | ${med[i]!.toFixed(0)} | ${Math.min(...ms).toFixed(0)}–${Math.max(...ms).toFixed(0)} | ${median(s.map((x) => x.maxRssMiB)).toFixed(0)} | ${(med[i]! / floor).toFixed(2)} |`;
    }),
    '',
    `Toolkit / floor: ${(med[0]! / floor).toFixed(2)} (target ≤ 1.20). 999 nodes / 8 nodes: ${(med[1]! / med[0]!).toFixed(2)}.`,
  ];
  process.stdout.write(`${out.join('\n')}\n`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
