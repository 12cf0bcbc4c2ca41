/** Runs one of the project's commands as a child process, the way a user runs it. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { EXIT, reportFailure } from '../../scripts/lib/cli';

/** The repository root. */
export const ROOT = join(__dirname, '..', '..');

/** What a finished command left behind. */
export interface RunResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `node bin/run.mjs <script> ...args` from `cwd` (default: the repository root) as a child process: the
 * command's compiled bundle, exactly as `npm run` starts it (`script` is its entry point from the repository root,
 * e.g. `scripts/synth.ts`; the run's global setup built the bundles). Asynchronous on purpose:
 * a synchronous spawn would block the test worker's event loop for the child's whole life (seconds on a busy
 * machine), starving servers in the test process and the worker's messages to vitest.
 */
export function runScript(
  script: string,
  args: readonly string[],
  opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<RunResult> {
  return spawnCommand([script, ...args], {
    cwd: opts.cwd ?? ROOT,
    env: commandEnv(opts.env),
    timeout: 120_000,
  });
}

/** The launcher every command goes through (bin/run.mjs: build check, then the command's bundle). */
export const LAUNCHER = join(ROOT, 'bin', 'run.mjs');

/**
 * Runs `node bin/run.mjs ...args` (the entry point first) as a child process with exactly `opts.env` (nothing
 * inherited or removed) and collects its output. How tests start a command; {@link runScript} adds the clean
 * environment and a time limit.
 */
export function spawnCommand(
  args: readonly string[],
  opts: { readonly cwd: string; readonly env: NodeJS.ProcessEnv; readonly timeout?: number },
): Promise<RunResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [LAUNCHER, ...args], {
      cwd: opts.cwd,
      env: opts.env,
      ...(opts.timeout === undefined ? {} : { timeout: opts.timeout }),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
  });
}

/** The test process's environment without the variables that would pick another profile or endpoint for a child. */
function inherited(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of ['VAST_PROFILE', 'AZURE_ARM_ENDPOINT', 'AZURE_PRICES_ENDPOINT', 'CDKTF_OUTDIR']) delete env[name];
  return env;
}

/** A non-terminal output stream that keeps what was written, for a command's main function run in-process. */
export class CapturedStream {
  /** Not a terminal, like a pipe to a child process: progress indicators stay off. */
  readonly isTTY = false;
  private readonly chunks: string[] = [];

  /** Keeps the text (synchronously, so it can be read as soon as the command returns). */
  write(chunk: string | Uint8Array): boolean {
    this.chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  }

  /** Everything written so far. */
  get text(): string {
    return this.chunks.join('');
  }

  /** This stream where a command's signature asks for the process's stdout or stderr. */
  asWriteStream(): NodeJS.WriteStream {
    // The commands only call write() and read isTTY (columns only when isTTY): a pipe has no more than this.
    return this as unknown as NodeJS.WriteStream;
  }
}

/**
 * Runs a command's main function in this process the way `runCli` runs it in its own: a returned code is the exit
 * code, a thrown failure is printed by `reportFailure` and mapped to its exit code. Same result shape as
 * {@link runScript}, without the start-up (about half a second of CPU) of a child process.
 */
export async function runInProcess(
  main: (out: NodeJS.WriteStream, err: NodeJS.WriteStream) => Promise<number | void> | number | void,
  opts: { cwd?: string } = {},
): Promise<RunResult> {
  const out = new CapturedStream();
  const err = new CapturedStream();
  const before = process.cwd();
  // Working folder of the "process": vitest's forks pool runs each test file in its own process, and tests in a
  // file run one at a time, so changing it for the duration of one run is safe. It is restored even on failure.
  if (opts.cwd) process.chdir(opts.cwd);
  let code: number;
  try {
    code = (await main(out.asWriteStream(), err.asWriteStream())) ?? EXIT.ok;
  } catch (e) {
    code = reportFailure(e, err);
  } finally {
    process.chdir(before);
  }
  return { code, stdout: out.text, stderr: err.text };
}

/**
 * The environment a command run by a test sees: this process's, without variables that would pick another profile
 * or endpoint, plus `extra`. Used for child processes and in-process runs alike.
 */
export function commandEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { ...inherited(), CHECKPOINT_DISABLE: '1', NO_COLOR: '1', ...extra };
}
