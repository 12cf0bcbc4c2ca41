import { describe, expect, it } from 'vitest';
import { benchMain } from '../../scripts/bench/command';
import { EXIT, failureExitCode, nearestName, parseFlags, UsageError } from '../../scripts/lib/cli';
import { synthMain } from '../../scripts/synth/command';

const sink = { write: () => true };

function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a failure');
}

describe('nearestName', () => {
  it('suggests the candidate one edit away', () => {
    // GIVEN a flag with one letter missing
    // WHEN the nearest name is asked for
    // THEN it is the flag meant
    expect(nearestName('jsn', ['profile', 'json', 'csv'])).toBe('json');
  });

  it('counts a swap of neighbouring letters as one edit', () => {
    expect(nearestName('profiel', ['profile', 'out'])).toBe('profile');
  });

  it('suggests nothing when no candidate is close', () => {
    // GIVEN a name far from every candidate
    // THEN there is no suggestion rather than a misleading one
    expect(nearestName('xyz', ['profile', 'json', 'csv'])).toBeUndefined();
  });

  it('suggests nothing for a one-letter name', () => {
    expect(nearestName('x', ['h'])).toBeUndefined();
  });

  it('prefers the closest candidate', () => {
    expect(nearestName('outt', ['output', 'out'])).toBe('out');
  });
});

describe('parseFlags', () => {
  it('fails when a flag is unknown, naming it and the nearest valid flag (exit 2)', () => {
    // GIVEN a mistyped flag
    // WHEN the flags are parsed
    const e = thrown(() => parseFlags(['--jsn'], { json: { type: 'boolean' }, csv: { type: 'string' } }));
    // THEN it is a usage error naming the flag, the suggestion and the allowed flags
    expect(e).toBeInstanceOf(UsageError);
    expect(failureExitCode(e)).toBe(EXIT.input);
    expect(e.message).toBe("Unknown option '--jsn' (did you mean --json?). Allowed flags: --json, --csv <value>");
  });

  it('fails when a flag is unknown and nothing is close, without a suggestion', () => {
    const e = thrown(() => parseFlags(['--yes'], { json: { type: 'boolean' }, profile: { type: 'string' } }));
    expect(e.message).toBe("Unknown option '--yes'. Allowed flags: --json, --profile <value>");
  });

  it('fails when a command gets a mistyped flag, suggesting the right one', () => {
    // GIVEN synth with --profle
    const e = thrown(() => synthMain(['--profle', 'x.yaml'], {}, sink, sink));
    // THEN the message suggests --profile
    expect(e.message).toContain("Unknown option '--profle' (did you mean --profile?)");
  });
});

describe('bench names', () => {
  it('fails when a benchmark name is unknown, naming the nearest benchmark, and runs nothing (exit 2)', () => {
    // GIVEN a mistyped benchmark name
    const runs: string[] = [];
    // WHEN bench runs
    const e = thrown(() => benchMain(['sytnh'], { out: sink, err: sink, run: (f) => (runs.push(f), 0) }));
    // THEN it is a usage error naming the name and the nearest one, and no benchmark ran
    expect(e).toBeInstanceOf(UsageError);
    expect(e.message).toBe('unknown benchmark "sytnh" (did you mean synth?); benchmarks: preflight, synth');
    expect(runs).toEqual([]);
  });

  it('runs only the benchmark named', () => {
    // GIVEN a valid name
    const runs: string[] = [];
    // WHEN bench runs with it
    const code = benchMain(['synth'], { out: sink, err: sink, run: (f) => (runs.push(f), 0) });
    // THEN that benchmark alone runs and the exit code is 0
    expect(code).toBe(0);
    expect(runs.map((f) => f.replace(/^.*[\\/]/, ''))).toEqual(['synth.bench.ts']);
  });

  it('exits 1 when a benchmark fails', () => {
    const code = benchMain([], { out: sink, err: sink, run: () => 1 });
    expect(code).toBe(EXIT.negative);
  });
});
