/**
 * The `plan` command: flags → profile → prices → plan → report. `scripts/plan.ts` runs it through `runCli`.
 */
import { resolve } from 'node:path';
import { loadProfile, resolveProfilePath } from '../../stacks/profile/load';
import { assertOutputTarget, EXIT, outputFailure, parseFlags, UsageError, writeFileAtomic } from '../lib/cli';
import { fetchLivePrices, PRICES_ENDPOINT_ENV } from './live-prices';
import { buildPlan } from './plan';
import { PRICE_TABLE } from './prices';
import { renderCsv, renderJson, renderText } from './render';

/** Usage text of the command. */
export const PLAN_USAGE = `Usage: npm run plan -- [--profile <file>] [--json] [--csv <file>] [--live-prices [--prices-endpoint <url>]]

  --profile <file>          profile to plan (default: $VAST_PROFILE, else stacks/profiles/default.yaml)
  --json                    print one JSON document instead of the tables
  --csv <file>              also write one CSV row per metric and scenario (unit and source columns)
  --live-prices             read prices from the Azure Retail Prices API instead of the dated table
  --prices-endpoint <url>   Retail Prices API base URL (default: $${PRICES_ENDPOINT_ENV}, else https://prices.azure.com)
  -h, --help                show this text

Environment: VAST_PROFILE (the profile when --profile is not given), ${PRICES_ENDPOINT_ENV} (see --prices-endpoint).
Note: npm takes flags before \`--\` for itself: write \`npm run plan -- --json\`, not \`npm run plan --json\`.

Exit codes: 0 planned; 2 bad flags, profile or --csv (nothing written); 3 the Retail Prices API could not be asked or
the disk failed; 70 a bug.
`;

/** The flags plan accepts. */
export const PLAN_FLAGS = {
  profile: { type: 'string' },
  json: { type: 'boolean' },
  csv: { type: 'string' },
  'live-prices': { type: 'boolean' },
  'prices-endpoint': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Where the command writes and what environment it reads. */
export interface PlanIo {
  readonly stdout: (text: string) => void;
  readonly env: NodeJS.ProcessEnv;
}

/**
 * Runs the plan command.
 *
 * @returns the exit code (0).
 * @throws UsageError for bad flags or an unusable `--csv` target (exit 2: a folder, a device, a FIFO, a link, the
 *   profile itself, a place that cannot be written), ProfileError for a bad profile (exit 2), OutsideError when the
 *   prices API fails or the disk is full (exit 3).
 */
export async function planMain(
  argv: readonly string[],
  io: PlanIo = { stdout: (t) => process.stdout.write(t), env: process.env },
): Promise<number> {
  const flags = parseFlags(argv, PLAN_FLAGS, io.env);
  if (flags.help) {
    io.stdout(PLAN_USAGE);
    return EXIT.ok;
  }
  if (flags['prices-endpoint'] !== undefined && !flags['live-prices']) {
    throw new UsageError('--prices-endpoint only applies together with --live-prices');
  }
  // An empty environment variable counts as unset; the endpoint matters only with --live-prices.
  const endpoint = flags['prices-endpoint'] ?? (io.env[PRICES_ENDPOINT_ENV] || undefined);
  if (flags['live-prices'] && endpoint !== undefined && !/^https?:\/\/[^/\s]+/i.test(endpoint)) {
    throw new UsageError(
      `--prices-endpoint (or ${PRICES_ENDPOINT_ENV}) must be an http(s) URL such as https://prices.azure.com, got "${endpoint}"`,
    );
  }
  if (flags.csv !== undefined && flags.csv.trim() === '') {
    throw new UsageError('--csv must name a file, got ""');
  }
  const profilePath = resolveProfilePath(flags.profile, io.env);
  const profile = loadProfile(profilePath);
  // Refuse an unusable CSV target (a folder, /dev/null, a FIFO, a link, the profile itself) before asking for prices.
  const csvTarget =
    flags.csv === undefined
      ? undefined
      : ({ flag: '--csv', path: resolve(flags.csv), kind: 'file', inputs: [profilePath] } as const);
  if (csvTarget) assertOutputTarget(csvTarget);
  const prices = flags['live-prices'] ? await fetchLivePrices(profile, endpoint ? { endpoint } : {}) : PRICE_TABLE;
  const plan = buildPlan(profile, prices);
  if (csvTarget && flags.csv !== undefined) {
    try {
      writeFileAtomic(csvTarget.path, renderCsv(plan), csvTarget);
    } catch (e) {
      throw outputFailure('--csv', flags.csv, e);
    }
  }
  io.stdout(flags.json ? renderJson(plan) : renderText(plan));
  if (flags.csv !== undefined && !flags.json) io.stdout(`CSV written to ${flags.csv}\n`);
  return EXIT.ok;
}
