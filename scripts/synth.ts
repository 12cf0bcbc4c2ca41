/**
 * `npm run synth -- [--profile <file>] [--out <dir>]`: validates a profile and writes its Terraform JSON to
 * `<out>/stacks/<profile name>/cdk.tf.json`. Offline; needs neither Terraform nor Azure. Bad input writes nothing
 * (exit 2); the stack folder is replaced whole or not at all. The policy pack runs on every synth: its warnings and
 * suppressions are printed, and any error finding refuses the synth (exit 2, nothing written) listing every finding
 * with rule id, resource path and fix.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { formatPolicyReport } from '../constructs/policy/format';
import { synthesizeWithPolicy } from '../stacks/synthesize';
import { loadProfile, resolveProfilePath } from '../stacks/profile/load';
import { EXIT, outputFailure, parseFlags, runCli, writeFileAtomic } from './lib/cli';

process.env.CHECKPOINT_DISABLE ??= '1';

runCli((argv) => {
  const flags = parseFlags(argv, {
    profile: { type: 'string' },
    out: { type: 'string', default: 'cdktf.out' },
  });
  const profile = loadProfile(resolveProfilePath(flags.profile));
  const outdir = resolve(flags.out ?? 'cdktf.out');
  let written: { file: string; result: ReturnType<typeof synthesizeWithPolicy> };
  try {
    written = synthesizeTo(profile.name, outdir, (staging) => synthesizeWithPolicy(profile, { outdir: staging }));
  } catch (e) {
    throw outputFailure('--out', flags.out ?? 'cdktf.out', e);
  }
  const { file, result: report } = written;
  const resources = countResources(file);
  process.stdout.write(`${profile.name}: ${resources} resources -> ${relative(process.cwd(), file) || file}\n`);
  // A clean report prints nothing; warnings, suppressed findings and unused suppressions are listed in full.
  if (report.warnings.length + report.suppressed.length + report.unusedSuppressions.length > 0) {
    process.stdout.write(formatPolicyReport(report));
  }
  return EXIT.ok;
});

/**
 * Runs `synth` into a staging folder beside `outdir`, then moves the stack folder into place and merges the
 * manifest. A failure leaves the previous output untouched.
 */
function synthesizeTo<T>(
  stackName: string,
  outdir: string,
  synth: (staging: string) => T,
): { file: string; result: T } {
  mkdirSync(outdir, { recursive: true });
  const staging = mkdtempSync(join(outdir, '.staging-'));
  try {
    const result = synth(staging);
    const target = join(outdir, 'stacks', stackName);
    mkdirSync(join(outdir, 'stacks'), { recursive: true });
    const old = `${target}.old-${process.pid}`;
    if (existsSync(target)) renameSync(target, old);
    renameSync(join(staging, 'stacks', stackName), target);
    rmSync(old, { recursive: true, force: true });
    writeFileAtomic(
      join(outdir, 'manifest.json'),
      mergeManifest(join(outdir, 'manifest.json'), join(staging, 'manifest.json')),
    );
    return { file: join(target, 'cdk.tf.json'), result };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

interface Manifest {
  version: string;
  stacks: Record<string, unknown>;
}

function mergeManifest(existingPath: string, freshPath: string): string {
  const fresh = JSON.parse(readFileSync(freshPath, 'utf8')) as Manifest;
  if (existsSync(existingPath)) {
    try {
      const old = JSON.parse(readFileSync(existingPath, 'utf8')) as Manifest;
      if (old.version === fresh.version) fresh.stacks = { ...old.stacks, ...fresh.stacks };
    } catch {
      // An unreadable old manifest is replaced by the fresh one.
    }
  }
  return `${JSON.stringify(fresh, null, 2)}\n`;
}

function countResources(file: string): number {
  const json = JSON.parse(readFileSync(file, 'utf8')) as { resource?: Record<string, Record<string, unknown>> };
  return Object.values(json.resource ?? {}).reduce((n, byName) => n + Object.keys(byName).length, 0);
}
