/**
 * `npm run report -- --results <dir> [--profile <file>] [--out <file>] [--json] [--client-nic-gbps <Gbps>]
 * [--allow-spread] [--note <text>]`: reads the benchmark kit's fio results, compares them with the plan of the
 * profile and writes a Markdown (or JSON) report.
 *
 * Exit codes: 0 written; 2 bad flags, profile or results (nothing written); 3 the disk failed; 70 a bug.
 */
import { existsSync, readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { loadProfile, PROFILE_ENV, resolveProfilePath } from '../../stacks/profile/load';
import { assertOutputTarget, EXIT, outputFailure, parseFlags, UsageError, writeFileAtomic } from '../lib/cli';
import { buildPlan } from '../planning/plan';
import { analyse, SPREAD_TOLERANCE, type Analysis } from './analysis';
import { readResultsFolder, ResultsError, type FioResult } from './fio';
import { KIT_GENERATOR, KIT_MANIFEST } from './kit';
import { positiveNumberFlag, MAX_CLIENT_NIC_GBPS, type CommandIo } from './kit-command';
import { renderReportJson, renderReportMarkdown, REPORT_GENERATOR, REPORT_MARKER } from './render';

/** Usage text of the command. */
export const REPORT_USAGE = `Usage: npm run report -- --results <dir> [--profile <file>] [--out <file>] [--json] [--client-nic-gbps <Gbps>] [--allow-spread] [--note <text>]

  --results <dir>            the folder run.sh wrote (<client>/<job>.json)
  --profile <file>           the profile the kit was made for (default: $${PROFILE_ENV}, else stacks/profiles/default.yaml)
  --out <file>               write the report there (a new file, or a report this command wrote); default: stdout
  --json                     one JSON document instead of Markdown
  --client-nic-gbps <Gbps>   one client's expected NIC bandwidth (default: the kit's, else unknown)
  --allow-spread             write the report even when clients differ by more than ${SPREAD_TOLERANCE * 100}% from their median
  --note <text>              a line printed under the title (where and when the POC ran)
  -h, --help                 show this text

Environment: ${PROFILE_ENV} (the profile when --profile is not given).

Exit codes: 0 written, 2 bad flags, profile or results (nothing written), 3 the disk failed, 70 a bug.
`;

/** The flags report accepts. */
export const REPORT_FLAGS = {
  results: { type: 'string' },
  profile: { type: 'string' },
  out: { type: 'string' },
  json: { type: 'boolean' },
  'client-nic-gbps': { type: 'string' },
  'allow-spread': { type: 'boolean' },
  note: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** The kit manifest fields the report reads. */
interface ManifestFacts {
  readonly profile?: string;
  readonly clientNicGbps?: number;
}

function manifestFacts(manifest: unknown): ManifestFacts {
  if (typeof manifest !== 'object' || manifest === null) return {};
  const m = manifest as { generator?: unknown; profile?: unknown; assumptions?: { clientNicGbps?: unknown } };
  if (m.generator !== KIT_GENERATOR) return {};
  return {
    ...(typeof m.profile === 'string' ? { profile: m.profile } : {}),
    ...(typeof m.assumptions?.clientNicGbps === 'number' ? { clientNicGbps: m.assumptions.clientNicGbps } : {}),
  };
}

/**
 * Checks that every result and the kit manifest belong to the profile.
 *
 * @returns the problems found (empty when all belong).
 */
export function profileMismatches(
  profileName: string,
  results: readonly FioResult[],
  manifestProfile: string | undefined,
): string[] {
  const problems: string[] = [];
  const others = results.filter((r) => r.profileName !== profileName);
  const byProfile = new Map<string, string[]>();
  for (const r of others) byProfile.set(r.profileName, [...(byProfile.get(r.profileName) ?? []), r.file]);
  for (const [name, files] of byProfile) {
    problems.push(
      `${files.length} result(s) are from the kit of profile "${name}" (${files.slice(0, 3).join(', ')}${files.length > 3 ? ', …' : ''}), but the report is for profile "${profileName}": pass that profile with --profile, or the results of this profile's kit`,
    );
  }
  if (manifestProfile !== undefined && manifestProfile !== profileName) {
    problems.push(
      `${KIT_MANIFEST} is the kit of profile "${manifestProfile}", but the report is for profile "${profileName}"`,
    );
  }
  return problems;
}

/** Whether an existing file is a report this command wrote (and so may be replaced). */
export function isReportFile(path: string): boolean {
  try {
    const text = readFileSync(path, 'utf8');
    if (text.startsWith(REPORT_MARKER)) return true;
    const doc = JSON.parse(text) as { generator?: unknown };
    return doc.generator === REPORT_GENERATOR;
  } catch {
    return false;
  }
}

/**
 * Builds the analysis for a results folder: reads and checks the results, matches them to the profile, and
 * refuses wildly different clients unless `allowSpread`.
 *
 * @throws UsageError (exit 2) naming every problem.
 */
export function analyseResults(options: {
  readonly resultsDir: string;
  readonly resultsShownAs: string;
  readonly profilePath: string;
  readonly clientNicGbps?: number;
  readonly allowSpread?: boolean;
}): Analysis {
  const profile = loadProfile(options.profilePath);
  let folder: ReturnType<typeof readResultsFolder>;
  try {
    folder = readResultsFolder(options.resultsDir, options.resultsShownAs);
  } catch (e) {
    if (e instanceof ResultsError) throw new UsageError(`--results: ${e.message}`);
    throw e;
  }
  const facts = manifestFacts(folder.manifest);
  const mismatches = profileMismatches(profile.name, folder.results, facts.profile);
  if (mismatches.length > 0) {
    throw new UsageError(`--results ${options.resultsShownAs}: ${new ResultsError(mismatches).message}`);
  }
  const nic =
    options.clientNicGbps !== undefined
      ? { gbps: options.clientNicGbps, source: '--client-nic-gbps' }
      : facts.clientNicGbps !== undefined
        ? {
            gbps: facts.clientNicGbps,
            source: `${KIT_MANIFEST} assumptions.clientNicGbps (bench-kit --client-nic-gbps)`,
          }
        : undefined;
  const analysis = analyse(buildPlan(profile), profile.name, folder.results, nic ? { clientNic: nic } : {});
  const spread = analysis.jobs.filter((c) => c.aggregate.outliers.length > 0);
  if (spread.length > 0 && !options.allowSpread) {
    const lines = analysis.warnings.filter((w) => spread.some((c) => w.startsWith(`${c.job.id}: `)));
    throw new UsageError(
      `--results ${options.resultsShownAs}: clients differ wildly, and a sum would hide it:\n${lines.map((l) => `  - ${l}`).join('\n')}\nfind the cause (a client on a shared or slower VIP, a throttled client, a failed mount) and run again, or pass --allow-spread to write the report with every client shown`,
    );
  }
  return analysis;
}

/**
 * Runs the report command.
 *
 * @returns the exit code (0).
 * @throws UsageError or ProfileError (exit 2), OutsideError when the disk fails (exit 3).
 */
export function reportMain(
  argv: readonly string[],
  io: CommandIo = { stdout: (t) => process.stdout.write(t), env: process.env },
): number {
  const flags = parseFlags(argv, REPORT_FLAGS);
  if (flags.help) {
    io.stdout(REPORT_USAGE);
    return EXIT.ok;
  }
  if (!flags.results || flags.results.trim() === '') {
    throw new UsageError('--results <dir> is required: the folder run.sh wrote');
  }
  if (flags.out !== undefined && flags.out.trim() === '') throw new UsageError('--out must name a file, got ""');
  const clientNicGbps =
    flags['client-nic-gbps'] === undefined
      ? undefined
      : positiveNumberFlag('client-nic-gbps', flags['client-nic-gbps'], MAX_CLIENT_NIC_GBPS, false);
  const out = flags.out === undefined ? undefined : resolve(flags.out);
  const profilePath = resolveProfilePath(flags.profile, io.env);
  // A folder, a link, a device or the profile itself at --out is refused before anything is read.
  const outTarget =
    out === undefined ? undefined : ({ flag: '--out', path: out, kind: 'file', inputs: [profilePath] } as const);
  if (outTarget) assertOutputTarget(outTarget);
  if (out !== undefined && existsSync(out)) {
    if (!isReportFile(out)) {
      throw new UsageError(
        `--out ${flags.out} exists and is not a report written by npm run report: refusing to overwrite it; choose a new file`,
      );
    }
  }
  const resultsDir = resolve(flags.results);
  const analysis = analyseResults({
    resultsDir,
    resultsShownAs: flags.results,
    profilePath,
    ...(clientNicGbps === undefined ? {} : { clientNicGbps }),
    allowSpread: flags['allow-spread'] ?? false,
  });
  const renderOptions = { resultsShownAs: flags.results, ...(flags.note ? { note: flags.note } : {}) };
  const text = flags.json ? renderReportJson(analysis, renderOptions) : renderReportMarkdown(analysis, renderOptions);
  if (out === undefined) {
    io.stdout(text);
    return EXIT.ok;
  }
  try {
    writeFileAtomic(out, text, outTarget);
  } catch (e) {
    throw outputFailure('--out', flags.out!, e);
  }
  const shown = relative(process.cwd(), out);
  io.stdout(
    `${analysis.profileName}: report of ${analysis.jobs.length} job(s) on ${analysis.clients.length} client(s) -> ${shown.startsWith('..') ? out : shown}\n`,
  );
  return EXIT.ok;
}
