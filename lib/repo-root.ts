/**
 * The repository root, for files the toolkit reads at run time (shipped profiles, the watcher script, docs/). The
 * same module runs from its source (vitest) and bundled into dist/ (the commands, bin/build.mjs), where every
 * module's `__dirname` is the bundle's folder; so paths are taken from the root found here, never from a module's
 * own folder.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The nearest folder at or above `from` that holds a package.json: the repository root, from lib/ as from dist/
 * (which has no package.json of its own).
 *
 * @throws Error when no folder above `from` has one (a bug: the toolkit always runs from its checkout).
 */
export function findRepoRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json in ${from} or any folder above it`);
  }
}

/** The repository root (the folder of package.json). */
export const REPO_ROOT: string = findRepoRoot(__dirname);

/** An absolute path inside the repository, from its root-relative parts: `repoPath('stacks', 'profiles')`. */
export function repoPath(...parts: readonly string[]): string {
  return join(REPO_ROOT, ...parts);
}
