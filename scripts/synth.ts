/**
 * `npm run synth -- [--profile <file>] [--out <dir>]`: validates a profile and writes its Terraform JSON to
 * `<out>/stacks/<profile name>/cdk.tf.json`. Offline; needs neither Terraform nor Azure. Bad input writes nothing
 * (exit 2); the stack folder is replaced whole or not at all. The policy pack runs on every synth: its warnings and
 * suppressions are printed, and any error finding refuses the synth (exit 2, nothing written) listing every finding
 * with rule id, resource path and fix. Files in the stack folder that synth does not write (Terraform state,
 * `.terraform/`, the lock file of `cdktf deploy`) are never touched; see scripts/lib/synth-output.ts.
 */
import { runCli } from './lib/cli';
import { synthMain } from './synth/command';

process.env.CHECKPOINT_DISABLE ??= '1';

runCli((argv) => synthMain(argv));
