/**
 * `npm run bench-kit -- [--profile <file>] --out <dir>`: the POC benchmark kit (fio jobs, runner, mount commands,
 * planned figures). The kit lives in `scripts/benchmarking/`; see docs/benchmarking.md.
 */
import { runCli } from './lib/cli';
import { benchKitMain } from './benchmarking/kit-command';

runCli((argv) => benchKitMain(argv));
