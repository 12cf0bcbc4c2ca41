/**
 * Shared command-line plumbing: flag parsing, failure classes and exit codes, atomic file output.
 *
 * Exit codes used by every command: 0 success, 1 a negative verdict (e.g. preflight no-go), 2 the user's input
 * (flags or profile), 3 the outside world (Azure unreachable, throttled, denied), 70 a bug in this toolkit.
 */
import { lstatSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync, type Stats } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { EXIT, OutsideError, reportFailure, UsageError } from '../../lib/failure';

// The failure classes and exit codes live in lib/failure.ts, below stacks/ and scripts/, so that the cdktf entry
// point (stacks/main.ts) can report failures without importing scripts/. Re-exported for the commands.
export { EXIT, InputError, OutsideError, UsageError, failureExitCode, reportFailure } from '../../lib/failure';

/**
 * Parses flags strictly: unknown flags and stray positionals are usage errors that name the flag, suggest the
 * nearest valid one (when one is close) and list the allowed ones. Under `npm run`, a flag of the command that npm
 * kept for itself (see {@link npmSwallowedFlagsProblem}) is a usage error too.
 */
export function parseFlags<O extends NonNullable<ParseArgsConfig['options']>>(
  argv: readonly string[],
  options: O,
  env: NodeJS.ProcessEnv = process.env,
): ReturnType<typeof parseArgs<{ options: O; strict: true; allowPositionals: false }>>['values'] {
  const swallowed = npmSwallowedFlagsProblem(argv, options, env);
  if (swallowed !== undefined) throw new UsageError(swallowed);
  try {
    return parseArgs({ args: [...argv], options, strict: true, allowPositionals: false }).values;
  } catch (e) {
    const allowed = Object.entries(options)
      .map(([k, v]) => `--${k}${v.type === 'string' ? ' <value>' : ''}`)
      .join(', ');
    const unknown = /^Unknown option '(-{1,2}[^'=]+)/.exec((e as Error).message)?.[1];
    const near = unknown === undefined ? undefined : nearestName(unknown.replace(/^-+/, ''), Object.keys(options));
    const hint = near === undefined ? '' : ` (did you mean --${near}?)`;
    throw new UsageError(
      `${(e as Error).message.replace(/\. To specify a positional.*$/s, '')}${hint}. Allowed flags: ${allowed}`,
    );
  }
}

/**
 * `npm run plan --json` (without `--`) does not pass `--json` to the command: npm takes every flag before `--` as
 * one of its own settings and exports it as `npm_config_json=true` (a string flag loses its value too: in
 * `npm run synth --out x`, npm sets `npm_config_out=true` and passes `x` on as a stray argument). The command would
 * silently run without the flag, so it refuses instead, naming the command line that works. Only variables named
 * after the command's own flags count (npm exports many settings of its own, such as `npm_config_cache`), and only
 * when npm is running one of the toolkit's commands as the script itself (`npm_lifecycle_script` starts
 * bin/run.mjs), not, say, the test runner under `npm test`.
 *
 * @returns the message of the usage error (exit 2), or undefined when npm kept none of the command's flags.
 */
export function npmSwallowedFlagsProblem(
  argv: readonly string[],
  options: NonNullable<ParseArgsConfig['options']>,
  env: NodeJS.ProcessEnv,
): string | undefined {
  const script = env.npm_lifecycle_event;
  if (script === undefined || !/(^|\s)node (\S*\/)?bin\/run\.mjs /.test(env.npm_lifecycle_script ?? ''))
    return undefined;
  const kept = Object.entries(options).flatMap(([name, spec]) => {
    const value = env[`npm_config_${name.replace(/-/g, '_')}`];
    if (value === undefined || value === '') return [];
    if (spec.type === 'boolean') return value === 'false' ? [] : [{ name, value, flag: `--${name}` }];
    // `--out x` leaves `true` (npm reads the flag as a switch); `--out=x` keeps the value.
    return [{ name, value, flag: `--${name} ${value === 'true' ? '<value>' : shellWord(value)}` }];
  });
  if (kept.length === 0) return undefined;
  const names = kept.map((k) => `--${k.name}`).join(', ');
  const variables = kept.map((k) => `npm_config_${k.name.replace(/-/g, '_')}=${k.value}`).join(', ');
  const fixed = ['npm', 'run', script, '--', ...kept.map((k) => k.flag), ...argv.map(shellWord)].join(' ');
  return (
    `npm kept ${names} for itself (${variables}) instead of passing ${kept.length === 1 ? 'it' : 'them'} to the ` +
    `command: flags for the command go after "--". Run: ${fixed}`
  );
}

/** `word` as one shell word: unchanged when it is plain, else in single quotes. */
function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * The candidate closest to `name` by edit distance, or undefined when none is close: a suggestion must
 * be at most 2 edits away and at most a third of the longer name's length (rounded down) away, so "jsn" suggests "json" but
 * "xyz" suggests nothing. Ties go to the earlier candidate.
 */
export function nearestName(name: string, candidates: readonly string[]): string | undefined {
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    const limit = Math.min(2, Math.floor(Math.max(name.length, candidate.length) / 3));
    if (distance <= limit && (best === undefined || distance < best.distance)) best = { candidate, distance };
  }
  return best?.candidate;
}

/**
 * Edit distance (Levenshtein, with a swap of two neighbouring letters counted as one edit, as typos go): insertions,
 * deletions, substitutions and transpositions.
 */
function editDistance(a: string, b: string): number {
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        current[j] = Math.min(current[j]!, before[j - 2]! + 1);
      }
    }
    before = previous;
    previous = current;
  }
  return previous[b.length]!;
}

/** The flag every command accepts: `--help` / `-h` prints the command's usage text and exits 0. */
export const HELP_FLAG = { help: { type: 'boolean', short: 'h' } } as const;

/**
 * Runs a command's main function and turns failures into a message on stderr and an exit code. Foreseeable
 * failures never print a stack trace.
 */
export function runCli(main: (argv: string[]) => Promise<number | void> | number | void): void {
  Promise.resolve()
    .then(() => main(process.argv.slice(2)))
    .then(
      (code) => {
        process.exitCode = code ?? EXIT.ok;
      },
      (e: unknown) => {
        process.exitCode = reportFailure(e);
      },
    );
}

/** File-system error codes that mean the user named an unusable place (exit 2). */
const UNUSABLE_PATH_CODES = new Set([
  'ENOTDIR',
  'EISDIR',
  'EEXIST',
  'ENOENT',
  'EACCES',
  'EPERM',
  'EROFS',
  'ENAMETOOLONG',
]);

/**
 * Turns a file-system failure while writing output into the right failure class: a place the user named that
 * cannot be written (`ENOTDIR`, `EACCES`, …) is their input (exit 2); a full or failing disk is the outside world
 * (exit 3). Anything that is not a file-system error is returned unchanged.
 */
export function outputFailure(flag: string, target: string, e: unknown): unknown {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code !== 'string' || !/^E[A-Z]+$/.test(code)) return e;
  const where = (e as NodeJS.ErrnoException).path ?? target;
  if (UNUSABLE_PATH_CODES.has(code)) {
    return new UsageError(`${flag} ${target} cannot be written: ${code} at ${where}; choose a folder you can write to`);
  }
  return new OutsideError(
    `writing ${flag} ${target} failed: ${code} at ${where}`,
    'free disk space or check the file system, then run again',
  );
}

/** A place a command is about to write, for {@link assertOutputTarget}. */
export interface OutputTarget {
  /** The flag that named it, for messages (`--csv`, `--out`). */
  readonly flag: string;
  /** The path as the user gave it (relative paths resolve against the working folder). */
  readonly path: string;
  /** A regular file (replaced whole) or a folder (written into). */
  readonly kind: 'file' | 'folder';
  /**
   * Files the command reads (the profile, a report): writing over one of them is refused.
   *
   * @default - none
   */
  readonly inputs?: readonly string[];
}

/**
 * The one check every command runs before writing a file or a folder: refuses (UsageError, exit 2) a symbolic link,
 * anything that is not a regular file where a file goes (a folder, `/dev/null`, a FIFO, a socket) or not a folder
 * where a folder goes, and any of the command's own input files. A path that does not exist yet passes.
 *
 * @throws UsageError naming the flag, the path and what it is.
 */
export function assertOutputTarget(target: OutputTarget): void {
  const { flag, path, kind } = target;
  const st = lstatOrUndefined(path);
  if (!st) return;
  const what = kind === 'file' ? 'a regular file' : 'a folder';
  if (st.isSymbolicLink()) {
    throw new UsageError(`${flag} ${path} is a symbolic link: name ${what} itself, not a link to it`);
  }
  if (kind === 'file' ? !st.isFile() : !st.isDirectory()) {
    throw new UsageError(`${flag} must name ${what}, but ${path} is ${describeFileType(st)}`);
  }
  for (const input of target.inputs ?? []) {
    let inputStat: Stats;
    try {
      inputStat = statSync(input);
    } catch {
      continue;
    }
    if (inputStat.dev === st.dev && inputStat.ino === st.ino) {
      throw new UsageError(
        `${flag} ${path} is ${input}, which this command reads: refusing to overwrite its own input`,
      );
    }
  }
}

/** "a regular file", "a folder", "a FIFO", … for messages. */
export function describeFileType(st: Stats): string {
  if (st.isFile()) return 'a regular file';
  if (st.isDirectory()) return 'a folder';
  if (st.isSymbolicLink()) return 'a symbolic link';
  if (st.isFIFO()) return 'a FIFO';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  return 'not a regular file';
}

/** Whether a process with this id is running (for telling leftovers of a dead run from those of a live one). */
export function isProcessRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function lstatOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}

/**
 * Writes a file completely or not at all: the content goes to a temporary file beside the target
 * (`.<name>.<pid>.tmp`, created exclusively), which is then renamed over it. A reader never sees half a file. The
 * target is checked with {@link assertOutputTarget} first; temporary files of dead runs beside it are removed.
 *
 * @param target.flag the flag that named the file, for messages. @default "output"
 * @throws UsageError when the target is not a regular file or is one of `target.inputs`.
 */
export function writeFileAtomic(
  path: string,
  content: string | Uint8Array,
  target: Partial<Omit<OutputTarget, 'path' | 'kind'>> = {},
): void {
  assertOutputTarget({
    flag: target.flag ?? 'output',
    path,
    kind: 'file',
    ...(target.inputs ? { inputs: target.inputs } : {}),
  });
  mkdirSync(dirname(path), { recursive: true });
  removeDeadTemporaries(path);
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    writeFileSync(tmp, content, { flag: 'wx' });
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/** Removes `.<name>.<pid>.tmp` regular files beside `path` whose process is not running: a killed run's leftovers. */
function removeDeadTemporaries(path: string): void {
  const prefix = `.${basename(path)}.`;
  for (const entry of readdirSync(dirname(path))) {
    if (!entry.startsWith(prefix)) continue;
    const m = /^(\d+)\.tmp$/.exec(entry.slice(prefix.length));
    if (!m) continue;
    const pid = Number(m[1]);
    const full = join(dirname(path), entry);
    if ((pid === process.pid || !isProcessRunning(pid)) && lstatOrUndefined(full)?.isFile()) rmSync(full);
  }
}
