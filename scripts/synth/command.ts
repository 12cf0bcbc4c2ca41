/**
 * The `synth` command: flags → profile → policy-checked synth into `--out`. `scripts/synth.ts` runs it through
 * `runCli`; see there for the behaviour.
 */
import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { formatPolicyReport } from '../../constructs/policy/format';
import { synthesizeWithPolicy } from '../../stacks/synthesize';
import { loadProfile, resolveProfilePath } from '../../stacks/profile/load';
import { EXIT, HELP_FLAG, outputFailure, parseFlags } from '../lib/cli';
import { synthesizeTo, type SynthOutput } from '../lib/synth-output';

/** The flags synth accepts. */
export const SYNTH_FLAGS = {
  profile: { type: 'string' },
  out: { type: 'string', default: 'cdktf.out' },
  ...HELP_FLAG,
} as const;

/** Usage text of the command (`--help`). */
export const SYNTH_USAGE = `Usage: npm run synth -- [--profile <file>] [--out <dir>]

Validates a profile, runs the policy pack and writes its Terraform JSON to <out>/stacks/<profile name>/cdk.tf.json.
Offline: needs neither Terraform nor Azure. Files in the stack folder that synth did not write are left alone.

Options:
  --profile <file>   profile to synthesize (default: $VAST_PROFILE, else stacks/profiles/default.yaml)
  --out <dir>        output folder (default: cdktf.out)
  -h, --help         show this text

Environment:
  VAST_PROFILE         profile used when --profile is not given
  CHECKPOINT_DISABLE   set to 1 by the command unless already set (no call to HashiCorp's checkpoint service)

Exit codes: 0 written; 2 bad flags or profile, a policy rule refused the synth, or --out cannot be written (nothing
written); 3 the disk failed; 70 a bug.
`;

/**
 * Runs synth: writes `<out>/stacks/<profile name>/cdk.tf.json` and prints a summary line (plus the policy report
 * when it has anything to say) on `out`, notes on `err`.
 *
 * @returns the exit code (0; also for `--help`, which prints {@link SYNTH_USAGE} and does nothing else).
 * @throws UsageError or ProfileError (exit 2) for bad flags or a bad profile, PolicyViolation (exit 2) when a rule
 *   refuses the synth, UsageError / OutsideError for an unwritable `--out`.
 */
export function synthMain(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
  out: Pick<NodeJS.WritableStream, 'write'> = process.stdout,
  err: Pick<NodeJS.WritableStream, 'write'> = process.stderr,
): number {
  const flags = parseFlags(argv, SYNTH_FLAGS);
  if (flags.help) {
    out.write(SYNTH_USAGE);
    return EXIT.ok;
  }
  const profilePath = resolveProfilePath(flags.profile, env);
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
  for (const c of written.cleaned) err.write(`note: cleaned up after an interrupted run: ${c}\n`);
  for (const c of written.leftAlone) {
    err.write(`note: left alone in --out (not provably written by this tool): ${c}\n`);
  }
  const resources = countResources(file);
  out.write(`${profile.name}: ${resources} resources -> ${relative(process.cwd(), file) || file}\n`);
  // A clean report prints nothing; warnings, suppressed findings and unused suppressions are listed in full.
  if (report.warnings.length + report.suppressed.length + report.unusedSuppressions.length > 0) {
    out.write(formatPolicyReport(report));
  }
  return EXIT.ok;
}

function countResources(file: string): number {
  const json = JSON.parse(readFileSync(file, 'utf8')) as { resource?: Record<string, Record<string, unknown>> };
  return Object.values(json.resource ?? {}).reduce((n, byName) => n + Object.keys(byName).length, 0);
}
