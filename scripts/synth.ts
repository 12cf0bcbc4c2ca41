/**
 * `npm run synth -- [--profile <file>] [--out <dir>]`: validates a profile and writes its Terraform JSON to
 * `<out>/stacks/<profile name>/cdk.tf.json`. Offline; needs neither Terraform nor Azure. Bad input writes nothing
 * (exit 2); the stack folder is replaced whole or not at all. The policy pack runs on every synth: its warnings and
 * suppressions are printed, and any error finding refuses the synth (exit 2, nothing written) listing every finding
 * with rule id, resource path and fix. Files in the stack folder that synth does not write (Terraform state,
 * `.terraform/`, the lock file of `cdktf deploy`) are never touched; see scripts/lib/synth-output.ts.
 */
import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { formatPolicyReport } from '../constructs/policy/format';
import { synthesizeWithPolicy } from '../stacks/synthesize';
import { loadProfile, resolveProfilePath } from '../stacks/profile/load';
import { EXIT, outputFailure, parseFlags, runCli } from './lib/cli';
import { synthesizeTo, type SynthOutput } from './lib/synth-output';

process.env.CHECKPOINT_DISABLE ??= '1';

runCli((argv) => {
  const flags = parseFlags(argv, {
    profile: { type: 'string' },
    out: { type: 'string', default: 'cdktf.out' },
  });
  const profilePath = resolveProfilePath(flags.profile);
  const profile = loadProfile(profilePath);
  const outdir = resolve(flags.out ?? 'cdktf.out');
  let written: SynthOutput<ReturnType<typeof synthesizeWithPolicy>>;
  try {
    written = synthesizeTo(profile.name, outdir, (staging) => synthesizeWithPolicy(profile, { outdir: staging }), {
      inputs: [profilePath],
    });
  } catch (e) {
    throw outputFailure('--out', flags.out ?? 'cdktf.out', e);
  }
  const { file, result: report } = written;
  for (const c of written.cleaned) process.stderr.write(`note: cleaned up after an interrupted run: ${c}\n`);
  for (const c of written.leftAlone) {
    process.stderr.write(`note: left alone in --out (not provably written by this tool): ${c}\n`);
  }
  const resources = countResources(file);
  process.stdout.write(`${profile.name}: ${resources} resources -> ${relative(process.cwd(), file) || file}\n`);
  // A clean report prints nothing; warnings, suppressed findings and unused suppressions are listed in full.
  if (report.warnings.length + report.suppressed.length + report.unusedSuppressions.length > 0) {
    process.stdout.write(formatPolicyReport(report));
  }
  return EXIT.ok;
});

function countResources(file: string): number {
  const json = JSON.parse(readFileSync(file, 'utf8')) as { resource?: Record<string, Record<string, unknown>> };
  return Object.values(json.resource ?? {}).reduce((n, byName) => n + Object.keys(byName).length, 0);
}
