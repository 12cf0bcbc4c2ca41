/**
 * Every command that writes a file refuses a target that is not a regular file (a folder, `/dev/null`, a FIFO, a
 * link) and its own input, with a usage error (exit 2), before writing anything (issue 10, item 3).
 */
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runHandoff } from '../../scripts/handoff/command';
import { assertOutputTarget, EXIT, failureExitCode, UsageError, writeFileAtomic } from '../../scripts/lib/cli';
import { planMain } from '../../scripts/planning/command';
import { DEFAULT_PROFILE_PATH } from '../../stacks/profile/load';
import { rejection } from '../support/failures';

function scratch(): string {
  return mkdtempSync(join(tmpdir(), 'output-targets-'));
}

/** A profile file of its own, so a test can prove it was not overwritten. */
function profileCopy(dir: string): string {
  const path = join(dir, 'profile.yaml');
  copyFileSync(DEFAULT_PROFILE_PATH, path);
  return path;
}

const quiet = { stdout: () => undefined, env: {} };

describe('assertOutputTarget', () => {
  it('accepts a path that does not exist yet and an existing regular file', () => {
    // GIVEN a new path and a regular file WHEN checked THEN neither is refused
    const dir = scratch();
    writeFileSync(join(dir, 'old.csv'), 'x');
    expect(() => assertOutputTarget({ flag: '--csv', path: join(dir, 'new.csv'), kind: 'file' })).not.toThrow();
    expect(() => assertOutputTarget({ flag: '--csv', path: join(dir, 'old.csv'), kind: 'file' })).not.toThrow();
  });

  it('fails when a file target is /dev/null, naming it a character device', () => {
    expect(() => assertOutputTarget({ flag: '--csv', path: '/dev/null', kind: 'file' })).toThrow(
      /--csv must name a regular file, but \/dev\/null is a character device/,
    );
  });

  it('fails when a file target is a FIFO', () => {
    // GIVEN a FIFO WHEN checked as a file target THEN refused as a usage error
    const fifo = join(scratch(), 'pipe');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    expect(() => assertOutputTarget({ flag: '--csv', path: fifo, kind: 'file' })).toThrow(/is a FIFO/);
  });

  it('fails when a file target is a folder', () => {
    expect(() => assertOutputTarget({ flag: '--csv', path: scratch(), kind: 'file' })).toThrow(UsageError);
  });

  it('fails when the target is a symbolic link', () => {
    // GIVEN a link to a regular file WHEN checked THEN refused (writing would replace the link)
    const dir = scratch();
    writeFileSync(join(dir, 'real.csv'), 'x');
    symlinkSync(join(dir, 'real.csv'), join(dir, 'link.csv'));
    expect(() => assertOutputTarget({ flag: '--csv', path: join(dir, 'link.csv'), kind: 'file' })).toThrow(
      /is a symbolic link/,
    );
  });

  it('fails when the target is one of the inputs, also through another path', () => {
    // GIVEN the profile reached through a hard link WHEN checked against the profile THEN refused
    const dir = scratch();
    const profile = profileCopy(dir);
    spawnSync('ln', [profile, join(dir, 'same.yaml')]);
    expect(() =>
      assertOutputTarget({ flag: '--csv', path: join(dir, 'same.yaml'), kind: 'file', inputs: [profile] }),
    ).toThrow(/refusing to overwrite its own input/);
  });
});

describe('writeFileAtomic', () => {
  it('fails when the target is a FIFO, leaving no temporary file', () => {
    // GIVEN a FIFO WHEN written atomically THEN refused, the FIFO is still a FIFO
    const dir = scratch();
    const fifo = join(dir, 'pipe');
    spawnSync('mkfifo', [fifo]);
    expect(() => writeFileAtomic(fifo, 'x')).toThrow(UsageError);
    expect(statSync(fifo).isFIFO()).toBe(true);
  });

  it('removes a temporary file a killed run left beside the target', () => {
    // GIVEN ".<name>.<dead pid>.tmp" beside the target WHEN the file is written THEN only the target remains
    const dir = scratch();
    writeFileSync(join(dir, '.plan.csv.999999999.tmp'), 'half');
    writeFileAtomic(join(dir, 'plan.csv'), 'whole');
    expect(existsSync(join(dir, '.plan.csv.999999999.tmp'))).toBe(false);
    expect(readFileSync(join(dir, 'plan.csv'), 'utf8')).toBe('whole');
  });
});

describe('plan --csv', () => {
  it('fails with exit 2 when the CSV path is the profile itself, leaving the profile unchanged', async () => {
    // GIVEN a profile WHEN plan is asked to write its CSV over that profile
    const dir = scratch();
    const profile = profileCopy(dir);
    const before = readFileSync(profile, 'utf8');
    const e = await rejection(planMain(['--profile', profile, '--csv', profile], quiet));
    // THEN it is a usage error naming the input, and the profile is intact
    expect(e).toBeInstanceOf(UsageError);
    expect(failureExitCode(e)).toBe(EXIT.input);
    expect((e as Error).message).toContain('refusing to overwrite its own input');
    expect(readFileSync(profile, 'utf8')).toBe(before);
  });

  it('fails with exit 2 when the CSV path is /dev/null', async () => {
    const e = await rejection(planMain(['--csv', '/dev/null'], quiet));
    expect(failureExitCode(e)).toBe(EXIT.input);
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
  });

  it('fails with exit 2, not 3, when the CSV path is a folder', async () => {
    const e = await rejection(planMain(['--csv', scratch()], quiet));
    expect(failureExitCode(e)).toBe(EXIT.input);
    expect((e as Error).message).toMatch(/--csv must name a regular file, but .* is a folder/);
  });

  it('fails with exit 2 when the CSV folder cannot be created because a file is in the way', async () => {
    // GIVEN a file where the CSV's folder would go WHEN plan writes the CSV THEN exit 2
    const dir = scratch();
    writeFileSync(join(dir, 'reports'), 'x');
    const e = await rejection(planMain(['--csv', join(dir, 'reports', 'plan.csv')], quiet));
    expect(failureExitCode(e)).toBe(EXIT.input);
  });

  it('writes the CSV to a new regular file', async () => {
    const path = join(scratch(), 'plan.csv');
    await planMain(['--csv', path], quiet);
    expect(readFileSync(path, 'utf8').split('\n')[0]).toContain(',');
  });
});

describe('handoff --out', () => {
  it('fails with exit 2 when --out is the profile file, before synthesizing', async () => {
    // GIVEN a profile WHEN the bundle is to be written over it THEN usage error, profile intact
    const dir = scratch();
    const profile = profileCopy(dir);
    const before = readFileSync(profile, 'utf8');
    const e = await rejection(runHandoff(['--profile', profile, '--out', profile], {}));
    expect(failureExitCode(e)).toBe(EXIT.input);
    expect((e as Error).message).toMatch(/--out must name a folder/);
    expect(readFileSync(profile, 'utf8')).toBe(before);
  });

  it('fails with exit 2 when --out is /dev/null', async () => {
    const e = await rejection(runHandoff(['--out', '/dev/null', '--force'], {}));
    expect(failureExitCode(e)).toBe(EXIT.input);
    expect((e as Error).message).toContain('/dev/null is a character device');
  });

  it('fails with exit 2 when --out is a link to a folder', async () => {
    const dir = scratch();
    mkdirSync(join(dir, 'real'));
    symlinkSync(join(dir, 'real'), join(dir, 'link'));
    const e = await rejection(runHandoff(['--out', join(dir, 'link')], {}));
    expect(failureExitCode(e)).toBe(EXIT.input);
    expect((e as Error).message).toContain('is a symbolic link');
  });
});
