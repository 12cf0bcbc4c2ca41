/**
 * File-system helpers shared by the writers that stage their output in a folder of their own (`npm run synth`, the
 * handoff bundle): they never follow links and never delete a folder they cannot prove is theirs.
 */
import { lstatSync, readdirSync, rmdirSync, rmSync, type Stats } from 'node:fs';
import { join } from 'node:path';

/** `lstat` of `path` (links are not followed), or undefined when nothing is there or it cannot be read. */
export function lstatOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}

/**
 * Removes a staging folder this tool created: everything in it but `marker`, then `marker`, then the folder itself
 * (`rmdir`, which refuses a folder something else wrote into meanwhile). The marker goes last so a run killed part
 * way leaves a folder the next run can still prove is its own. Nothing there: nothing to do.
 */
export function removeStagingFolder(dir: string, marker: string): void {
  if (lstatOrUndefined(dir) === undefined) return;
  for (const entry of readdirSync(dir)) {
    if (entry !== marker) rmSync(join(dir, entry), { recursive: true, force: true });
  }
  rmSync(join(dir, marker), { force: true });
  rmdirSync(dir);
}
