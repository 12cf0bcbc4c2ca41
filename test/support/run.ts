/** Runs one of the project's commands as a child process, the way a user runs it. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/** The repository root. */
export const ROOT = join(__dirname, '..', '..');

/** What a finished command left behind. */
export interface RunResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `tsx <script> ...args` from `cwd` (default: the repository root). */
export function runScript(
  script: string,
  args: readonly string[],
  opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): RunResult {
  const r = spawnSync(join(ROOT, 'node_modules', '.bin', 'tsx'), [join(ROOT, script), ...args], {
    cwd: opts.cwd ?? ROOT,
    env: { ...inherited(), CHECKPOINT_DISABLE: '1', NO_COLOR: '1', ...opts.env },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The test process's environment without the variables that would pick another profile or endpoint for a child. */
function inherited(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of ['VAST_PROFILE', 'AZURE_ARM_ENDPOINT', 'AZURE_PRICES_ENDPOINT', 'CDKTF_OUTDIR']) delete env[name];
  return env;
}
