// The build of the commands: every entry point below becomes one self-contained CommonJS bundle under dist/
// (esbuild, dependencies included), so that a command is plain `node` on JavaScript, without a transpiler at run
// time. The type check stays where it was (`tsc -p .` in `npm test`); this is transpile and bundle only.
//
// `npm run build` and `prepare` (run by `npm ci` and `npm install`) call this file. bin/run.mjs, the launcher every
// command goes through, calls `ensureBuilt()`: it rebuilds the command's bundle first when any input changed since
// that bundle was built, so a developer who edits a .ts file never runs old JavaScript.
//
// Plain JavaScript on purpose: it has to run before anything is compiled.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file is bin/build.mjs). */
export const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));

/** Where the bundles go: dist/<entry path with .js for .ts>, e.g. dist/scripts/synth.js. Not committed. */
export const DIST = join(ROOT, 'dist');

/**
 * The commands' entry points (source paths from the repository root). package.json's scripts, cdktf.json's `app`
 * and bin/vast-poc name these through bin/run.mjs; the benchmarks of scripts/bench/ are added by {@link entries}.
 */
const COMMAND_ENTRIES = [
  'stacks/main.ts',
  'scripts/vast-poc.ts',
  'scripts/synth.ts',
  'scripts/rules-docs.ts',
  'scripts/profile-docs.ts',
  'scripts/preflight.ts',
  'scripts/plan.ts',
  'scripts/handoff.ts',
  'scripts/verify-bundle.ts',
  'scripts/bench/index.ts',
  'scripts/compat-cdktn.ts',
  'scripts/compat-cdktn/switch-cli.ts',
  'scripts/bench-kit.ts',
  'scripts/report.ts',
  'test/support/arm-emulator/main.ts',
];

/**
 * The bench floor is compiled file by file, not bundled: it stands for a bare cdktf app compiled the ordinary way
 * (`tsc`), resolving cdktf and the provider bindings from node_modules at run time.
 */
const UNBUNDLED_ENTRIES = ['scripts/bench/floor-app.ts'];

/** Folders whose TypeScript goes into the bundles (test files excluded: vitest runs the .ts directly). */
const SOURCE_DIRS = ['lib', 'constructs', 'stacks', 'scripts', 'test/support/arm-emulator'];

/** Files besides the sources that change what a bundle contains: dependency versions, compiler settings, this. */
const OTHER_INPUTS = ['package-lock.json', 'tsconfig.json', 'bin/build.mjs'];

/** Every bundled entry point: the commands and each `scripts/bench/*.bench.ts`. */
export function entries() {
  const benches = readdirSync(join(ROOT, 'scripts', 'bench'))
    .filter((f) => f.endsWith('.bench.ts'))
    .sort()
    .map((f) => `scripts/bench/${f}`);
  return [...COMMAND_ENTRIES, ...benches];
}

/** The bundle built from a source entry point, e.g. `scripts/synth.ts` -> `<root>/dist/scripts/synth.js`. */
export function outputOf(entry) {
  return join(DIST, entry.replace(/\.ts$/, '.js'));
}

/** Whether `entry` (a source path from the root) is built by this file, bundled or not. */
export function isEntry(entry) {
  return allEntries().includes(entry);
}

/**
 * An entry point as bin/run.mjs is given it (a path from the repository root, whatever the working folder, or an
 * absolute path inside it) as a path from the root with forward slashes.
 */
export function entryOf(arg) {
  return relative(ROOT, resolve(ROOT, arg)).split(sep).join('/');
}

function* sourceFiles(dir) {
  let list;
  try {
    list = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of list) {
    const full = join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== '__snapshots__' && e.name !== 'node_modules') yield* sourceFiles(full);
    } else if (e.name.endsWith('.ts') && !e.name.endsWith('.test.ts')) {
      yield full;
    }
  }
}

/**
 * A fingerprint of every input: path, size and modification time of each source file and of the other inputs.
 * Any edit, added, removed or restored file (even with an older time) changes it. Costs a few milliseconds of stat
 * calls, no file reads. `root` is the repository root (another folder of the same layout in tests).
 */
export function inputsSignature(root = ROOT) {
  const files = [
    ...SOURCE_DIRS.flatMap((d) => [...sourceFiles(join(root, d))]),
    ...OTHER_INPUTS.map((f) => join(root, f)),
  ];
  const hash = createHash('sha256');
  for (const file of files.sort()) {
    let line;
    try {
      const st = statSync(file);
      line = `${relative(root, file).split(sep).join('/')} ${st.size} ${st.mtimeMs}`;
    } catch {
      line = `${relative(root, file)} missing`;
    }
    hash.update(`${line}\n`);
  }
  return hash.digest('hex');
}

/** Where the signature of the inputs an entry's bundle was built from is kept. */
function signatureFile(entry) {
  return `${outputOf(entry)}.inputs`;
}

/** Whether `entry`'s bundle exists and was built from inputs with this signature. */
function isCurrent(entry, signature) {
  try {
    return readFileSync(signatureFile(entry), 'utf8').trim() === signature && existsSync(outputOf(entry));
  } catch {
    return false;
  }
}

/** Writes a file whole or not at all (a command started meanwhile never reads half a bundle). */
function writeAtomic(path, contents) {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, contents);
  renameSync(tmp, path);
}

/**
 * Builds the bundles of `list` (default: every entry) into dist/ and records, next to each, the signature of the
 * inputs it was built from. Files are written whole (temporary file and rename), so a command running meanwhile
 * reads the old or the new bundle, never a torn one.
 */
export async function build(list = allEntries()) {
  const signature = inputsSignature();
  const esbuild = await import('esbuild');
  const common = {
    absWorkingDir: ROOT,
    outbase: ROOT,
    outdir: DIST,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    write: false,
    logLevel: 'warning',
  };
  const results = await Promise.all([
    esbuild.build({ ...common, entryPoints: list.filter((e) => !UNBUNDLED_ENTRIES.includes(e)), bundle: true }),
    esbuild.build({ ...common, entryPoints: list.filter((e) => UNBUNDLED_ENTRIES.includes(e)), bundle: false }),
  ]);
  for (const f of results.flatMap((r) => r.outputFiles)) writeAtomic(f.path, f.contents);
  for (const entry of list) writeAtomic(signatureFile(entry), `${signature}\n`);
}

/**
 * Makes sure the bundles of `list` were built from the current inputs; rebuilds the stale ones first (and says so
 * on stderr). Any change to any input makes every bundle stale, but only the ones asked for are rebuilt: a command
 * pays for its own bundle (about a second), not for all of them.
 *
 * @returns the entries rebuilt.
 */
export async function ensureBuilt(list) {
  const signature = inputsSignature();
  const stale = list.filter((e) => !isCurrent(e, signature));
  if (stale.length === 0) return stale;
  const start = process.hrtime.bigint();
  await build(stale);
  const s = Number(process.hrtime.bigint() - start) / 1e9;
  const what = stale.length <= 2 ? stale.map(outputPath).join(', ') : `${stale.length} bundles in dist/`;
  process.stderr.write(`vast-poc: rebuilt ${what} (missing, or built from other sources) in ${s.toFixed(1)} s\n`);
  return stale;
}

/** A bundle's path from the repository root, for messages. */
function outputPath(entry) {
  return relative(ROOT, outputOf(entry)).split(sep).join('/');
}

/** Every entry point, bundled or not. */
export function allEntries() {
  return [...entries(), ...UNBUNDLED_ENTRIES];
}

/** Usage text of `npm run build` (`--help`). */
const BUILD_USAGE = `Usage: npm run build [-- --if-stale]

Bundles every command into dist/ with esbuild (npm's \`prepare\` runs it on \`npm ci\`). Every command also checks its
own bundle before it runs and rebuilds it when a source changed, so this is needed only for a clean build.

Options:
  --if-stale   rebuild only the bundles whose inputs changed (default: off, a clean build of everything)
  -h, --help   show this text

Environment: none read.

Exit codes: 0 built; 1 the build failed (esbuild's errors are printed); 2 bad flags (nothing built).
`;

// `node bin/build.mjs`: a clean build of everything (npm's `prepare`, `npm run build`).
// `node bin/build.mjs --if-stale`: rebuilds only when an input changed (the test run's global setup).
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(BUILD_USAGE);
  } else if (args.length > 1 || (args.length === 1 && args[0] !== '--if-stale')) {
    process.stderr.write(`error: unexpected arguments "${args.join(' ')}"; allowed: --if-stale or --help\n`);
    process.exitCode = 2;
  } else if (args[0] === '--if-stale') {
    await ensureBuilt(allEntries());
  } else {
    rmSync(DIST, { recursive: true, force: true });
    await build();
  }
}
