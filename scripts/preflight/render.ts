/**
 * Preflight output: the human table and verdict, the `--json` document, and a progress indicator for stderr.
 */
import type { CheckResult, PreflightReport } from './checks';
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

/**
 * The human output: context lines, a table of check, status and message (messages wrapped to `width`), the
 * remedies for what did not pass, and the verdict.
 */
export function renderHuman(report: PreflightReport, context: RunContext, width = 120): string {
  const lines: string[] = [];
  lines.push(`Preflight for profile ${context.profileName} (${context.profilePath})`);
  lines.push(
    `  subscription ${report.subscription}, location ${report.location}, zone ${report.zone}` +
      (report.physicalZone ? ` (physical ${report.physicalZone})` : ''),
  );
  lines.push(`  ${context.nodeCount} × ${context.vmSize}`);
  lines.push(`  ARM endpoint ${context.endpoint}`);
  lines.push(`  credential: ${context.credential}`);
  lines.push('');
  const idWidth = Math.max(5, ...report.checks.map((c) => c.id.length));
  const statusWidth = 6;
  const messageWidth = Math.max(40, width - idWidth - statusWidth - 4);
  lines.push(`${'CHECK'.padEnd(idWidth)}  ${'STATUS'.padEnd(statusWidth)}  MESSAGE`);
  lines.push(`${'-'.repeat(idWidth)}  ${'-'.repeat(statusWidth)}  ${'-'.repeat(Math.min(messageWidth, 60))}`);
  for (const c of report.checks) {
    const wrapped = wrap(c.message, messageWidth);
    wrapped.forEach((text, i) => {
      const head =
        i === 0
          ? `${c.id.padEnd(idWidth)}  ${c.status.toUpperCase().padEnd(statusWidth)}`
          : ' '.repeat(idWidth + 2 + statusWidth);
      lines.push(`${head}  ${text}`);
    });
  }
  const open = report.checks.filter((c): c is CheckResult & { remedy: string } => c.remedy !== undefined);
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
