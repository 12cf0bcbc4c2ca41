/**
 * `npm run verify-bundle -- <bundle dir> [--validate]`: checks a handoff bundle before it is sent (or after it
 * arrives): checksums, `terraform fmt`, and with `--validate` `terraform validate` against the pinned provider
 * (needs the Terraform registry). Exit codes: 0 all checks passed or were skipped, 1 a check failed, 2 bad input,
 * 3 terraform missing or the registry could not be reached. The code comes from the failure's class.
 */
import { runCli } from './lib/cli';
import { verifyBundleMain } from './handoff/verify-command';

runCli((argv) => verifyBundleMain(argv));
