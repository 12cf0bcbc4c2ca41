/**
 * The preflight evidence of the bundle: a preflight report (`npm run preflight -- --json`, see docs/preflight.md)
 * validated for shape, copied as `preflight.json` and summarised in `PREFLIGHT.md` for a change board, with the
 * subscription's logical → physical zone mapping.
 */
import { jsonSyntaxProblem } from '../../lib/json';
import { showInput } from '../../stacks/profile/strings';
import type { CheckResult, PreflightReport } from '../preflight/check';
import { IDENTITY_FIELDS, type PreflightProfileIdentity } from '../preflight/identity';
import { markdownText } from './markdown';
import { stableJson } from './terraform';

/**
 * One check of a preflight report read from a file: the preflight command's {@link CheckResult}, with the fields
 * the bundle validates for shape only widened (a report from another toolkit version may name other checks and
 * statuses; `remedy` may be null).
 */
export type PreflightCheck = Omit<CheckResult, 'id' | 'status' | 'remedy'> & {
  readonly id: string;
  readonly status: string;
  readonly remedy?: string | null;
};

/**
 * The parts of a preflight report file the bundle reads (other fields are kept in the copy): the preflight command's
 * {@link PreflightReport}, with `verdict` any string, `subscription` also accepted as an object naming it, and
 * checks as {@link PreflightCheck}.
 */
export type PreflightReportFile = Omit<PreflightReport, 'verdict' | 'subscription' | 'checks'> & {
  readonly verdict: string;
  /** The subscription id, or an object naming it. */
  readonly subscription: string | { readonly id?: string; readonly name?: string; readonly displayName?: string };
  readonly checks: readonly PreflightCheck[];
  /** The profile the report was made for; absent in reports made before preflight recorded it. */
  readonly profile?: PreflightProfileIdentity;
};

/** A preflight report that does not have the expected shape; lists every problem. */
export class PreflightReportError extends Error {
  constructor(
    readonly source: string,
    readonly problems: readonly string[],
  ) {
    super(`${source} is not a preflight report:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'PreflightReportError';
  }
}

/**
 * Parses and validates a preflight report.
 *
 * @param text the file's contents.
 * @param source how to name the file in errors.
 * @throws PreflightReportError when the text is not JSON or lacks a field, naming each problem.
 */
export function parsePreflightReport(text: string, source: string): { report: PreflightReportFile; data: unknown } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new PreflightReportError(source, [
      `it is not valid JSON (${jsonSyntaxProblem(e, text)}): give the file \`npm run preflight -- --json\` wrote`,
    ]);
  }
  const problems: string[] = [];
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new PreflightReportError(source, [`it must be a JSON object, got ${showInput(data)}`]);
  }
  const o = data as Record<string, unknown>;
  const str = (key: string, nullable = false): void => {
    const v = o[key];
    if (nullable && v === null) return;
    if (typeof v !== 'string' || v === '')
      problems.push(`${key} must be a non-empty string${nullable ? ' or null' : ''}, got ${showInput(v)}`);
  };
  str('verdict');
  str('location');
  str('zone');
  str('physicalZone', true);
  const sub = o.subscription;
  if (!(typeof sub === 'string' && sub !== '') && !(sub !== null && typeof sub === 'object' && !Array.isArray(sub))) {
    problems.push(`subscription must be a subscription id or an object naming it, got ${showInput(sub)}`);
  }
  if (!Array.isArray(o.checks)) {
    problems.push(`checks must be a list of {id, status, message, remedy}, got ${showInput(o.checks)}`);
  } else {
    o.checks.forEach((c: unknown, i) => {
      if (c === null || typeof c !== 'object' || Array.isArray(c)) {
        problems.push(`checks[${i}] must be an object, got ${showInput(c)}`);
        return;
      }
      const check = c as Record<string, unknown>;
      for (const key of ['id', 'status', 'message']) {
        if (typeof check[key] !== 'string' || check[key] === '')
          problems.push(`checks[${i}].${key} must be a non-empty string, got ${showInput(check[key])}`);
      }
      const remedy = check.remedy;
      if (remedy !== undefined && remedy !== null && typeof remedy !== 'string') {
        problems.push(`checks[${i}].remedy must be a string when present, got ${showInput(remedy)}`);
      }
    });
  }
  if (o.profile !== undefined) {
    const id = o.profile;
    if (id === null || typeof id !== 'object' || Array.isArray(id)) {
      problems.push(`profile must be an object naming the profile the report was made for, got ${showInput(id)}`);
    } else {
      const fields = id as Record<string, unknown>;
      for (const key of ['name', 'location', 'zone', 'vmSize', 'sha256']) {
        if (typeof fields[key] !== 'string' || fields[key] === '')
          problems.push(`profile.${key} must be a non-empty string, got ${showInput(fields[key])}`);
      }
      if (!Number.isInteger(fields.nodeCount) || (fields.nodeCount as number) < 1)
        problems.push(`profile.nodeCount must be a whole number of at least 1, got ${showInput(fields.nodeCount)}`);
    }
  }
  if (problems.length > 0) throw new PreflightReportError(source, problems);
  return { report: data as PreflightReportFile, data };
}

/**
 * Why a report must not travel with this profile without the user's say-so: a verdict other than `go`, no recorded
 * profile, or a profile name, region, zone, VM size or node count that differs from the profile being handed off
 * (the subscription-independent facts preflight proved). One sentence per difference, naming both values; empty
 * when the report fits. A changed profile file with the same facts (the `sha256` differs) is not a mismatch; see
 * {@link preflightProfileChanged}.
 */
export function preflightMismatches(report: PreflightReportFile, profile: PreflightProfileIdentity): string[] {
  const out: string[] = [];
  if (report.verdict !== 'go') out.push(`the report's verdict is ${JSON.stringify(report.verdict)}, not "go"`);
  const made = report.profile;
  if (made === undefined) {
    out.push(
      'the report does not record the profile it was made for (made by an older preflight); run preflight again',
    );
    // The report's own location and zone can still be compared.
    if (report.location !== profile.location)
      out.push(`region: report ${JSON.stringify(report.location)}, profile ${JSON.stringify(profile.location)}`);
    if (report.zone !== profile.zone)
      out.push(`zone: report ${JSON.stringify(report.zone)}, profile ${JSON.stringify(profile.zone)}`);
    return out;
  }
  for (const [key, label] of Object.entries(IDENTITY_FIELDS) as [keyof typeof IDENTITY_FIELDS, string][]) {
    if (made[key] !== profile[key]) {
      out.push(`${label}: report ${JSON.stringify(made[key])}, profile ${JSON.stringify(profile[key])}`);
    }
  }
  return out;
}

/** Whether the profile file changed since the report was made (its SHA-256 differs), when the report says. */
export function preflightProfileChanged(report: PreflightReportFile, profile: PreflightProfileIdentity): boolean {
  return report.profile !== undefined && report.profile.sha256 !== profile.sha256;
}

/** The copy of the report in the bundle: the same data, keys sorted. */
export function renderPreflightJson(data: unknown): string {
  return stableJson(data);
}

/** What the change board reads. */
export interface PreflightContext {
  /** The profile's location and zone, to compare with the report's. */
  readonly location: string;
  readonly zone: string;
}

/** Renders PREFLIGHT.md. */
export function renderPreflightMarkdown(report: PreflightReportFile, context: PreflightContext): string {
  const sub =
    typeof report.subscription === 'string'
      ? report.subscription
      : [report.subscription.displayName ?? report.subscription.name, report.subscription.id]
          .filter(Boolean)
          .join(' — ') || JSON.stringify(report.subscription);
  const counts = new Map<string, number>();
  for (const c of report.checks) counts.set(c.status, (counts.get(c.status) ?? 0) + 1);
  const lines = [
    '# Preflight evidence',
    '',
    'What Azure said about this subscription before the cluster was applied, from the preflight report',
    '`preflight.json` in this bundle (generated by `npm run preflight`; see the toolkit’s docs/preflight.md).',
    '',
    '| | |',
    '|---|---|',
    `| Verdict | **${cell(report.verdict)}** |`,
    `| Subscription | ${cell(sub)} |`,
    `| Location | ${cell(report.location)} |`,
    `| Logical zone | ${cell(report.zone)} |`,
    `| Physical zone | ${cell(report.physicalZone ?? 'not reported')} |`,
    `| Checks | ${[...counts.entries()].map(([s, n]) => `${n} ${cell(s)}`).join(', ') || 'none'} |`,
    '',
    '## Zone mapping',
    '',
    `Logical zones are per subscription: zone ${cell(report.zone)} in this subscription is physical zone ` +
      `${cell(report.physicalZone ?? '(not reported)')}. To place a workload from another subscription (a GPU cluster, ` +
      'a client fleet) in the same datacentre, map its logical zone to the same physical zone with ' +
      '`az rest --method get --url "https://management.azure.com/subscriptions/<id>/locations?api-version=2022-12-01"` ' +
      '(`availabilityZoneMappings`).',
  ];
  if (report.location !== context.location || report.zone !== context.zone) {
    lines.push(
      '',
      `> **Mismatch:** the report was made for ${cell(report.location)} zone ${cell(report.zone)}, but this ` +
        `configuration deploys to ${cell(context.location)} zone ${cell(context.zone)}. Run preflight again for this profile.`,
    );
  }
  lines.push('', '## Checks', '', '| Check | Status | Finding | Remedy |', '|---|---|---|---|');
  for (const c of report.checks) {
    lines.push(`| ${cell(c.id)} | ${cell(c.status)} | ${cell(c.message)} | ${cell(c.remedy ?? '—')} |`);
  }
  return `${lines.join('\n')}\n`;
}

/** A report string in the document: it comes from outside, so it is escaped (no HTML, links or control codes). */
function cell(text: string): string {
  return markdownText(text);
}
