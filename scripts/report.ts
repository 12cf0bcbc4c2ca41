/**
 * `npm run report -- --results <dir> [--profile <file>] [--out <file>] [--json]`: the benchmark kit's fio results
 * against the plan. The model lives in `scripts/benchmarking/`; see docs/benchmarking.md.
 */
import { runCli } from './lib/cli';
import { reportMain } from './benchmarking/report-command';

runCli((argv) => reportMain(argv));
