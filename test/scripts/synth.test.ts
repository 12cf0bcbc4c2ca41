import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { synthMain } from '../../scripts/synth/command';
import { commandEnv, ROOT, runInProcess, runScript, type RunResult } from '../support/run';

/**
 * Runs synth's main function in this process, from `cwd`. The two tests of the CLI's wiring (exit 0 with the
 * output in place, exit 2 with nothing written) use `runScript` and a child process instead.
 */
function synth(args: readonly string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<RunResult> {
  const env = commandEnv(opts.env);
  return runInProcess((out, err) => synthMain(args, env, out, err), opts.cwd ? { cwd: opts.cwd } : {});
}

describe('npm run synth', () => {
  it('writes the default profile to cdktf.out/stacks/<name>/cdk.tf.json', async () => {
    // GIVEN an empty working folder WHEN synth runs with no arguments
    const cwd = mkdtempSync(join(tmpdir(), 'synth-'));
    const r = await runScript('scripts/synth.ts', [], { cwd });
    // THEN it succeeds and writes the stack named after the default profile
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^vast-poc: \d+ resources -> cdktf\.out\/stacks\/vast-poc\/cdk\.tf\.json\n$/);
    const json = JSON.parse(readFileSync(join(cwd, 'cdktf.out/stacks/vast-poc/cdk.tf.json'), 'utf8'));
    expect(Object.keys(json.resource)).toContain('azurerm_orchestrated_virtual_machine_scale_set');
    expect(readdirSync(join(cwd, 'cdktf.out')).sort()).toEqual(['manifest.json', 'stacks']);
  });

  it('synthesizes the profile named by --profile', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'synth-'));
    const r = await synth(['--profile', join(ROOT, 'stacks/profiles/fault-domains.yaml')], { cwd });
    expect(r.code).toBe(0);
    expect(existsSync(join(cwd, 'cdktf.out/stacks/vast-poc-fd/cdk.tf.json'))).toBe(true);
  });

  it('fails when the profile is invalid, with exit code 2 and nothing written', async () => {
    // GIVEN a profile with a zone outside 1-3
    const cwd = mkdtempSync(join(tmpdir(), 'synth-'));
    const base = readFileSync(join(ROOT, 'stacks/profiles/default.yaml'), 'utf8');
    writeFileSync(join(cwd, 'bad.yaml'), base.replace('zone: "1"', 'zone: "4"'));
    // WHEN synth runs on it
    const r = await runScript('scripts/synth.ts', ['--profile', 'bad.yaml'], { cwd });
    // THEN the error names the field, the value and what is allowed; nothing is written; no stack trace
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('zone must be one of "1", "2", "3", got "4"');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(cwd, 'cdktf.out'))).toBe(false);
  });

  it('fails when a flag is unknown, naming the allowed flags', async () => {
    const r = await synth(['--profiel', 'x']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Unknown option '--profiel'.*Allowed flags: --profile <value>, --out <value>/);
  });

  it("fails when --out cannot be written, as the user's input and without a stack trace", async () => {
    // GIVEN --out below a plain file
    const cwd = mkdtempSync(join(tmpdir(), 'synth-'));
    writeFileSync(join(cwd, 'a-file'), 'x');
    // WHEN synth runs
    const r = await synth(['--out', 'a-file/out'], { cwd });
    // THEN exit 2 names the flag and the reason
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: --out a-file\/out cannot be written: ENOTDIR at /);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('reads the profile from VAST_PROFILE when no flag is given', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'synth-'));
    const r = await synth([], {
      cwd,
      env: { VAST_PROFILE: join(ROOT, 'stacks/profiles/fault-domains.yaml') },
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^vast-poc-fd: /);
  });
});
