/**
 * Renders a plan: readable terminal tables, one JSON document, and CSV rows for a spreadsheet.
 */
import { REGIONAL_ZONE } from '../../constructs/compute/fault-domains';
import { METRIC_SECTIONS, type Metric } from './metrics';
import type { Plan } from './plan';

/** The metric row type, re-exported for renderers outside the planner (the handoff bundle). */
export type { Metric } from './metrics';

const SECTION_TITLES: ReadonlyMap<string, string> = new Map(METRIC_SECTIONS);

/**
 * Formats a metric value for a person: `unknown` for `null`, yes/no for booleans, grouped digits for numbers (one
 * decimal from 1000 up, three from 1, four significant digits below 1 so small unit prices stay visible).
 */
export function formatValue(value: Metric['value']): string {
  if (value === null) return 'unknown';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'string') return value;
  const abs = Math.abs(value);
  if (abs > 0 && abs < 1) return value.toLocaleString('en-GB', { maximumSignificantDigits: 4 });
  return value.toLocaleString('en-GB', { maximumFractionDigits: abs >= 1000 ? 1 : 3 });
}

/**
 * The terminal report: a heading, then one table per section (metric, scenario, value, unit, a footnote number) with
 * the footnotes (source or formula of each figure) under it, then the caveats and notes.
 */
export function renderText(plan: Plan): string {
  const p = plan.profile;
  const lines: string[] = [];
  lines.push(
    `VAST on Azure plan: ${p.name} — ${p.nodeCount} × ${p.vmSize} in ${p.location} ${p.zone === REGIONAL_ZONE ? 'with no zone (regional)' : `zone ${p.zone}`}, placement ${p.placementMode}`,
    `Layout ${plan.layout.name} (k=${plan.layout.k}, m=${plan.layout.m}); prices: ${priceHeader(plan)}`,
    '',
  );
  const sections = [...new Set(plan.metrics.map((m) => m.section))];
  for (const section of sections) {
    const rows = plan.metrics.filter((m) => m.section === section);
    const notes: string[] = [];
    const table = rows.map((m) => {
      let n = notes.indexOf(m.source);
      if (n < 0) n = notes.push(m.source) - 1;
      return [m.metric, m.scenario === 'cluster' ? '' : m.scenario, formatValue(m.value), m.unit, `[${n + 1}]`];
    });
    lines.push(`== ${SECTION_TITLES.get(section) ?? section} ==`);
    lines.push(
      ...formatTable(['metric', 'scenario', 'value', 'unit', 'src'], table, [false, false, true, false, false]),
    );
    lines.push(...notes.map((s, i) => `  [${i + 1}] ${s}`));
    if (section === 'layout') lines.push(...plan.layout.caveats.map((c) => `  ! ${c}`));
    lines.push('');
  }
  lines.push('== Notes ==', ...plan.notes.map((n) => `  - ${n}`), '');
  return lines.join('\n');
}

/**
 * Where the prices come from, naming the profile's region; when the price book is for another region (the dated
 * table is for one region only), both are named so no one reads one region's prices as another's.
 */
export function priceHeader(plan: Plan): string {
  const { origin, region, currency } = plan.prices;
  const source = origin === 'live' ? 'Azure Retail Prices API' : 'dated price table';
  const location = plan.profile.location;
  return region === location
    ? `${source} (${location}, ${currency})`
    : `${source} for ${region}, not ${location} where the profile deploys (${currency}; --live-prices prices ${location})`;
}

/** Lays out rows as an aligned text table with a header rule. */
export function formatTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  rightAlign: readonly boolean[],
): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const fmt = (r: readonly string[]): string =>
    r
      .map((cell, i) => (rightAlign[i] ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [fmt(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(fmt)];
}

/**
 * The JSON document: the whole plan, numbers rounded to 6 decimals. Carries `layout: { mode, k, m, faultDomains }`,
 * `capacity: { rawTB, usableTB }`, `throughput: { networkGBps }`, `amlfs` (one entry per tier) and `sources`.
 */
export function renderJson(plan: Plan): string {
  return `${JSON.stringify(plan, (_key, value: unknown) => (typeof value === 'number' ? Math.round(value * 1e6) / 1e6 : value), 2)}\n`;
}

/** CSV columns, in order. */
export const CSV_COLUMNS = ['section', 'metric', 'scenario', 'value', 'unit', 'source', 'id'] as const;

/**
 * The UTF-8 byte-order mark the CSV starts with: without it Excel reads the file in the system's ANSI code page and
 * garbles the non-ASCII characters of sources and units ("≥", "×", "§").
 */
export const CSV_BOM = '\uFEFF';

/**
 * CSV for a spreadsheet (RFC 4180: comma-separated, CRLF line ends, fields quoted when they hold a comma, quote or
 * line break), starting with {@link CSV_BOM}: one row per metric and scenario with unit and source. Unknown values
 * are written `unknown`, booleans `true`/`false`.
 */
export function renderCsv(plan: Plan): string {
  const rows = plan.metrics.map((m) => [
    m.section,
    m.metric,
    m.scenario,
    m.value === null ? 'unknown' : String(m.value),
    m.unit,
    m.source,
    m.id,
  ]);
  return CSV_BOM + [[...CSV_COLUMNS], ...rows].map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
