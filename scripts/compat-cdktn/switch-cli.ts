/**
 * `npm run switch:cdktn -- --dir <checkout>`: moves a checkout from cdktf to CDK Terrain in one step, with the same
 * code the compatibility run (`npm run compat:cdktn`) proves on a temporary copy: package.json gets the fork's
 * packages, the constructs version it accepts and the provider override, and every `cdktf` and
 * `@cdktf/provider-azurerm/…` import specifier is renamed. Run `npm install` afterwards (docs/dependencies.md).
 * See scripts/compat-cdktn/switch-command.ts; `--help` prints the usage.
 *
 * Exit codes: 0 switched; 2 bad flags or a folder that is not a cdktf checkout of this project.
 */
import { runCli } from '../lib/cli';
import { switchCdktnMain } from './switch-command';

runCli((argv) => switchCdktnMain(argv));
