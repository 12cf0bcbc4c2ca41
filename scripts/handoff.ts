/**
 * `npm run handoff -- [--profile <file>] --out <dir> [--force] [--preflight <report.json>]
 * [--live-prices [--prices-endpoint <url>]]`: writes the customer
 * handoff bundle (plain Terraform in HCL and JSON, tfvars example, README, RUNBOOK, optional PREFLIGHT, SHA256SUMS).
 * See docs/handoff.md.
 */
import { runCli } from './lib/cli';
import { handoffMain } from './handoff/command';

process.env.CHECKPOINT_DISABLE ??= '1';

runCli((argv) => handoffMain(argv));
