import { describe, expect, it } from 'vitest';
import { BENCH_KIT_FLAGS, benchKitMain } from '../../scripts/benchmarking/kit-command';
import { REPORT_FLAGS, reportMain } from '../../scripts/benchmarking/report-command';
import { benchMain } from '../../scripts/bench/command';
import { COMPAT_CDKTN_FLAGS, compatCdktnMain } from '../../scripts/compat-cdktn/command';
import { SWITCH_CDKTN_FLAGS, switchCdktnMain } from '../../scripts/compat-cdktn/switch-command';
import { HANDOFF_FLAGS, handoffMain } from '../../scripts/handoff/command';
import { VERIFY_BUNDLE_FLAGS, verifyBundleMain } from '../../scripts/handoff/verify-command';
import { PLAN_FLAGS, planMain } from '../../scripts/planning/command';
import { main as preflightMain, PREFLIGHT_FLAGS } from '../../scripts/preflight/main';
import { PROFILE_DOCS_FLAGS, profileDocsMain } from '../../scripts/profile-docs/command';
import { RULES_DOCS_FLAGS, rulesDocsMain } from '../../scripts/rules-docs/command';
import { SYNTH_FLAGS, synthMain } from '../../scripts/synth/command';
import { ARM_EMULATOR_FLAGS, armEmulatorMain } from '../support/arm-emulator/command';

// Every command's main function is called in-process with --help: no child processes, nothing written, no network.

/** A stream that keeps what is written to it. */
function capture(): { write: (chunk: string) => boolean; text: () => string } {
  let text = '';
  return {
    write: (chunk: string) => {
      text += chunk;
      return true;
    },
    text: () => text,
  };
}

interface HelpRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** The commands, each with its flags and a way to run its main with argv. */
const COMMANDS: Record<
  string,
  { flags: Record<string, unknown>; run: (argv: string[]) => HelpRun | Promise<HelpRun> }
> = {
  synth: {
    flags: SYNTH_FLAGS,
    run: (argv) => {
      const [out, err] = [capture(), capture()];
      const code = synthMain(argv, {}, out, err);
      return { code, stdout: out.text(), stderr: err.text() };
    },
  },
  handoff: {
    flags: HANDOFF_FLAGS,
    run: async (argv) => {
      const out = capture();
      const code = await handoffMain(argv, {}, out);
      return { code, stdout: out.text(), stderr: '' };
    },
  },
  'verify-bundle': {
    flags: VERIFY_BUNDLE_FLAGS,
    run: async (argv) => {
      const out = capture();
      const code = await verifyBundleMain(argv, { stdout: out });
      return { code, stdout: out.text(), stderr: '' };
    },
  },
  'arm-emulator': {
    flags: ARM_EMULATOR_FLAGS,
    run: async (argv) => {
      const out = capture();
      const code = await armEmulatorMain(argv, out);
      return { code, stdout: out.text(), stderr: '' };
    },
  },
  'rules:docs': {
    flags: RULES_DOCS_FLAGS,
    run: (argv) => {
      const [out, err] = [capture(), capture()];
      const code = rulesDocsMain(argv, { out, err, root: '/nonexistent-root-for-help' });
      return { code, stdout: out.text(), stderr: err.text() };
    },
  },
  'profile:docs': {
    flags: PROFILE_DOCS_FLAGS,
    run: (argv) => {
      const [out, err] = [capture(), capture()];
      const code = profileDocsMain(argv, { out, err, root: '/nonexistent-root-for-help' });
      return { code, stdout: out.text(), stderr: err.text() };
    },
  },
  bench: {
    flags: { help: true },
    run: (argv) => {
      const [out, err] = [capture(), capture()];
      const code = benchMain(argv, { out, err, run: () => 99 });
      return { code, stdout: out.text(), stderr: err.text() };
    },
  },
  'bench-kit': {
    flags: BENCH_KIT_FLAGS,
    run: (argv) => {
      const out = capture();
      const code = benchKitMain(argv, { stdout: out.write, env: {} });
      return { code, stdout: out.text(), stderr: '' };
    },
  },
  report: {
    flags: REPORT_FLAGS,
    run: (argv) => {
      const out = capture();
      const code = reportMain(argv, { stdout: out.write, env: {} });
      return { code, stdout: out.text(), stderr: '' };
    },
  },
  plan: {
    flags: PLAN_FLAGS,
    run: async (argv) => {
      const out = capture();
      const code = await planMain(argv, { stdout: out.write, env: {} });
      return { code, stdout: out.text(), stderr: '' };
    },
  },
  preflight: {
    flags: PREFLIGHT_FLAGS,
    run: async (argv) => {
      const [out, err] = [capture(), capture()];
      const code = await preflightMain(
        argv,
        {},
        out as unknown as NodeJS.WriteStream,
        err as unknown as NodeJS.WriteStream,
      );
      return { code, stdout: out.text(), stderr: err.text() };
    },
  },
  'compat:cdktn': {
    flags: COMPAT_CDKTN_FLAGS,
    run: async (argv) => {
      const out = capture();
      const code = await compatCdktnMain(argv, out);
      return { code, stdout: out.text(), stderr: '' };
    },
  },
  'switch:cdktn': {
    flags: SWITCH_CDKTN_FLAGS,
    run: (argv) => {
      const out = capture();
      const code = switchCdktnMain(argv, out);
      return { code, stdout: out.text(), stderr: '' };
    },
  },
};

describe.each(Object.entries(COMMANDS))('%s --help', (name, command) => {
  it('prints its usage with every option, the environment and the exit codes, and exits 0', async () => {
    // GIVEN the command
    // WHEN it runs with --help
    const run = await command.run(['--help']);
    // THEN it exits 0 and stdout names the command, each of its flags, the environment and the exit codes
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(new RegExp(`^Usage: npm run ${name}\\b`));
    for (const flag of Object.keys(command.flags)) expect(run.stdout).toContain(`--${flag}`);
    expect(run.stdout).toMatch(/^Environment/m);
    expect(run.stdout).toMatch(/^Exit codes: 0 /m);
    expect(run.stdout).toMatch(/\b2 bad flags|\b2 bad input/);
  });
});

describe.each(Object.entries(COMMANDS))('%s --help synopsis', (_name, command) => {
  it('names every flag of the command in the Usage lines', async () => {
    // GIVEN the command WHEN it runs with --help
    const run = await command.run(['--help']);
    // THEN the synopsis (everything before the first blank line) shows each flag but --help itself
    const synopsis = run.stdout.split('\n\n')[0]!;
    const missing = Object.keys(command.flags).filter((f) => f !== 'help' && !synopsis.includes(`--${f}`));
    expect(missing).toEqual([]);
  });
});

describe('-h', () => {
  it('is the short form of --help', async () => {
    // GIVEN a command
    // WHEN it runs with -h and with --help
    const short = await COMMANDS.synth!.run(['-h']);
    const long = await COMMANDS.synth!.run(['--help']);
    // THEN both print the same usage
    expect(short).toEqual(long);
  });
});
