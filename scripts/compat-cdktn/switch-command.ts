/**
 * The `switch:cdktn` command: moves a checkout from cdktf to CDK Terrain in one step, with the same code the
 * compatibility run (`npm run compat:cdktn`) proves on a temporary copy. `scripts/compat-cdktn/switch-cli.ts` runs it
 * through `runCli`.
 */
import { resolve } from 'node:path';
import { EXIT, HELP_FLAG, parseFlags, UsageError } from '../lib/cli';
import { applySwitch } from './switch';

/** The flags switch:cdktn accepts. */
export const SWITCH_CDKTN_FLAGS = { dir: { type: 'string' }, ...HELP_FLAG } as const;

/** Usage text of the command (`--help`). */
export const SWITCH_CDKTN_USAGE = `Usage: npm run switch:cdktn -- --dir <checkout>

Moves a checkout of this project from cdktf to CDK Terrain (cdktn) in place: package.json gets the fork's packages
(pinned exactly), the constructs version it accepts and the provider override, and every \`cdktf\` and
\`@cdktf/provider-azurerm/...\` import specifier is renamed. Run \`npm install\` afterwards (docs/dependencies.md).
It writes the checkout's files: \`npm run compat:cdktn\` proves the same switch on a temporary copy first.

Options:
  --dir <checkout>   the checkout to switch (required), e.g. --dir .
  -h, --help         show this text

Environment: none read.

Exit codes: 0 switched; 2 bad flags or a folder that is not a cdktf checkout of this project; 70 a bug.
`;

/**
 * Runs switch:cdktn.
 *
 * @returns 0 switched or `--help`.
 * @throws UsageError (exit 2) for bad flags or a folder that is not a cdktf checkout of this project.
 */
export function switchCdktnMain(
  argv: readonly string[],
  out: Pick<NodeJS.WritableStream, 'write'> = process.stdout,
): number {
  const flags = parseFlags(argv, SWITCH_CDKTN_FLAGS);
  if (flags.help) {
    out.write(SWITCH_CDKTN_USAGE);
    return EXIT.ok;
  }
  if (!flags.dir) throw new UsageError('--dir is required: the checkout to switch, e.g. --dir .');
  let result: ReturnType<typeof applySwitch>;
  try {
    result = applySwitch(resolve(flags.dir));
  } catch (e) {
    throw new UsageError(`--dir ${flags.dir}: ${(e as Error).message}`);
  }
  out.write(
    `package.json switched to the fork; ${result.specifiers} import specifier(s) renamed in ${result.files.length} file(s). Next: npm install\n`,
  );
  return EXIT.ok;
}
