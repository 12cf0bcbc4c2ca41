/**
 * Preflight benchmark: with the ARM emulator adding a fixed latency to every call, how long preflight spends asking
 * Azure compared with the slowest single call. Every independent call runs concurrently, so the ratio should stay
 * near 1; target ≤ 1.5 ×.
 *
 * Both figures are taken at the emulator, so they share one clock: the ARM phase runs from the first request's
 * arrival to the last answer; a call runs from its arrival to its answer. The cold process wall time (start-up
 * included) is reported alongside for context. Runs on its own: `npm run bench -- preflight`.
 */
import { spawn } from 'node:child_process';
import { command, machine, median, ROOT } from './lib';
import { ArmEmulator } from '../../test/support/arm-emulator/server';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const LATENCIES = (process.env.BENCH_LATENCIES_MS ?? '100,300').split(',').map(Number);
const TARGET = 1.5;

interface Sample {
  readonly processMs: number;
  readonly armPhaseMs: number;
  readonly slowestCallMs: number;
  readonly calls: number;
}

function runPreflight(
  emulator: ArmEmulator,
  args = ['--json', '--arm-endpoint', emulator.url, '--subscription', emulator.world.subscriptionId],
): Promise<{ code: number | null; ms: number; stderr: string }> {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(process.execPath, [...command('scripts/preflight.ts'), ...args], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        ...(process.env.TMPDIR ? { TMPDIR: process.env.TMPDIR } : {}),
        NODE_EXTRA_CA_CERTS: emulator.caCertPath,
        AZURE_ARM_TOKEN: 'bench-fake-token',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, ms: Number(process.hrtime.bigint() - start) / 1e6, stderr }));
  });
}

async function sample(emulator: ArmEmulator): Promise<Sample> {
  emulator.requests.length = 0;
  const run = await runPreflight(emulator);
  if (run.code !== 0) throw new Error(`preflight exited ${run.code}: ${run.stderr}`);
  const answered = emulator.requests.filter((r) => r.answeredAt !== undefined);
  const first = Math.min(...answered.map((r) => r.receivedAt));
  const last = Math.max(...answered.map((r) => r.answeredAt ?? 0));
  const slowest = Math.max(...answered.map((r) => (r.answeredAt ?? 0) - r.receivedAt));
  return { processMs: run.ms, armPhaseMs: last - first, slowestCallMs: slowest, calls: answered.length };
}

async function main(): Promise<void> {
  const rows: string[] = [];
  let worst = 0;
  // Start-up floor: the same process and modules (every ARM SDK is imported) printing --help, no ARM call.
  const floorEmulator = await ArmEmulator.start();
  const floor: number[] = [];
  try {
    await runPreflight(floorEmulator, ['--help']);
    for (let i = 0; i < RUNS; i++) floor.push((await runPreflight(floorEmulator, ['--help'])).ms);
  } finally {
    await floorEmulator.close();
  }
  for (const latencyMs of LATENCIES) {
    const emulator = await ArmEmulator.start({ latencyMs });
    try {
      await sample(emulator); // warm-up: file system cache
      const samples: Sample[] = [];
      for (let i = 0; i < RUNS; i++) samples.push(await sample(emulator));
      const phase = median(samples.map((s) => s.armPhaseMs));
      const slowest = median(samples.map((s) => s.slowestCallMs));
      const ratio = phase / slowest;
      worst = Math.max(worst, ...samples.map((s) => s.armPhaseMs / s.slowestCallMs));
      rows.push(
        `| ${latencyMs} ms | ${samples[0]?.calls ?? 0} | ${phase.toFixed(0)} ms | ${slowest.toFixed(0)} ms | ${ratio.toFixed(2)} × | ${median(samples.map((s) => s.processMs)).toFixed(0)} ms |`,
      );
    } finally {
      await emulator.close();
    }
  }
  const out = [
    '### Preflight: ARM phase against the slowest single call',
    '',
    `Median of ${RUNS} runs after one warm-up, emulator on 127.0.0.1 over HTTPS; ${machine()}.`,
    '',
    '| added latency per call | calls | preflight ARM phase | slowest single call | ratio | process wall time (incl. start-up) |',
    '|---|---|---|---|---|---|',
    ...rows,
    '',
    `Start-up floor (same process printing \`--help\`, every ARM SDK loaded, no call): ${median(floor).toFixed(0)} ms.`,
    '',
    `Target ≤ ${TARGET} ×: ${worst <= TARGET ? 'met' : 'NOT met'} (worst single run ${worst.toFixed(2)} ×).`,
    '',
  ];
  process.stdout.write(out.join('\n'));
}

main().catch((e: unknown) => {
  process.stderr.write(`preflight benchmark failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});
