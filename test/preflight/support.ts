/**
 * Test helpers: start the ARM emulator, write a profile variant, and run preflight against it.
 *
 * {@link runPreflight} calls the command's `main()` in this test process: the emulator's certificate is signed by
 * the run's CA, which every test worker trusts through `NODE_EXTRA_CA_CERTS` (see `test/support/tls.ts`), so the
 * real SDK clients verify TLS as they would in a child. {@link spawnPreflight} runs `npm run preflight`'s compiled command as
 * a child process, for the few tests of the CLI's wiring (exit codes through `runCli`, a missing CA).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { load as parseYaml } from 'js-yaml';
import { afterEach, beforeEach } from 'vitest';
import { main } from '../../scripts/preflight/main';
import { ArmEmulator, type EmulatorOptions } from '../support/arm-emulator/server';
import { runInProcess, spawnCommand, type RunResult } from '../support/run';
import { runAuthority } from '../support/tls';
import { EMULATOR_SUBSCRIPTION_ID } from '../support/arm-emulator/world';
import { DEFAULT_PROFILE_PATH } from '../../stacks/profile/load';

/** The repository root. */
export const ROOT = resolve(__dirname, '..', '..');

/** The fake bearer token tests hand to preflight; it must never appear in its output. */
export const FAKE_TOKEN = 'fake-static-token-5b7e0c1d';

/** The subscription the emulator serves. */
export const SUBSCRIPTION = EMULATOR_SUBSCRIPTION_ID;

/** What a preflight run produced. */
export type { RunResult };

/** Options for {@link runPreflight}. */
export interface RunOptions {
  /** Extra arguments after the defaults (`--subscription`, `--arm-endpoint`, `--profile` when given). */
  readonly args?: readonly string[];
  /** Profile file; omitted means the CLI's own default. */
  readonly profile?: string;
  /** Environment entries to add or (with undefined) remove. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Leave out `--subscription`. */
  readonly noSubscription?: boolean;
  /** Leave out `--arm-endpoint`. */
  readonly noEndpoint?: boolean;
}

/** Starts an emulator with the given options, its certificate signed by the run's CA that this process trusts. */
export function startEmulator(options: EmulatorOptions = {}): Promise<ArmEmulator> {
  return ArmEmulator.start({ authority: runAuthority(), ...options });
}

/**
 * Runs preflight's `main()` in this process against the emulator, with a clean environment (nothing inherited from
 * the developer's Azure login) and a small retry budget; a thrown failure is reported and mapped to its exit code
 * as `runCli` does.
 */
export function runPreflight(emulator: ArmEmulator, options: RunOptions = {}): Promise<RunResult> {
  const env = preflightEnv(emulator, options);
  return runInProcess((out, err) => main(preflightArgs(emulator, options), env, out, err));
}

/**
 * Runs `scripts/preflight.ts` compiled, as `npm run preflight` does, as a child process against the emulator, with the same clean environment as
 * {@link runPreflight} and the emulator's CA trusted through `NODE_EXTRA_CA_CERTS` (unless `env` removes it).
 */
export function spawnPreflight(emulator: ArmEmulator, options: RunOptions = {}): Promise<RunResult> {
  const args = ['scripts/preflight.ts', ...preflightArgs(emulator, options)];
  const env = preflightEnv(emulator, options);
  return spawnCommand(args, { cwd: ROOT, env });
}

function preflightArgs(emulator: ArmEmulator, options: RunOptions): string[] {
  return [
    ...(options.noSubscription ? [] : ['--subscription', SUBSCRIPTION]),
    ...(options.noEndpoint ? [] : ['--arm-endpoint', emulator.url]),
    ...(options.profile ? ['--profile', options.profile] : []),
    ...(options.args ?? []),
  ];
}

function preflightEnv(emulator: ArmEmulator, options: RunOptions): Record<string, string> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    TMPDIR: process.env.TMPDIR ?? tmpdir(),
    NODE_EXTRA_CA_CERTS: emulator.caCertPath,
    AZURE_ARM_TOKEN: FAKE_TOKEN,
    PREFLIGHT_REQUEST_TIMEOUT_MS: '10000',
    PREFLIGHT_MAX_RETRIES: '3',
    PREFLIGHT_RETRY_DELAY_MS: '10',
    PREFLIGHT_MAX_RETRY_WAIT_MS: '2000',
  };
  for (const [k, v] of Object.entries(options.env ?? {})) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

type Json = Record<string, unknown>;

/** Writes the shipped default profile with `overrides` deep-merged into it, as JSON in a temp dir; returns the path. */
export function writeProfile(overrides: Json = {}): string {
  const base = parseYaml(readFileSync(DEFAULT_PROFILE_PATH, 'utf8')) as Json;
  const dir = mkdtempSync(join(tmpdir(), 'preflight-profile-'));
  const path = join(dir, 'profile.json');
  writeFileSync(path, JSON.stringify(merge(base, overrides), null, 2));
  return path;
}

function merge(a: Json, b: Json): Json {
  const out: Json = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const prev = out[k];
    out[k] =
      v && typeof v === 'object' && !Array.isArray(v) && prev && typeof prev === 'object' && !Array.isArray(prev)
        ? merge(prev as Json, v as Json)
        : v;
  }
  return out;
}

/** A check in the `--json` document. */
export interface JsonCheck {
  readonly id: string;
  readonly status: 'pass' | 'warn' | 'fail';
  readonly message: string;
  readonly remedy?: string;
}

/** The `--json` document. */
export interface JsonReport {
  readonly verdict: 'go' | 'no-go';
  readonly subscription: string;
  readonly location: string;
  readonly zone: string;
  readonly physicalZone: string | null;
  readonly checks: readonly JsonCheck[];
}

/** Parses stdout as the single JSON document preflight prints. */
export function parseReport(stdout: string): JsonReport {
  return JSON.parse(stdout) as JsonReport;
}

/** The check with this id from a report (throws when absent, so a test cannot pass vacuously). */
export function check(report: JsonReport, id: string): JsonCheck {
  const found = report.checks.find((c) => c.id === id);
  if (!found) throw new Error(`no check "${id}" in the report`);
  return found;
}

/**
 * A fresh emulator for every test: started before it, closed after it. Read the running emulator from `current`
 * inside tests and hooks. (Per test, not per file: when preflight runs in-process and one call fails, its sibling
 * calls may still be in flight when `main()` returns; closing the emulator drops them, so none reaches the next
 * test's emulator. Starting one costs a key pair and a listen, a few milliseconds.)
 */
export function useEmulator(): { readonly current: ArmEmulator } {
  let emulator: ArmEmulator | undefined;
  beforeEach(async () => {
    emulator = await startEmulator();
  });
  afterEach(async () => {
    await emulator?.close();
    emulator = undefined;
  });
  return {
    get current(): ArmEmulator {
      if (!emulator) throw new Error('the emulator is only running inside tests and hooks');
      return emulator;
    },
  };
}
