/**
 * Test helpers: start the ARM emulator, write a profile variant, and run the real preflight CLI as a child process
 * that trusts the emulator's CA through NODE_EXTRA_CA_CERTS (read only at process start, hence the child process).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { load as parseYaml } from 'js-yaml';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { ArmEmulator, type EmulatorOptions } from '../support/arm-emulator/server';
import { EMULATOR_SUBSCRIPTION_ID } from '../support/arm-emulator/world';

/** The repository root. */
export const ROOT = resolve(__dirname, '..', '..');

/** The fake bearer token tests hand to preflight; it must never appear in its output. */
export const FAKE_TOKEN = 'fake-static-token-5b7e0c1d';

/** The subscription the emulator serves. */
export const SUBSCRIPTION = EMULATOR_SUBSCRIPTION_ID;

/** What a preflight run produced. */
export interface RunResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

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

/** Starts an emulator with the given options. */
export function startEmulator(options: EmulatorOptions = {}): Promise<ArmEmulator> {
  return ArmEmulator.start(options);
}

/**
 * Runs `tsx scripts/preflight.ts` against the emulator with a clean environment (nothing inherited from the
 * developer's Azure login), a small retry budget and the emulator's CA trusted.
 */
export function runPreflight(emulator: ArmEmulator, options: RunOptions = {}): Promise<RunResult> {
  const args = [
    'scripts/preflight.ts',
    ...(options.noSubscription ? [] : ['--subscription', SUBSCRIPTION]),
    ...(options.noEndpoint ? [] : ['--arm-endpoint', emulator.url]),
    ...(options.profile ? ['--profile', options.profile] : []),
    ...(options.args ?? []),
  ];
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
  return new Promise((resolvePromise, reject) => {
    const child = spawn(join(ROOT, 'node_modules', '.bin', 'tsx'), args, { cwd: ROOT, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
  });
}

type Json = Record<string, unknown>;

/** Writes the shipped default profile with `overrides` deep-merged into it, as JSON in a temp dir; returns the path. */
export function writeProfile(overrides: Json = {}): string {
  const base = parseYaml(readFileSync(join(ROOT, 'stacks', 'profiles', 'default.yaml'), 'utf8')) as Json;
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
 * One emulator per test file: started before the first test, reset before each, closed after the last. Read the
 * running emulator from `current` inside tests and hooks.
 */
export function useEmulator(): { readonly current: ArmEmulator } {
  let emulator: ArmEmulator | undefined;
  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterAll(async () => {
    await emulator?.close();
  });
  beforeEach(() => {
    emulator?.reset();
  });
  return {
    get current(): ArmEmulator {
      if (!emulator) throw new Error('the emulator is only running inside tests and hooks');
      return emulator;
    },
  };
}
