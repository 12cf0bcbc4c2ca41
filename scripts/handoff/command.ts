/**
 * `npm run handoff -- [--profile <file>] --out <dir> [--force] [--preflight <report.json>] [--live-prices
 * [--prices-endpoint <url>]]`: builds the customer handoff bundle for a profile and writes it atomically. Offline
 * (needs neither Terraform nor Azure) unless `--live-prices` asks the public Azure Retail Prices API for the
 * planning summary's prices.
 *
 * Exit codes: 0 written; 2 bad flags, profile, preflight report or `--out` (nothing written); 3 the Retail Prices
 * API could not be asked (nothing written); 70 a bug.
 */
import { readFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { relative, resolve } from 'node:path';
import { loadProfile, resolveProfilePath } from '../../stacks/profile/load';
import { fetchLivePrices, PRICES_ENDPOINT_ENV } from '../planning/live-prices';
import { buildPlan } from '../planning/plan';
import { PRICE_TABLE } from '../planning/prices';
import { assertOutputTarget, EXIT, HELP_FLAG, outputFailure, parseFlags, UsageError } from '../lib/cli';
import { buildBundle, BundleContentError } from './bundle';
import type { BundleFile } from './integrity';
import { profileFileIdentity } from '../preflight/identity';
import { parsePreflightReport, PreflightReportError, preflightMismatches, preflightProfileChanged } from './preflight';
import { synthesizeTerraform } from './terraform';
import { BundleTargetError, writeBundle, type WriteBundleResult } from './writer';
import { REPO_ROOT } from '../../lib/repo-root';

/**
 * Test seam: when set to a number N, writing fails after N files (the failure a full disk or a killed process
 * causes). Used by the atomicity test of the command; never set it in normal use.
 */
export const FAIL_AFTER_FILES_ENV = 'VAST_HANDOFF_FAIL_AFTER_FILES';

/** What a run wrote. */
export interface HandoffResult {
  /** The bundle folder, absolute. */
  readonly outDir: string;
  /** The files written, relative to the bundle. */
  readonly files: readonly BundleFile[];
  /** The profile's name. */
  readonly profileName: string;
  /** Leftovers of a dead run beside `--out` that were provably ours and were cleaned, by name. */
  readonly cleaned: readonly string[];
  /** Entries beside `--out` named like leftovers that could not be proved ours: left alone, named for the user. */
  readonly leftAlone: readonly string[];
  /**
   * How the `--preflight` report differs from the profile (accepted with `--accept-preflight-mismatch`); empty when
   * it fits or there is none.
   */
  readonly preflightMismatches: readonly string[];
  /** Whether the profile file changed since the report was made (same facts, different SHA-256). */
  readonly profileChangedSincePreflight: boolean;
}

/** The flags handoff accepts. */
export const HANDOFF_FLAGS = {
  profile: { type: 'string' },
  out: { type: 'string' },
  force: { type: 'boolean', default: false },
  preflight: { type: 'string' },
  'accept-preflight-mismatch': { type: 'boolean', default: false },
  'live-prices': { type: 'boolean', default: false },
  'prices-endpoint': { type: 'string' },
  ...HELP_FLAG,
} as const;

/** Usage text of the command (`--help`). */
export const HANDOFF_USAGE = `Usage: npm run handoff -- [--profile <file>] --out <dir> [--force]
                          [--preflight <report.json> [--accept-preflight-mismatch]]
                          [--live-prices [--prices-endpoint <url>]]

Writes the customer handoff bundle (plain Terraform in HCL and JSON, example tfvars, README, RUNBOOK, optional
PREFLIGHT, SHA256SUMS) into --out, whole or not at all. Offline unless --live-prices.

Options:
  --profile <file>           profile to hand off (default: $VAST_PROFILE, else stacks/profiles/default.yaml)
  --out <dir>                bundle folder (required); must be empty or a bundle this tool wrote
  --force                    replace a bundle this tool wrote earlier in --out (default: off)
  --preflight <report.json>  a \`npm run preflight -- --json\` report to include (default: none); refused when its
                             verdict is not go or its profile name, region, zone, VM size or node count differ
  --accept-preflight-mismatch
                             package such a report anyway: the differences are printed on stderr and written
                             into README.md (default: off)
  --live-prices              price the planning summary from the Azure Retail Prices API (default: the dated table)
  --prices-endpoint <url>    Retail Prices API base URL (default: $${PRICES_ENDPOINT_ENV}, else https://prices.azure.com)
  -h, --help                 show this text

Environment:
  VAST_PROFILE                profile used when --profile is not given
  ${PRICES_ENDPOINT_ENV.padEnd(27)} Retail Prices API base URL for --live-prices
  CHECKPOINT_DISABLE          set to 1 by the command unless already set

Exit codes: 0 written; 2 bad flags, profile, preflight report or --out, a policy error, or content that must not
leave the machine (a machine path or a secret) (nothing written); 3 the Retail Prices API could not be asked or the
disk failed (nothing written); 70 a bug.
`;

/**
 * Runs the handoff command.
 *
 * @throws UsageError (exit 2) for bad flags, a bad preflight report or an unusable `--out`; ProfileError (exit 2)
 *   for a bad profile.
 */
export async function runHandoff(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<HandoffResult> {
  const flags = parseFlags(argv, HANDOFF_FLAGS);
  if (!flags.out) throw new UsageError('--out <dir> is required: the folder the bundle is written to');
  if (flags['prices-endpoint'] !== undefined && !flags['live-prices']) {
    throw new UsageError('--prices-endpoint only applies together with --live-prices');
  }
  const profilePath = resolveProfilePath(flags.profile, env);
  // Refuse an --out that is not a folder (a file, the profile, /dev/null, a link) before any work.
  assertOutputTarget({
    flag: '--out',
    path: flags.out,
    kind: 'folder',
    inputs: [profilePath, ...(flags.preflight === undefined ? [] : [flags.preflight])],
  });
  const profile = loadProfile(profilePath);
  const preflight = flags.preflight === undefined ? undefined : readPreflight(flags.preflight);
  const identity = preflight ? profileFileIdentity(profile, profilePath) : undefined;
  const mismatches = preflight && identity ? preflightMismatches(preflight.report, identity) : [];
  if (mismatches.length > 0 && !flags['accept-preflight-mismatch']) {
    throw new UsageError(
      `--preflight ${shownPath(flags.preflight ?? '')} does not fit profile ${JSON.stringify(profile.name)}:\n` +
        mismatches.map((m) => `  - ${m}\n`).join('') +
        'run preflight again for this profile (npm run preflight -- --profile <file> --json), or pass ' +
        '--accept-preflight-mismatch to hand off anyway (the differences are then written into README.md); nothing was written',
    );
  }
  const terraform = synthesizeTerraform(profile);
  const outDir = resolve(flags.out);
  // Prices: the dated table by default (offline, reproducible); the Retail Prices API when asked (exit 3 on failure).
  const endpoint = flags['prices-endpoint'] ?? (env[PRICES_ENDPOINT_ENV] || undefined);
  const prices = flags['live-prices']
    ? await fetchLivePrices(profile, endpoint === undefined ? {} : { endpoint })
    : PRICE_TABLE;
  let files: BundleFile[];
  try {
    files = buildBundle({
      profile,
      terraform,
      plan: buildPlan(profile, prices),
      ...(preflight ? { preflight } : {}),
      ...(mismatches.length > 0 ? { preflightMismatches: mismatches } : {}),
      machinePaths: [REPO_ROOT, process.cwd(), homedir(), tmpdir(), outDir],
    });
  } catch (e) {
    if (e instanceof BundleContentError) {
      const sources = new Set(
        e.findings.map((f) =>
          f.path === 'preflight.json' || f.path === 'PREFLIGHT.md'
            ? `the --preflight report ${flags.preflight ?? ''}`
            : 'the profile (or its bootstrap script)',
        ),
      );
      throw new UsageError(`${e.message}\nnothing was written: remove it from ${[...sources].join(' and ')}`);
    }
    throw e;
  }
  const failAfter = env[FAIL_AFTER_FILES_ENV] ? Number(env[FAIL_AFTER_FILES_ENV]) : undefined;
  let written: WriteBundleResult;
  try {
    written = writeBundle(outDir, files, {
      force: flags.force ?? false,
      ...(failAfter === undefined
        ? {}
        : {
            afterFile: (_path: string, written: number) => {
              if (written >= failAfter) throw new Error(`${FAIL_AFTER_FILES_ENV}: failing after ${written} files`);
            },
          }),
    });
  } catch (e) {
    // Name the folder as the user wrote it, not as an absolute path of this machine.
    if (e instanceof BundleTargetError) throw new UsageError(e.message.split(outDir).join(flags.out));
    throw outputFailure('--out', flags.out, e);
  }
  return {
    outDir,
    files,
    profileName: profile.name,
    ...written,
    preflightMismatches: mismatches,
    profileChangedSincePreflight: preflight && identity ? preflightProfileChanged(preflight.report, identity) : false,
  };
}

function shownPath(path: string): string {
  return relative(process.cwd(), resolve(path)) || path;
}

function readPreflight(path: string): ReturnType<typeof parsePreflightReport> {
  const shown = shownPath(path);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new UsageError(
      `--preflight ${shown} could not be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
    );
  }
  try {
    return parsePreflightReport(text, `--preflight ${shown}`);
  } catch (e) {
    if (e instanceof PreflightReportError) throw new UsageError(e.message);
    throw e;
  }
}

/**
 * The handoff command as `npm run handoff` runs it: `--help` prints {@link HANDOFF_USAGE}; otherwise
 * {@link runHandoff}, then the summary on `out`.
 *
 * @returns the exit code (0).
 * @throws as {@link runHandoff}.
 */
export async function handoffMain(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
  out: Pick<NodeJS.WritableStream, 'write'> = process.stdout,
  err: Pick<NodeJS.WritableStream, 'write'> = process.stderr,
): Promise<number> {
  if (parseFlags(argv, HANDOFF_FLAGS).help) {
    out.write(HANDOFF_USAGE);
    return EXIT.ok;
  }
  const result = await runHandoff(argv, env);
  out.write(summary(result));
  err.write(preflightWarnings(result));
  return EXIT.ok;
}

/** What the terminal (stderr) must hear about the preflight report: accepted differences, a changed profile. */
export function preflightWarnings(result: HandoffResult): string {
  const lines: string[] = [];
  if (result.preflightMismatches.length > 0) {
    lines.push(
      'warning: the --preflight report does not fit this profile (accepted with --accept-preflight-mismatch; also in README.md):',
      ...result.preflightMismatches.map((m) => `  - ${m}`),
    );
  }
  if (result.profileChangedSincePreflight) {
    lines.push('note: the profile file changed since the --preflight report was made (its SHA-256 differs)');
  }
  return lines.map((l) => `${l}\n`).join('');
}

/** The one-line summary the command prints. */
export function summary(result: HandoffResult): string {
  const shown = relative(process.cwd(), result.outDir) || '.';
  const notes = [
    ...result.cleaned.map((c) => `note: cleaned up after an interrupted run: ${c}\n`),
    ...result.leftAlone.map((c) => `note: left alone beside the bundle (not provably written by this tool): ${c}\n`),
  ].join('');
  return `${result.profileName}: handoff bundle of ${result.files.length} files -> ${shown.startsWith('..') ? result.outDir : shown}\n${result.files.map((f) => `  ${f.path}`).join('\n')}\n${notes}`;
}
