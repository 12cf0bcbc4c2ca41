/**
 * The `verify-bundle` command's main function, separate from the entry point so tests run it in-process.
 *
 * Exit codes come from the failure's class (see lib/failure.ts), never from its text: 0 every check passed or was
 * skipped, 1 a check failed, 2 not a bundle or bad flags (`NotABundleError`, `UsageError`), 3 terraform missing
 * (`TerraformMissingError`) or the registry unreachable (`RegistryUnreachableError`).
 */
import { resolve } from 'node:path';
import { EXIT, HELP_FLAG, parseFlags, UsageError } from '../lib/cli';
import { verifyBundle } from './verify';

/** The flags verify-bundle accepts (besides the one bundle folder). */
export const VERIFY_BUNDLE_FLAGS = { validate: { type: 'boolean', default: false }, ...HELP_FLAG } as const;

/** Usage text of the command (`--help`). */
export const VERIFY_BUNDLE_USAGE = `Usage: npm run verify-bundle -- <bundle dir> [--validate]

Checks a handoff bundle before it is sent (or after it arrives): SHA256SUMS, \`terraform fmt -check\`, and with
--validate \`terraform validate\` against the pinned azurerm provider.

Options:
  <bundle dir>   the bundle folder (exactly one)
  --validate     also run terraform init and validate (needs registry.terraform.io; default: off)
  -h, --help     show this text

Environment: PATH supplies the terraform binary (without one, the fmt check is skipped).

Exit codes: 0 every check passed or was skipped; 1 a check failed; 2 bad flags or not a bundle; 3 --validate without
a terraform binary, or the Terraform registry unreachable; 70 a bug.
`;

/** Options of {@link verifyBundleMain}. */
export interface VerifyBundleMainOptions {
  /**
   * Where the step lines go.
   *
   * @default process.stdout
   */
  readonly stdout?: Pick<NodeJS.WritableStream, 'write'>;
  /**
   * The terraform binary.
   *
   * @default "terraform" from PATH
   */
  readonly terraform?: string;
}

/**
 * Runs `verify-bundle <bundle dir> [--validate]`: prints one line per step and returns 1 when a step failed, else 0
 * (`--help` prints {@link VERIFY_BUNDLE_USAGE} and returns 0).
 *
 * @throws UsageError for bad flags or not exactly one folder; the failure classes of {@link verifyBundle}
 * unchanged (each maps to its exit code by class).
 */
export async function verifyBundleMain(
  argv: readonly string[],
  options: VerifyBundleMainOptions = {},
): Promise<number> {
  const dirs = argv.filter((a) => !a.startsWith('-'));
  const flags = parseFlags(
    argv.filter((a) => a.startsWith('-')),
    VERIFY_BUNDLE_FLAGS,
  );
  if (flags.help) {
    (options.stdout ?? process.stdout).write(VERIFY_BUNDLE_USAGE);
    return EXIT.ok;
  }
  if (dirs.length !== 1) throw new UsageError(`give exactly one bundle folder, got ${dirs.length}`);
  const steps = await verifyBundle(resolve(dirs[0]!), {
    validate: flags.validate ?? false,
    ...(options.terraform === undefined ? {} : { terraform: options.terraform }),
  });
  const out = options.stdout ?? process.stdout;
  for (const s of steps) out.write(`${s.status.padEnd(7)} ${s.id.padEnd(18)} ${s.message}\n`);
  return steps.some((s) => s.status === 'failed') ? EXIT.negative : EXIT.ok;
}
