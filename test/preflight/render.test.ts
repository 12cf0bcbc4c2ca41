import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { Progress, renderJson } from '../../scripts/preflight/render';
import type { PreflightReport } from '../../scripts/preflight/check';

/** A writable that says it is a terminal, collecting what is written. */
function fakeTty(isTTY: boolean): { stream: NodeJS.WriteStream; text: () => string } {
  let text = '';
  const w = new Writable({
    write(chunk: Buffer, _enc, cb) {
      text += chunk.toString('utf8');
      cb();
    },
  });
  Object.assign(w, { isTTY, columns: 100 });
  return { stream: w as unknown as NodeJS.WriteStream, text: () => text };
}

describe('preflight progress indicator', () => {
  it('draws the calls done and erases itself on a terminal', () => {
    // GIVEN a terminal
    const tty = fakeTty(true);
    const progress = new Progress(tty.stream, 8);
    // WHEN a call starts and settles and progress stops
    progress.start();
    progress.started('SKU list uksouth');
    progress.settled('SKU list uksouth');
    progress.stop();
    // THEN it showed the count and ended by clearing the line
    expect(tty.text()).toContain('asking Azure: 1/8 calls done');
    expect(tty.text().endsWith('\r\x1b[2K')).toBe(true);
  });

  it('writes nothing when the stream is not a terminal', () => {
    // GIVEN a pipe
    const pipe = fakeTty(false);
    const progress = new Progress(pipe.stream, 8);
    // WHEN it runs through a call
    progress.start();
    progress.started('locations');
    progress.settled('locations');
    progress.stop();
    // THEN nothing was written
    expect(pipe.text()).toBe('');
  });
});

describe('preflight JSON document', () => {
  it('leaves out the remedy of a passing check', () => {
    // GIVEN a report with one passing and one failing check
    const report: PreflightReport = {
      verdict: 'no-go',
      subscription: 's',
      location: 'uksouth',
      zone: '1',
      physicalZone: null,
      checks: [
        { id: 'providers', status: 'pass', message: 'ok' },
        { id: 'storage-name', status: 'fail', message: 'taken', remedy: 'rename' },
      ],
    };
    // WHEN rendered
    const doc = JSON.parse(renderJson(report)) as PreflightReport;
    // THEN only the failing check has a remedy, and the keys are the contract's
    expect(Object.keys(doc)).toEqual(['verdict', 'subscription', 'location', 'zone', 'physicalZone', 'checks']);
    expect(doc.checks[0]).toEqual({ id: 'providers', status: 'pass', message: 'ok' });
    expect(doc.checks[1]).toEqual({ id: 'storage-name', status: 'fail', message: 'taken', remedy: 'rename' });
  });
});
