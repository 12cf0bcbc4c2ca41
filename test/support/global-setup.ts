import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { installRunAuthority, RUN_CA_KEY_ENV } from './tls';

/**
 * Runs once in vitest's main process before any test worker starts:
 *
 * - points TMPDIR at a disposable folder for the whole run, outside the work tree (`Testing.app()` leaves one temp
 *   dir per call, and nothing a test writes should outlive the run);
 * - creates the run's certificate authority there and sets `NODE_EXTRA_CA_CERTS` (see `tls.ts`), so the workers,
 *   started afterwards as fresh processes, trust the ARM emulator and can run commands in-process against it.
 *
 * When the run ends the CA key is removed at once; the folder goes when the main process exits, because the worker
 * pool may still start a spare worker (which reads `NODE_EXTRA_CA_CERTS`) while it shuts down.
 */
export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'vast-vitest-'));
  process.env.TMPDIR = dir;
  installRunAuthority(dir);
  const removeDir = (): void => rmSync(dir, { recursive: true, force: true });
  process.once('exit', removeDir);
  return () => {
    const keyPath = process.env[RUN_CA_KEY_ENV];
    if (keyPath) rmSync(keyPath, { force: true });
  };
}
