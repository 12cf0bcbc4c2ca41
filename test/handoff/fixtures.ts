/**
 * Small fixtures for the bundle writer's tests (no profile, no synth: cheap to import). Bundles built from a
 * profile are in `./support.ts`.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleMarkerFile, CHECKSUM_FILE, renderChecksums, type BundleFile } from '../../scripts/handoff/integrity';

/**
 * A complete bundle holding `files`, as the tool writes one: the bundle marker first, then `files`, then a
 * `SHA256SUMS` that lists the marker and every file.
 */
export function markedBundle(files: readonly BundleFile[]): BundleFile[] {
  const list: BundleFile[] = [bundleMarkerFile(), ...files];
  return [...list, { path: CHECKSUM_FILE, content: renderChecksums(list) }];
}

/** A new empty folder in the system's temporary folder, its name starting with `prefix`. */
export function scratchDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
