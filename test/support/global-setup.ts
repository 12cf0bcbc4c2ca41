import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Points TMPDIR at a disposable folder for the whole run: `Testing.app()` leaves one temp dir per call, and
 * nothing a test writes should outlive the run. Removed again when the run ends.
 */
export default function setup(): () => void {
  const root = join(process.cwd(), '.tmp');
  mkdirSync(root, { recursive: true });
  const dir = mkdtempSync(join(root, 'vitest-'));
  process.env.TMPDIR = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
