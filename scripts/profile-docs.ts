/**
 * `npm run profile:docs [-- --check]`: writes `docs/profile.schema.json` and the generated sections of
 * `docs/profile.md` from the profile model. With `--check`, writes nothing and exits 1 when a file is out of date.
 * See scripts/profile-docs/command.ts.
 */
import { runCli } from './lib/cli';
import { profileDocsMain } from './profile-docs/command';

runCli((argv) => profileDocsMain(argv));
