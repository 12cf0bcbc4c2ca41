/**
 * `npm run preflight`: proves against Azure, before apply, that a profile will deploy. See docs/preflight.md.
 * Exit codes: 0 go, 1 no-go, 2 bad input (profile or flags), 3 Azure could not be asked.
 */
import { runCli } from './lib/cli';
import { main } from './preflight/main';

runCli((argv) => main(argv));
