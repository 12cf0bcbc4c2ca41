/**
 * `npm run compat:cdktn [-- --inject-difference] [--full-install] [--keep]`: proves that moving from cdktf to its
 * maintained fork, CDK Terrain, is one mechanical switch that leaves the Terraform unchanged apart from the azurerm
 * version pin. See scripts/compat-cdktn/command.ts and `--help`.
 */
import { runCli } from './lib/cli';
import { compatCdktnMain } from './compat-cdktn/command';

runCli((argv) => compatCdktnMain(argv));
