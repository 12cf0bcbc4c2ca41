/** Small helpers for benchmarks: cold-process timing and medians. */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../../lib/repo-root';

/** The repository root. */
export const ROOT = REPO_ROOT;

/** Median of a non-empty list. */
export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/**
 * One cold process's wall time (ms), peak resident memory (MiB) and CPU time (user + system, ms), the last two from
 * the child's rusage. CPU time moves much less than wall time when other work shares the machine.
 */
export interface ProcessSample {
  readonly ms: number;
  readonly maxRssMiB: number;
  readonly cpuMs: number;
}

/**
 * Runs `node <args>` `runs` times as fresh processes and returns each run's wall time, peak memory and CPU time
 * (those two NaN when GNU time is not installed).
 * Fails loudly if a run exits non-zero, so a broken command never produces a figure.
 */
export function timeProcess(args: readonly string[], runs: number, env: NodeJS.ProcessEnv = {}): ProcessSample[] {
  const samples: ProcessSample[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    const withTime = existsSync('/usr/bin/time');
    const [cmd, cmdArgs] = withTime
      ? ['/usr/bin/time', ['-f', '%M %U %S', process.execPath, ...args]]
      : [process.execPath, [...args]];
    const r = spawnSync(cmd, cmdArgs, {
      cwd: ROOT,
      env: { ...process.env, CHECKPOINT_DISABLE: '1', ...env },
      encoding: 'utf8',
    });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
    const [kb, user, system] = withTime ? r.stderr.trim().split('\n').pop()!.split(' ').map(Number) : [];
    samples.push({
      ms,
      maxRssMiB: kb === undefined ? NaN : kb / 1024,
      cpuMs: user === undefined || system === undefined ? NaN : (user + system) * 1000,
    });
  }
  return samples;
}

/**
 * Like {@link timeProcess} for several commands at once, interleaved: round `i` runs each command once, in order, so
 * a change in the machine's load during the benchmark falls on all of them alike.
 *
 * @returns one list of samples per command, in the order given.
 */
export function timeInterleaved(commands: ReadonlyArray<readonly string[]>, runs: number): ProcessSample[][] {
  const samples = commands.map((): ProcessSample[] => []);
  for (let i = 0; i < runs; i++) commands.forEach((args, c) => samples[c]!.push(...timeProcess(args, 1)));
  return samples;
}

/** The tsx entry, run through the current node binary: how the commands ran before bin/run.mjs, for comparison. */
export const TSX = join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');

/**
 * The `node` arguments that run a command as `npm run` does: the launcher bin/run.mjs (which checks that the
 * command's bundle was built from the current sources) and the entry point, e.g. `scripts/synth.ts`.
 */
export function command(entry: string): string[] {
  return [join(ROOT, 'bin', 'run.mjs'), entry];
}

/** A one-line description of the machine for the results table. */
export function machine(): string {
  const c = cpus();
  return `${c.length} × ${c[0]?.model.trim() ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
}
