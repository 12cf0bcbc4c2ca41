/**
 * `npm run bench-kit -- [--profile <file>] --out <dir> [--force] [--client-memory-gib <GiB>]
 * [--client-nic-gbps <Gbps>]`: writes the POC benchmark kit for a profile, atomically (a staging folder renamed into
 * place, the handoff's writer). It never replaces a folder it did not write.
 *
 * Exit codes: 0 written; 2 bad flags, profile or `--out` (nothing written); 3 the disk failed; 70 a bug.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { loadProfile, PROFILE_ENV, resolveProfilePath } from '../../stacks/profile/load';
import { bundleMarkerFile, CHECKSUM_FILE, renderChecksums, type BundleFile } from '../handoff/integrity';
import { BundleTargetError, writeBundle, type WriteBundleOptions } from '../handoff/writer';
import { assertOutputTarget, EXIT, outputFailure, parseFlags, UsageError } from '../lib/cli';
import { buildPlan } from '../planning/plan';
import { DEFAULT_CLIENT_MEMORY_GIB } from './jobs';
import { buildKitFiles, KIT_GENERATOR, KIT_MANIFEST } from './kit';

/** Usage text of the command. */
export const BENCH_KIT_USAGE = `Usage: npm run bench-kit -- [--profile <file>] --out <dir> [--force] [--client-memory-gib <GiB>] [--client-nic-gbps <Gbps>]

  --profile <file>            profile whose plan sizes the kit (default: $${PROFILE_ENV}, else stacks/profiles/default.yaml)
  --out <dir>                 folder to write the kit to (new or empty)
  --force                     replace a kit this command wrote before (never any other folder)
  --client-memory-gib <GiB>   memory of one client; the data set is 4 × this (default ${DEFAULT_CLIENT_MEMORY_GIB})
  --client-nic-gbps <Gbps>    one client's expected NIC bandwidth, for the client ceiling (default: unknown)
  -h, --help                  show this text

Environment: ${PROFILE_ENV} (the profile when --profile is not given).

Exit codes: 0 written, 2 bad flags, profile or --out (nothing written), 3 the disk failed, 70 a bug.
`;

/** The flags bench-kit accepts. */
export const BENCH_KIT_FLAGS = {
  profile: { type: 'string' },
  out: { type: 'string' },
  force: { type: 'boolean' },
  'client-memory-gib': { type: 'string' },
  'client-nic-gbps': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Largest client memory the kit accepts, GiB (the largest Azure VM sizes have about 12 TiB). */
export const MAX_CLIENT_MEMORY_GIB = 12_288;
/** Largest client NIC the kit accepts, Gbps. */
export const MAX_CLIENT_NIC_GBPS = 800;

/**
 * Parses a positive number flag.
 *
 * @throws UsageError naming the flag, the value and the allowed range.
 */
export function positiveNumberFlag(flag: string, text: string, max: number, integer: boolean): number {
  const value = Number(text);
  const ok =
    text.trim() !== '' && Number.isFinite(value) && value > 0 && value <= max && (!integer || Number.isInteger(value));
  if (!ok) {
    throw new UsageError(
      `--${flag} must be ${integer ? 'a whole number' : 'a number'} greater than 0 and at most ${max}, got "${text}"`,
    );
  }
  return value;
}

/** Whether a folder holds a kit this command wrote (its manifest names the generator). */
export function isKitFolder(dir: string): boolean {
  try {
    const m = JSON.parse(readFileSync(join(dir, KIT_MANIFEST), 'utf8')) as { generator?: unknown };
    return m.generator === KIT_GENERATOR && existsSync(join(dir, CHECKSUM_FILE));
  } catch {
    return false;
  }
}

/**
 * Writes kit files (plus the writer's bundle marker and `SHA256SUMS`) to `outDir` as a whole, through the handoff's
 * writer. A non-empty `outDir` is refused, and with `force`
 * replaced only when it holds a kit this command wrote (its `kit.json`) and, as the writer checks, nothing but the
 * unchanged files its `SHA256SUMS` lists.
 *
 * @throws BundleTargetError when the target must not be touched.
 */
export function writeKit(
  outDir: string,
  files: readonly BundleFile[],
  options: WriteBundleOptions = {},
): readonly BundleFile[] {
  const target = resolve(outDir);
  if (options.force && existsSync(target) && statSync(target).isDirectory() && readdirSync(target).length > 0) {
    if (!isKitFolder(target)) {
      throw new BundleTargetError(
        `--force replaces only a benchmark kit written by npm run bench-kit (a folder with its ${KIT_MANIFEST} and ${CHECKSUM_FILE}), and ${target} is not one: refusing to delete it`,
      );
    }
  }
  // The writer's marker is what lets its --force prove the folder is one this tool wrote; kit.json says which command.
  const listed = [...files, bundleMarkerFile()];
  const all = [...listed, { path: CHECKSUM_FILE, content: renderChecksums(listed) }];
  writeBundle(target, all, options);
  return all;
}

/** Where the command writes and what environment it reads. */
export interface CommandIo {
  readonly stdout: (text: string) => void;
  readonly env: NodeJS.ProcessEnv;
}

const DEFAULT_IO: CommandIo = { stdout: (t) => process.stdout.write(t), env: process.env };

/**
 * Runs the bench-kit command.
 *
 * @returns the exit code (0).
 * @throws UsageError or ProfileError (exit 2), OutsideError when the disk fails (exit 3).
 */
export function benchKitMain(argv: readonly string[], io: CommandIo = DEFAULT_IO): number {
  const flags = parseFlags(argv, BENCH_KIT_FLAGS);
  if (flags.help) {
    io.stdout(BENCH_KIT_USAGE);
    return EXIT.ok;
  }
  if (!flags.out || flags.out.trim() === '') {
    throw new UsageError('--out <dir> is required: the folder the kit is written to');
  }
  const clientMemoryGiB =
    flags['client-memory-gib'] === undefined
      ? undefined
      : positiveNumberFlag('client-memory-gib', flags['client-memory-gib'], MAX_CLIENT_MEMORY_GIB, true);
  const clientNicGbps =
    flags['client-nic-gbps'] === undefined
      ? undefined
      : positiveNumberFlag('client-nic-gbps', flags['client-nic-gbps'], MAX_CLIENT_NIC_GBPS, false);
  const profilePath = resolveProfilePath(flags.profile, io.env);
  // A link, a file or a device where the folder goes, or the profile itself, is refused before anything is built.
  assertOutputTarget({ flag: '--out', path: flags.out, kind: 'folder', inputs: [profilePath] });
  const profile = loadProfile(profilePath);
  const files = buildKitFiles({
    profileName: profile.name,
    plan: buildPlan(profile),
    ...(clientMemoryGiB === undefined ? {} : { clientMemoryGiB }),
    ...(clientNicGbps === undefined ? {} : { clientNicGbps }),
  });
  const outDir = resolve(flags.out);
  let written: readonly BundleFile[];
  try {
    written = writeKit(outDir, files, { force: flags.force ?? false });
  } catch (e) {
    if (e instanceof BundleTargetError) throw new UsageError(e.message.split(outDir).join(flags.out));
    throw outputFailure('--out', flags.out, e);
  }
  const shown = relative(process.cwd(), outDir) || '.';
  io.stdout(
    `${profile.name}: benchmark kit of ${written.length} files -> ${shown.startsWith('..') ? outDir : shown}\n${written.map((f) => `  ${f.path}`).join('\n')}\n`,
  );
  return EXIT.ok;
}
