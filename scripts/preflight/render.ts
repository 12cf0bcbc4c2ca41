/**
 * Preflight output: the human table and verdict, the `--json` document, and a progress indicator for stderr.
 */
import type { CheckResult, PreflightReport } from './check';
import type { PreflightProfileIdentity } from './identity';

/** Context printed above the table (never contains a token). */
export interface RunContext {
  readonly profileName: string;
  readonly profilePath: string;
  readonly vmSize: string;
  readonly nodeCount: number;
  readonly endpoint: string;
  readonly credential: string;
}

/**
 * The `--json` document: the report, and under `profile` the identity of the profile it was made for (handoff
 * refuses a report whose identity differs from the profile it packages); pretty-printed, newline-terminated.
 */
export function renderJson(report: PreflightReport, profile?: PreflightProfileIdentity): string {
  const doc = {
    verdict: report.verdict,
    ...(profile === undefined ? {} : { profile }),
    subscription: report.subscription,
    location: report.location,
    zone: report.zone,
    physicalZone: report.physicalZone,
    checks: report.checks.map((c) => ({
      id: c.id,
      status: c.status,
      message: c.message,
      ...(c.remedy === undefined ? {} : { remedy: c.remedy }),
    })),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/** The width the human output wraps to when stdout is not a terminal (a file, a pipe, CI logs). */
export const DEFAULT_WIDTH = 80;

/** The width to wrap to: the terminal's columns on a TTY, else {@link DEFAULT_WIDTH}. */
export function outputWidth(stream: { readonly isTTY?: boolean; readonly columns?: number }): number {
  return stream.isTTY === true && typeof stream.columns === 'number' && stream.columns > 0
    ? stream.columns
    : DEFAULT_WIDTH;
}

/** How many VM sizes of a list the human output shows before "and N more" (closest first, as the checks order them). */
export const SIZES_SHOWN = 6;

/** A comma-separated list of two or more VM sizes in a check's message or remedy. */
const SIZE_LIST = /Standard_\w+(?:, Standard_\w+)+/g;

/**
 * A check's message and remedy for a person: each list of VM sizes is shown once (a remedy repeating the message's
 * list says "the sizes listed above") and capped at {@link SIZES_SHOWN} with "and N more". `--json` keeps the lists
 * whole.
 */
export function fitSizeLists(message: string, remedy?: string): { message: string; remedy?: string } {
  const seen = new Set<string>();
  const fit = (text: string): string =>
    text.replace(SIZE_LIST, (list) => {
      if (seen.has(list)) return 'the sizes listed above';
      seen.add(list);
      const sizes = list.split(', ');
      return sizes.length <= SIZES_SHOWN
        ? list
        : `${sizes.slice(0, SIZES_SHOWN).join(', ')} and ${sizes.length - SIZES_SHOWN} more`;
    });
  const shown = fit(message);
  return remedy === undefined ? { message: shown } : { message: shown, remedy: fit(remedy) };
}

/**
 * The human output: context lines, a table of check, status and message (messages wrapped to `width`, VM size lists
 * shown once and capped, see {@link fitSizeLists}), the remedies for what did not pass, and the verdict.
 *
 * @param width columns to wrap to; {@link outputWidth} of stdout. @default 80
 */
export function renderHuman(report: PreflightReport, context: RunContext, width = DEFAULT_WIDTH): string {
  const checks = report.checks.map((c) => ({ ...c, ...fitSizeLists(c.message, c.remedy) }));
  const lines: string[] = [];
  const contextLine = (text: string, indent: string): void => {
    wrap(text, width - indent.length - 2).forEach((t, i) => lines.push(`${indent}${i === 0 ? '' : '  '}${t}`));
  };
  contextLine(`Preflight for profile ${context.profileName} (${context.profilePath})`, '');
  contextLine(
    `subscription ${report.subscription}, location ${report.location}, zone ${report.zone}` +
      (report.physicalZone ? ` (physical ${report.physicalZone})` : ''),
    '  ',
  );
  contextLine(`${context.nodeCount} × ${context.vmSize}`, '  ');
  contextLine(`ARM endpoint ${context.endpoint}`, '  ');
  contextLine(`credential: ${context.credential}`, '  ');
  lines.push('');
  const idWidth = Math.max(5, ...report.checks.map((c) => c.id.length));
  const statusWidth = 6;
  const messageWidth = Math.max(40, width - idWidth - statusWidth - 4);
  lines.push(`${'CHECK'.padEnd(idWidth)}  ${'STATUS'.padEnd(statusWidth)}  MESSAGE`);
  lines.push(`${'-'.repeat(idWidth)}  ${'-'.repeat(statusWidth)}  ${'-'.repeat(Math.min(messageWidth, 60))}`);
  for (const c of checks) {
    const wrapped = wrap(c.message, messageWidth);
    wrapped.forEach((text, i) => {
      const head =
        i === 0
          ? `${c.id.padEnd(idWidth)}  ${c.status.toUpperCase().padEnd(statusWidth)}`
          : ' '.repeat(idWidth + 2 + statusWidth);
      lines.push(`${head}  ${text}`);
    });
  }
  const open = checks.filter((c): c is CheckResult & { remedy: string } => c.remedy !== undefined);
  if (open.length > 0) {
    lines.push('');
    lines.push('What to do:');
    for (const c of open) {
      wrap(`${c.id} (${c.status}): ${c.remedy}`, width - 4).forEach((text, i) =>
        lines.push(`${i === 0 ? '  - ' : '    '}${text}`),
      );
    }
  }
  const fails = report.checks.filter((c) => c.status === 'fail').length;
  const warns = report.checks.filter((c) => c.status === 'warn').length;
  lines.push('');
  lines.push(
    report.verdict === 'go'
      ? `Verdict: GO (${report.checks.length} checks, ${warns} warning${warns === 1 ? '' : 's'})`
      : `Verdict: NO-GO (${fails} of ${report.checks.length} checks failed, ${warns} warning${warns === 1 ? '' : 's'})`,
  );
  return `${lines.join('\n')}\n`;
}

function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      out.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line || out.length === 0) out.push(line);
  return out;
}

/** A one-line spinner on a TTY stream that shows how many ARM calls have finished. Does nothing elsewhere. */
export class Progress {
  private done = 0;
  private frame = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly inFlight = new Set<string>();

  constructor(
    private readonly stream: NodeJS.WriteStream,
    private readonly total: number,
  ) {}

  /** Whether the indicator draws anything (only on a TTY). */
  get active(): boolean {
    return this.stream.isTTY === true;
  }

  /** Starts drawing. */
  start(): void {
    if (!this.active) return;
    this.timer = setInterval(() => this.draw(), 100);
    this.timer.unref();
    this.draw();
  }

  /** Notes that a call started. */
  started(label: string): void {
    this.inFlight.add(label);
  }

  /** Notes that a call finished. */
  settled(label: string): void {
    this.inFlight.delete(label);
    this.done += 1;
    this.draw();
  }

  /** Stops and erases the line. */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    if (this.active) this.stream.write('\r\x1b[2K');
  }

  private draw(): void {
    if (!this.timer) return;
    const frames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
    this.frame = (this.frame + 1) % frames.length;
    const waiting = [...this.inFlight].slice(0, 3).join(', ');
    const text = `${frames[this.frame] ?? ''} asking Azure: ${this.done}/${this.total} calls done${waiting ? ` (waiting for ${waiting})` : ''}`;
    const cols = this.stream.columns || 80;
    this.stream.write(`\r\x1b[2K${text.slice(0, cols - 1)}`);
  }
}
