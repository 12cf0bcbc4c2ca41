/**
 * Prints one plain closing line, `tests: N passed, N failed, N skipped`, after vitest's own summary, so that any
 * tool reading the end of the log can tell how many tests ran.
 */
import type { Reporter } from 'vitest/reporters';

type Task = { type: string; mode?: string; result?: { state?: string }; tasks?: Task[] };

function count(tasks: readonly Task[], acc = { passed: 0, failed: 0, skipped: 0 }) {
  for (const t of tasks) {
    if (t.tasks) count(t.tasks, acc);
    if (t.type !== 'test') continue;
    const state = t.result?.state;
    if (state === 'pass') acc.passed += 1;
    else if (state === 'fail') acc.failed += 1;
    else acc.skipped += 1;
  }
  return acc;
}

export default class SummaryReporter implements Reporter {
  onFinished(files: unknown[] = [], errors: unknown[] = []): void {
    const c = count(files as Task[]);
    const failed = c.failed + (errors.length > 0 && c.failed === 0 ? errors.length : 0);
    process.stdout.write(`\ntests: ${c.passed} passed, ${failed} failed, ${c.skipped} skipped\n`);
  }
}
