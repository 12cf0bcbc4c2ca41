/**
 * `npm run plan`: what a layout delivers (erasure coding across fault domains, usable capacity, NIC-bound
 * throughput, cost) against Azure Managed Lustre. The model lives in `scripts/planning/`; see docs/planning.md.
 */
import { runCli } from './lib/cli';
import { planMain } from './planning/command';

runCli((argv) => planMain(argv));
