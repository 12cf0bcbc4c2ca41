/**
 * Writes a bundle so that nothing the tool did not write is ever deleted, and a complete bundle exists on disk at
 * every instant.
 *
 * - Every file goes into a staging folder beside the target (`.<name>.staging-<pid>-*`), the bundle marker first and
 *   `SHA256SUMS` last, which is then renamed into place.
 * - An existing non-empty target is replaced only with `force`, and only when it is provably a previous bundle of
 *   this tool: it holds the bundle marker (this tool, a known format) and nothing but the files its `SHA256SUMS`
 *   lists, each unchanged. Anything else (Terraform state, variables, `.terraform/`, a lock file, an edited file, a
 *   link) makes the write refuse, naming what it would have deleted.
 * - Replacing renames the old bundle aside (`.<name>.previous-<pid>`), renames the new one into place, then deletes
 *   the old one file by file (the marker last, folders with `rmdir`, never recursively). A process killed between the
 *   two renames leaves the old bundle complete under its aside name; the next run puts it back.
 * - The next run cleans what a dead run left beside the target when it is provably ours (its name, a dead process
 *   id, the marker); anything else of that name is left alone and reported.
 */
import {
  chmodSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import {
  BUNDLE_MARKER,
  BUNDLE_TOOL,
  bundleMarkerProblem,
  CHECKSUM_FILE,
  parseChecksums,
  sha256,
  unsafeBundlePath,
  type BundleFile,
} from './integrity';
import { describeFileType, isProcessRunning } from '../lib/cli';
import { lstatOrUndefined, removeStagingFolder } from '../lib/staging';

/** The target cannot be written for a reason the user controls (exit 2 in the CLI). */
export class BundleTargetError extends Error {
  override readonly name = 'BundleTargetError';
}

/** The points of {@link writeBundle} between two file-system changes, in order. */
export type WriteStep = 'staged' | 'moved-aside' | 'swapped' | 'removing-previous' | 'previous-partly-removed' | 'done';

/** Options of {@link writeBundle}. */
export interface WriteBundleOptions {
  /**
   * Replace a non-empty target that is provably a previous bundle of this tool.
   *
   * @default false
   */
  readonly force?: boolean;
  /**
   * Called after each file is written to the staging folder, with the count written so far. A test seam: a hook
   * that throws simulates a failure in the middle of writing (disk full).
   *
   * @default - nothing
   */
  readonly afterFile?: (path: string, written: number) => void;
  /**
   * Called at each step between two file-system changes. A test seam: a hook that copies the parent folder sees what
   * a `kill -9` at that instant would leave on disk.
   *
   * @default - nothing
   */
  readonly onStep?: (step: WriteStep) => void;
}

/** What a write did besides writing the bundle. */
export interface WriteBundleResult {
  /** Leftovers of a dead run that were provably ours and were cleaned (or, for an old bundle, put back), by name. */
  readonly cleaned: readonly string[];
  /** Entries beside the target named like leftovers that could not be proved ours: left alone, for the user. */
  readonly leftAlone: readonly string[];
}

/**
 * Writes `files` to `outDir` as a whole.
 *
 * @throws BundleTargetError when `outDir` is not a folder, or a non-empty folder without `force`, or (with `force`)
 *   not provably a previous bundle of this tool, naming every file that would have been deleted.
 */
export function writeBundle(
  outDir: string,
  files: readonly BundleFile[],
  options: WriteBundleOptions = {},
): WriteBundleResult {
  const target = resolve(outDir);
  const parent = dirname(target);
  const name = basename(target);
  for (const f of files) {
    const unsafe = unsafeBundlePath(f.path);
    if (unsafe)
      throw new Error(`bundle paths must be relative and stay inside the bundle, got "${f.path}" (${unsafe})`);
  }
  const recovered = recoverLeftovers(parent, name);
  const existing = inspectTarget(target, options.force ?? false);
  mkdirSync(parent, { recursive: true });
  const staging = mkdtempSync(join(parent, `.${name}.staging-${process.pid}-`));
  // mkdtemp creates the folder 0700; the bundle is a deliverable others read, so give it a normal folder mode.
  chmodSync(staging, 0o755);
  const aside = join(parent, `.${name}.previous-${process.pid}`);
  let movedAside = false;
  try {
    // The marker first, so that a staging folder of a dead run is recognisable; SHA256SUMS last.
    const ordered = [
      ...files.filter((f) => f.path === BUNDLE_MARKER),
      ...files.filter((f) => f.path !== BUNDLE_MARKER && f.path !== CHECKSUM_FILE),
      ...files.filter((f) => f.path === CHECKSUM_FILE),
    ];
    let written = 0;
    for (const f of ordered) {
      const path = join(staging, ...f.path.split('/'));
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, f.content, { flag: 'wx' });
      written++;
      options.afterFile?.(f.path, written);
    }
    options.onStep?.('staged');
    if (existing) {
      renameSync(target, aside);
      movedAside = true;
      options.onStep?.('moved-aside');
    }
    renameSync(staging, target);
    options.onStep?.('swapped');
  } catch (e) {
    if (movedAside && !exists(target)) renameSync(aside, target);
    removeStagingFolder(staging, BUNDLE_MARKER);
    throw e;
  }
  if (existing) {
    options.onStep?.('removing-previous');
    removeOwnBundle(aside, existing.listed, () => options.onStep?.('previous-partly-removed'));
  }
  options.onStep?.('done');
  return recovered;
}

/** A previous bundle (or an empty folder) at the target: the paths its SHA256SUMS lists. */
interface Existing {
  readonly listed: readonly string[];
}

/** What may be replaced at the target; throws when it must not be touched. */
function inspectTarget(target: string, force: boolean): Existing | undefined {
  const st = lstatOrUndefined(target);
  if (!st) return undefined;
  if (st.isSymbolicLink()) {
    throw new BundleTargetError(`--out must name a folder, but ${target} is a symbolic link: name the folder itself`);
  }
  if (!st.isDirectory())
    throw new BundleTargetError(`--out must name a folder, but ${target} is ${describeFileType(st)}`);
  if (readdirSync(target).length === 0) return { listed: [] };
  if (!force) {
    throw new BundleTargetError(
      `--out ${target} is not empty: choose an empty or new folder, or pass --force to replace a previous bundle`,
    );
  }
  const proof = proveOwnBundle(target, false);
  if ('problem' in proof) {
    throw new BundleTargetError(
      `--force replaces only a previous handoff bundle, and ${target} is not a bundle written by ${BUNDLE_TOOL} (${proof.problem}): refusing to delete it`,
    );
  }
  if (proof.foreign.length > 0) {
    const shown = proof.foreign.slice(0, 20).join(', ');
    const more = proof.foreign.length > 20 ? `, and ${proof.foreign.length - 20} more` : '';
    throw new BundleTargetError(
      `--force would delete files this tool did not write in ${target}: ${shown}${more}. Nothing was changed. ` +
        'Move them out of the folder first (Terraform state, variables and the .terraform folder belong to whoever ' +
        'applies the bundle; a regenerated bundle does not carry them over), or write the new bundle to another folder',
    );
  }
  return { listed: proof.listed };
}

/** The outcome of {@link proveOwnBundle}: not ours at all, or ours with the entries that are not. */
type Proof = { readonly problem: string } | { readonly listed: string[]; readonly foreign: string[] };

/**
 * Checks that `dir` holds this tool's bundle marker and, apart from it and `SHA256SUMS`, only files that
 * `SHA256SUMS` lists with their listed content. With `partial` (a previous bundle whose deletion was interrupted),
 * listed files may be missing, and so may `SHA256SUMS` once every listed file is gone.
 */
function proveOwnBundle(dir: string, partial: boolean): Proof {
  const marker = lstatOrUndefined(join(dir, BUNDLE_MARKER));
  if (!marker?.isFile()) return { problem: `it has no ${BUNDLE_MARKER} file` };
  const markerProblem = bundleMarkerProblem(readFileSync(join(dir, BUNDLE_MARKER), 'utf8'));
  if (markerProblem) return { problem: markerProblem };
  const sumsStat = lstatOrUndefined(join(dir, CHECKSUM_FILE));
  let listed = new Map<string, string>();
  if (sumsStat?.isFile()) {
    try {
      listed = parseChecksums(readFileSync(join(dir, CHECKSUM_FILE), 'utf8'));
    } catch (e) {
      return { problem: `its ${CHECKSUM_FILE} is malformed: ${(e as Error).message}` };
    }
  } else if (!partial) {
    return { problem: `it has no ${CHECKSUM_FILE} file` };
  }
  const foreign: string[] = [];
  const folders = new Set<string>();
  for (const path of listed.keys()) {
    const parts = path.split('/');
    for (let i = 1; i < parts.length; i++) folders.add(parts.slice(0, i).join('/'));
  }
  const walk = (rel: string): void => {
    for (const entry of readdirSync(join(dir, rel))) {
      const path = rel ? `${rel}/${entry}` : entry;
      const st = lstatSync(join(dir, path));
      if (st.isDirectory()) {
        if (folders.has(path)) walk(path);
        else foreign.push(`${path}/ (not in the bundle)`);
      } else if (!st.isFile()) {
        foreign.push(`${path} (${describeFileType(st)}, not in the bundle)`);
      } else if (path === BUNDLE_MARKER || (path === CHECKSUM_FILE && !rel)) {
        continue;
      } else if (!listed.has(path)) {
        foreign.push(`${path} (not in the bundle)`);
      } else if (sha256(readFileSync(join(dir, path))) !== listed.get(path)) {
        foreign.push(`${path} (changed since it was written)`);
      }
    }
  };
  walk('');
  return { listed: [...listed.keys()], foreign };
}

/**
 * Deletes a bundle proved ours: the listed files, then `SHA256SUMS`, then the marker, then the folders, each folder
 * with `rmdir` (which fails rather than delete anything unlisted). `step` runs after the first file is gone.
 */
function removeOwnBundle(dir: string, listed: readonly string[], step?: () => void): void {
  let first = true;
  const folders = new Set<string>();
  for (const path of listed) {
    const parts = path.split('/');
    for (let i = 1; i < parts.length; i++) folders.add(parts.slice(0, i).join('/'));
    if (path === CHECKSUM_FILE || path === BUNDLE_MARKER) continue;
    rmSync(join(dir, path), { force: true });
    if (first) step?.();
    first = false;
  }
  rmSync(join(dir, CHECKSUM_FILE), { force: true });
  rmSync(join(dir, BUNDLE_MARKER), { force: true });
  // Deepest folders first.
  for (const f of [...folders].sort((a, b) => b.split('/').length - a.split('/').length)) {
    if (exists(join(dir, f))) rmdirSync(join(dir, f));
  }
  rmdirSync(dir);
}

/**
 * Cleans what dead runs left beside the target: a previous bundle moved aside is put back when the target is gone
 * (the run died between its two renames) and deleted when the target exists; a staging folder is deleted. Each only
 * when provably ours (the name, a process id that is not running, the marker); anything else is left alone and
 * reported.
 */
export function recoverLeftovers(parent: string, name: string): WriteBundleResult {
  const cleaned: string[] = [];
  const leftAlone: string[] = [];
  let entries: string[];
  try {
    entries = readdirSync(parent);
  } catch {
    return { cleaned, leftAlone };
  }
  const prefix = `.${name}.`;
  const target = join(parent, name);
  const leftovers = entries
    .filter((e) => e.startsWith(prefix))
    .map((e) => ({
      entry: e,
      m: /^(previous|staging)-(?:(\d+)(?:-[A-Za-z0-9]+)?|[A-Za-z0-9]+(\.previous)?)$/.exec(e.slice(prefix.length)),
    }))
    .filter((x) => x.m !== null)
    // Previous bundles first: one may have to go back into place before anything else is judged.
    .sort((a, b) => (a.m![1] === b.m![1] ? a.entry.localeCompare(b.entry) : a.m![1] === 'previous' ? -1 : 1));
  for (const { entry, m } of leftovers) {
    const path = join(parent, entry);
    const pid = m![2] === undefined ? undefined : Number(m![2]);
    if (pid !== undefined && pid !== process.pid && isProcessRunning(pid)) {
      leftAlone.push(`${entry} (process ${pid} is still running)`);
      continue;
    }
    if (pid === undefined) {
      // Written by an older version without a process id or marker: its owner cannot be proved.
      leftAlone.push(`${entry} (left by an older version; delete it yourself if it is not yours)`);
      continue;
    }
    const st = lstatOrUndefined(path);
    if (!st?.isDirectory()) {
      leftAlone.push(`${entry} (${st ? describeFileType(st) : 'gone'}, not a folder this tool writes)`);
      continue;
    }
    if (m![1] === 'previous') {
      if (!exists(target)) {
        const proof = proveOwnBundle(path, false);
        if ('listed' in proof && proof.foreign.length === 0) {
          renameSync(path, target);
          cleaned.push(`${entry} (the previous bundle, put back as ${name})`);
        } else {
          leftAlone.push(`${entry} (${'problem' in proof ? proof.problem : `holds ${proof.foreign.join(', ')}`})`);
        }
        continue;
      }
      const proof = proveOwnBundle(path, true);
      if ('listed' in proof && proof.foreign.length === 0) {
        removeOwnBundle(path, proof.listed);
        cleaned.push(entry);
      } else {
        leftAlone.push(`${entry} (${'problem' in proof ? proof.problem : `holds ${proof.foreign.join(', ')}`})`);
      }
    } else {
      const marker = lstatOrUndefined(join(path, BUNDLE_MARKER));
      const problem = marker?.isFile()
        ? bundleMarkerProblem(readFileSync(join(path, BUNDLE_MARKER), 'utf8'))
        : `no ${BUNDLE_MARKER} file`;
      if (problem === undefined) {
        removeStagingFolder(path, BUNDLE_MARKER);
        cleaned.push(entry);
      } else {
        leftAlone.push(`${entry} (${problem})`);
      }
    }
  }
  return { cleaned, leftAlone };
}

function exists(path: string): boolean {
  return lstatOrUndefined(path) !== undefined;
}
