/**
 * `npm run verify-bundle -- <bundle dir> [--validate]`: checks a handoff bundle before it is sent (or after it
 * arrives): checksums, `terraform fmt`, and with `--validate` `terraform validate` against the pinned provider
 * (needs the Terraform registry). Exit codes: 0 all checks passed or were skipped, 1 a check failed, 2 bad input,
 * 3 the registry could not be reached.
 */
import { resolve } from 'node:path';
import { EXIT, OutsideError, parseFlags, runCli, UsageError } from './lib/cli';
import { NotABundleError, RegistryUnreachableError, verifyBundle } from './handoff/verify';

runCli(async (argv) => {
  const dirs = argv.filter((a) => !a.startsWith('--'));
  const flags = parseFlags(
    argv.filter((a) => a.startsWith('--')),
    { validate: { type: 'boolean', default: false } },
  );
  if (dirs.length !== 1) throw new UsageError(`give exactly one bundle folder, got ${dirs.length}`);
  let steps;
  try {
    steps = await verifyBundle(resolve(dirs[0]!), { validate: flags.validate ?? false });
  } catch (e) {
    if (e instanceof RegistryUnreachableError)
      throw new OutsideError(
        e.message,
        'run it where terraform is installed and registry.terraform.io is reachable, or without --validate',
      );
    if (e instanceof NotABundleError) throw new UsageError(e.message);
    throw e;
  }
  for (const s of steps) process.stdout.write(`${s.status.padEnd(7)} ${s.id.padEnd(18)} ${s.message}\n`);
  return steps.some((s) => s.status === 'failed') ? EXIT.negative : EXIT.ok;
});
