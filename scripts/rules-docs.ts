/**
 * `npm run rules:docs [-- --check]`: writes `docs/rules.md` from the policy rule registry. With `--check`, writes
 * nothing and exits 1 when the file is out of date (for CI). See scripts/rules-docs/command.ts.
 */
import { runCli } from './lib/cli';
import { rulesDocsMain } from './rules-docs/command';

runCli((argv) => rulesDocsMain(argv));
