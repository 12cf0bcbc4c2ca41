// Issue 13: `npm run plan --json` (without `--`) must not silently print the table. npm keeps flags before `--` as
// its own settings (npm_config_<flag>); a command refuses when one of its own flags was kept that way.
import { execFile } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { npmSwallowedFlagsProblem, parseFlags, UsageError } from '../../scripts/lib/cli';
import { PLAN_FLAGS } from '../../scripts/planning/command';
import { commandEnv, ROOT } from '../support/run';

/** What npm exports while running `npm run plan` (the settings it always exports included). */
const NPM_RUN_PLAN = {
  npm_lifecycle_event: 'plan',
  npm_lifecycle_script: 'node bin/run.mjs scripts/plan.ts',
  npm_config_cache: '/home/u/.npm',
  npm_config_user_agent: 'npm/11.19.1 node/v20.20.2 linux x64 workspaces/false',
  npm_config_prefix: '/usr',
  npm_config_yes: '',
} as const;

const OPTIONS = {
  json: { type: 'boolean' },
  out: { type: 'string' },
  'live-prices': { type: 'boolean' },
  profile: { type: 'string' },
} as const;

describe('flags npm kept for itself (npmSwallowedFlagsProblem)', () => {
  it('accepts a run where npm kept none of the command flags, whatever npm settings it exports', () => {
    expect(npmSwallowedFlagsProblem(['--json'], OPTIONS, NPM_RUN_PLAN)).toBeUndefined();
  });

  it('fails when npm kept a boolean flag, naming the variable and the command line that works', () => {
    // GIVEN `npm run plan --json --profile p.yaml`... WHEN checked THEN the message spells out `-- --json`
    const env = { ...NPM_RUN_PLAN, npm_config_json: 'true' };
    expect(npmSwallowedFlagsProblem(['--profile', 'p.yaml'], OPTIONS, env)).toBe(
      'npm kept --json for itself (npm_config_json=true) instead of passing it to the command: flags for the ' +
        'command go after "--". Run: npm run plan -- --json --profile p.yaml',
    );
  });

  it('fails when npm kept string flags, keeping a value given with = and marking one npm took away', () => {
    // GIVEN `npm run plan --profile="my p.yaml" --out x --live-prices` (x went on as a stray argument)
    const env = {
      ...NPM_RUN_PLAN,
      npm_config_profile: 'my p.yaml',
      npm_config_out: 'true',
      npm_config_live_prices: 'true',
    };
    // THEN every kept flag is named, hyphens as npm spells the variable
    expect(npmSwallowedFlagsProblem(['x'], OPTIONS, env)).toBe(
      'npm kept --out, --live-prices, --profile for itself (npm_config_out=true, npm_config_live_prices=true, ' +
        'npm_config_profile=my p.yaml) instead of passing them to the command: flags for the command go after ' +
        `"--". Run: npm run plan -- --out <value> --live-prices --profile 'my p.yaml' x`,
    );
  });

  it('ignores a switch npm was told to turn off (--no-json is the default anyway)', () => {
    expect(npmSwallowedFlagsProblem([], OPTIONS, { ...NPM_RUN_PLAN, npm_config_json: 'false' })).toBeUndefined();
  });

  it('ignores npm settings outside an npm script that starts a command (the test runner, the vast-poc bin)', () => {
    // GIVEN the same variable, but npm is running `npm test`, or no npm at all
    const underTest = { ...NPM_RUN_PLAN, npm_lifecycle_event: 'test', npm_lifecycle_script: 'vitest run' };
    expect(npmSwallowedFlagsProblem([], OPTIONS, { ...underTest, npm_config_json: 'true' })).toBeUndefined();
    expect(npmSwallowedFlagsProblem([], OPTIONS, { npm_config_json: 'true' })).toBeUndefined();
  });

  it('makes parseFlags fail with a usage error (exit 2)', () => {
    const env = { ...NPM_RUN_PLAN, npm_config_json: 'true' };
    expect(() => parseFlags([], PLAN_FLAGS, env)).toThrow(UsageError);
    expect(parseFlags(['--json'], PLAN_FLAGS, NPM_RUN_PLAN).json).toBe(true);
  });
});

describe('npm run plan --json (child process through npm)', () => {
  it('fails with exit 2 and the corrected command instead of printing the table', async () => {
    // GIVEN npm itself running the plan script with --json before `--`
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const r = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      execFile(
        npm,
        ['run', '--silent', 'plan', '--json'],
        { cwd: ROOT, env: commandEnv({ VAST_PROFILE: '' }) },
        (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
      );
    });
    // THEN no plan is printed (stdout holds only npm's own JSON error note, --json being its setting too) and
    // stderr names the command line that works
    expect(r.code).toBe(2);
    expect(r.stdout).not.toMatch(/TiB|schemaVersion/);
    expect(r.stderr).toContain('npm kept --json for itself (npm_config_json=true)');
    expect(r.stderr).toContain('Run: npm run plan -- --json');
  });
});
