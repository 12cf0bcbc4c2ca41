/**
 * `vast-poc <command> [flags]`: one entry for every command (package.json `bin`), dispatching to the same main
 * functions `npm run <command>` runs. `vast-poc --help` lists the commands; `vast-poc <command> --help` is the
 * command's own help. An unknown command is exit 2 naming the nearest one.
 */
import { EXIT, nearestName, runCli, UsageError } from './lib/cli';
import { benchMain } from './bench/command';
import { benchKitMain } from './benchmarking/kit-command';
import { reportMain } from './benchmarking/report-command';
import { compatCdktnMain } from './compat-cdktn/command';
import { handoffMain } from './handoff/command';
import { verifyBundleMain } from './handoff/verify-command';
import { planMain } from './planning/command';
import { profileDocsMain } from './profile-docs/command';
import { main } from './preflight/main';
import { rulesDocsMain } from './rules-docs/command';
import { synthMain } from './synth/command';

type Main = (argv: readonly string[]) => number | Promise<number>;

/** The commands, each with a one-line summary and its main function. */
export const VAST_POC_COMMANDS: Readonly<Record<string, { readonly summary: string; readonly main: Main }>> = {
  synth: {
    summary: 'validate a profile and write its Terraform JSON (offline)',
    main: synthMain,
  },
  preflight: {
    summary: 'ask Azure whether a profile can deploy (go / no-go)',
    main: main,
  },
  plan: {
    summary: 'what a layout delivers: capacity, throughput, cost, against Azure Managed Lustre',
    main: planMain,
  },
  handoff: {
    summary: 'write the customer handoff bundle',
    main: handoffMain,
  },
  'verify-bundle': {
    summary: 'check a handoff bundle (checksums, terraform fmt, optionally validate)',
    main: verifyBundleMain,
  },
  'bench-kit': {
    summary: 'write the fio benchmark kit for the POC clients',
    main: benchKitMain,
  },
  report: {
    summary: "the benchmark kit's fio results against the plan",
    main: reportMain,
  },
  'rules:docs': {
    summary: 'write docs/rules.md from the policy rule registry',
    main: rulesDocsMain,
  },
  'profile:docs': {
    summary: 'write docs/profile.schema.json and the field table of docs/profile.md from the profile model',
    main: profileDocsMain,
  },
  bench: {
    summary: 'run the synth and preflight benchmarks',
    main: benchMain,
  },
  'compat:cdktn': {
    summary: 'prove the switch to CDK Terrain leaves the Terraform unchanged',
    main: compatCdktnMain,
  },
};

/** Usage text of `vast-poc --help`. */
export function vastPocUsage(): string {
  const width = Math.max(...Object.keys(VAST_POC_COMMANDS).map((n) => n.length));
  return `Usage: vast-poc <command> [flags]   (or: npm run <command> -- [flags])

Commands:
${Object.entries(VAST_POC_COMMANDS)
  .map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`)
  .join('\n')}

\`vast-poc <command> --help\` shows a command's options, defaults, environment variables and exit codes.

Exit codes: 0 success; 1 a negative verdict (no-go, a failed check); 2 bad input (an unknown command or flag, a bad
profile); 3 the outside world (Azure, a registry, the disk); 70 a bug.
`;
}

/**
 * Runs `vast-poc`.
 *
 * @returns the command's exit code (0 for `--help` or no arguments: the usage).
 * @throws UsageError (exit 2) for an unknown command, naming the nearest one; whatever the command throws.
 */
export async function vastPocMain(
  argv: readonly string[],
  out: Pick<NodeJS.WritableStream, 'write'> = process.stdout,
): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    out.write(vastPocUsage());
    return EXIT.ok;
  }
  const command = VAST_POC_COMMANDS[name];
  if (!Object.hasOwn(VAST_POC_COMMANDS, name) || command === undefined) {
    const near = nearestName(name, Object.keys(VAST_POC_COMMANDS));
    throw new UsageError(
      `unknown command "${name}"${near === undefined ? '' : ` (did you mean ${near}?)`}; commands: ${Object.keys(VAST_POC_COMMANDS).join(', ')}`,
    );
  }
  process.env.CHECKPOINT_DISABLE ??= '1';
  return command.main(rest);
}

if (process.env.VAST_POC_BIN === '1') runCli((argv) => vastPocMain(argv));
