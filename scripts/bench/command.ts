/**
 * The `bench` command: runs every `scripts/bench/*.bench.ts` (or the ones named) as its own process, one after
 * another, and passes their markdown output through. Figures belong in docs/benchmarks.md, never in timed tests.
 * `scripts/bench/index.ts` runs it through `runCli`.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { REPO_ROOT } from '../../lib/repo-root';
import { EXIT, HELP_FLAG, nearestName, parseFlags, UsageError } from '../lib/cli';

/** The folder that holds the benchmarks. */
const BENCH_DIR = join(REPO_ROOT, 'scripts', 'bench');

/** The benchmark names (file names without `.bench.ts`), sorted. */
export function benchmarkNames(dir: string = BENCH_DIR): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.bench.ts'))
    .map((f) => f.slice(0, -'.bench.ts'.length))
    .sort();
}

/** Usage text of the command (`--help`), listing the benchmarks found. */
export function benchUsage(names: readonly string[] = benchmarkNames()): string {
  return `Usage: npm run bench -- [<name>...]

Runs the benchmarks in scripts/bench/ one after another, each in its own process, and prints their markdown.
Without a name, runs all of them; a name is a benchmark's full name.

Benchmarks: ${names.join(', ')}

Options:
  -h, --help   show this text

Environment: CHECKPOINT_DISABLE is set to 1 for every benchmark; the rest of the environment is passed through.

Exit codes: 0 every benchmark passed; 1 one failed; 2 bad flags or an unknown benchmark name (nothing run); 70 a bug.
`;
}

/** Runs one benchmark file; returns its exit status. */
export type BenchRunner = (file: string) => number | null;

/** Runs a benchmark's bundle through bin/run.mjs, like the commands (entry path from the repository root). */
const runCompiled: BenchRunner = (file) =>
  spawnSync(process.execPath, [join(REPO_ROOT, 'bin', 'run.mjs'), relative(REPO_ROOT, file).split(sep).join('/')], {
    stdio: 'inherit',
    env: { ...process.env, CHECKPOINT_DISABLE: '1' },
  }).status;

/**
 * Runs the bench command.
 *
 * @returns 0 when every benchmark run passed (or `--help`), 1 when one failed.
 * @throws UsageError (exit 2) for an unknown flag or benchmark name, naming the nearest valid name; nothing runs.
 */
export function benchMain(
  argv: readonly string[],
  io: {
    readonly out: Pick<NodeJS.WritableStream, 'write'>;
    readonly err: Pick<NodeJS.WritableStream, 'write'>;
    readonly run?: BenchRunner;
  } = { out: process.stdout, err: process.stderr },
): number {
  const names = argv.filter((a) => !a.startsWith('-'));
  const flags = parseFlags(
    argv.filter((a) => a.startsWith('-')),
    HELP_FLAG,
  );
  const known = benchmarkNames();
  if (flags.help) {
    io.out.write(benchUsage(known));
    return EXIT.ok;
  }
  for (const name of names) {
    if (known.includes(name)) continue;
    const near = nearestName(name, known);
    throw new UsageError(
      `unknown benchmark "${name}"${near === undefined ? '' : ` (did you mean ${near}?)`}; benchmarks: ${known.join(', ')}`,
    );
  }
  const run = io.run ?? runCompiled;
  let failed = 0;
  for (const name of names.length === 0 ? known : known.filter((n) => names.includes(n))) {
    const file = `${name}.bench.ts`;
    io.out.write(`\n<!-- ${file} -->\n`);
    const status = run(join(BENCH_DIR, file));
    if (status !== 0) {
      failed += 1;
      io.err.write(`benchmark ${file} failed with exit code ${status}\n`);
    }
  }
  return failed > 0 ? EXIT.negative : EXIT.ok;
}
