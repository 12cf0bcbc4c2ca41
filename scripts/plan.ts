/**
 * `npm run plan`: what a layout delivers (erasure coding across fault domains, usable capacity, NIC-bound
 * throughput, cost) against Azure Managed Lustre. The model lives in `scripts/planning/`; see docs/planning.md.
 */
import { runCli } from './lib/cli';
import { planMain } from './planning/command';

// A reader that stops early (`npm run plan | head`) is not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

runCli((argv) => planMain(argv));
