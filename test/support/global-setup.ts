import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { installRunAuthority, RUN_CA_KEY_ENV } from './tls';

/**
 * Runs once in vitest's main process before any test worker starts:
 *
 * - brings the commands' compiled bundles (dist/, bin/build.mjs) up to date once, so that the tests which run a
 *   command as a child process (through bin/run.mjs, as `npm run` does) never rebuild it concurrently, and never run
 *   JavaScript older than the sources under test;
 * - points TMPDIR at a disposable folder for the whole run, outside the work tree (`Testing.app()` leaves one temp
 *   dir per call, and nothing a test writes should outlive the run);
 * - creates the run's certificate authority there and sets `NODE_EXTRA_CA_CERTS` (see `tls.ts`), so the workers,
 *   started afterwards as fresh processes, trust the ARM emulator and can run commands in-process against it.
 *
 * When the run ends the CA key is removed at once; the folder goes when the main process exits, because the worker
 * pool may still start a spare worker (which reads `NODE_EXTRA_CA_CERTS`) while it shuts down.
 */
export default function setup(): () => void {
  execFileSync(process.execPath, [join(__dirname, '..', '..', 'bin', 'build.mjs'), '--if-stale'], { stdio: 'inherit' });
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
