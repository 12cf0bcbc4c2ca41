/**
 * Writes a bundle atomically: every file goes into a staging folder beside the target, which is then renamed into
 * place. A failure at any point leaves the target as it was and removes the staging folder. An existing non-empty
 * target is refused unless `force` is set, and even then only when it holds a previous bundle.
 */
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { CHECKSUM_FILE, type BundleFile } from './integrity';

/** The target cannot be written for a reason the user controls (exit 2 in the CLI). */
export class BundleTargetError extends Error {
  override readonly name = 'BundleTargetError';
}

/** Options of {@link writeBundle}. */
export interface WriteBundleOptions {
  /**
   * Replace a non-empty target that holds a previous bundle.
   *
   * @default false
   */
  readonly force?: boolean;
  /**
   * Called after each file is written to the staging folder, with the count written so far. A test seam: a hook
   * that throws simulates a failure in the middle of writing (disk full, killed process).
   *
   * @default - nothing
   */
  readonly afterFile?: (path: string, written: number) => void;
}

/**
 * Writes `files` to `outDir` as a whole.
 *
 * @throws BundleTargetError when `outDir` is a file, or a non-empty folder without `force`, or (with `force`) a
 *   folder that does not hold a previous bundle.
 */
export function writeBundle(outDir: string, files: readonly BundleFile[], options: WriteBundleOptions = {}): void {
  const target = resolve(outDir);
  const existing = inspectTarget(target, options.force ?? false);
  const parent = dirname(target);
  mkdirSync(parent, { recursive: true });
  const staging = mkdtempSync(join(parent, `.${basename(target)}.staging-`));
  // mkdtemp creates the folder 0700; the bundle is a deliverable others read, so give it a normal folder mode.
  chmodSync(staging, 0o755);
  const aside = `${staging}.previous`;
  let movedAside = false;
  try {
    let written = 0;
    for (const f of files) {
      if (f.path.startsWith('/') || f.path.split('/').includes('..')) {
        throw new Error(`bundle paths must be relative and stay inside the bundle, got "${f.path}"`);
      }
      const path = join(staging, ...f.path.split('/'));
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, f.content);
      written++;
      options.afterFile?.(f.path, written);
    }
    if (existing) {
      renameSync(target, aside);
      movedAside = true;
    }
    renameSync(staging, target);
    if (movedAside) rmSync(aside, { recursive: true, force: true });
  } catch (e) {
    if (movedAside && !existsSync(target)) renameSync(aside, target);
    rmSync(staging, { recursive: true, force: true });
    throw e;
  }
}

/** Whether the target exists (and may be replaced); throws when it must not be touched. */
function inspectTarget(target: string, force: boolean): boolean {
  if (!existsSync(target)) return false;
  if (!statSync(target).isDirectory()) {
    throw new BundleTargetError(`--out must name a folder, but ${target} is a file`);
  }
  const entries = readdirSync(target);
  if (entries.length === 0) return true;
  if (!force) {
    throw new BundleTargetError(
      `--out ${target} is not empty: choose an empty or new folder, or pass --force to replace a previous bundle`,
    );
  }
  if (!entries.includes(CHECKSUM_FILE)) {
    throw new BundleTargetError(
      `--force replaces only a previous handoff bundle (a folder with ${CHECKSUM_FILE}), and ${target} has none: refusing to delete it`,
    );
  }
  return true;
}
