/**
 * `npm run bench [-- <name>...]`: runs the benchmarks in this folder. See ./command.ts and `--help`.
 */
import { runCli } from '../lib/cli';
import { benchMain } from './command';

runCli((argv) => benchMain(argv));
