/**
 * `npm run compat:cdktn [-- --inject-difference] [--keep]`: proves that moving from cdktf to its maintained fork,
 * CDK Terrain, is one mechanical switch that leaves the Terraform unchanged apart from the azurerm version pin.
 *
 * In a temporary copy of the repository (under the system temp folder, removed afterwards; the user's files and
 * node_modules are never written) it: applies the switch (package.json and the scripted import rename,
 * scripts/compat-cdktn/switch.ts), installs the fork's packages with npm, runs the type check, synthesizes every
 * shipped profile (stacks/profiles/*.yaml) and compares the Terraform JSON with the cdktf output of the original
 * tree (`//` metadata ignored), then runs `cdktn synth` through the fork's CLI on Node.js 22 (installed from the npm
 * `node` package) and compares that output too. It prints a short report.
 *
 * `--inject-difference` adds a tag to every profile in the copy, so the run must fail: a check of the check.
 * `--keep` leaves the temporary folder in place and prints where it is.
 *
 * Exit codes: 0 the switch is clean; 1 a difference or a failed step; 2 bad flags; 3 the npm registry or the Node.js
 * package could not be reached; 70 a bug. Needs the npm registry only; no Terraform providers are downloaded.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, relative, resolve, sep } from 'node:path';
import yaml from 'js-yaml';
import { $, type ProcessOutput } from 'zx';
import { compareStacks, formatDifferences, type Json, type StackComparison } from './compat-cdktn/compare';
import { applySwitch, FORK } from './compat-cdktn/switch';
import { EXIT, OutsideError, parseFlags, runCli } from './lib/cli';

/** The Node.js release the fork's CLI runs on (at least FORK.cliNode); the same release CI's Node 22 run uses. */
const CLI_NODE_VERSION = '22.23.3';

const ROOT = resolve(__dirname, '..');
const PROFILES = 'stacks/profiles';

/** One step of the run, for the report. */
interface Step {
  readonly name: string;
  readonly ok: boolean;
  readonly seconds: number;
  readonly detail: readonly string[];
}

runCli(async (argv) => {
  const flags = parseFlags(argv, { 'inject-difference': { type: 'boolean' }, keep: { type: 'boolean' } });
  const started = Date.now();
  const work = mkdtempSync(join(tmpdir(), 'compat-cdktn-'));
  if (!relative(ROOT, work).startsWith('..')) throw new Error(`the temporary folder ${work} is inside ${ROOT}`);
  const steps: Step[] = [];
  try {
    await run(work, steps, flags['inject-difference'] === true);
  } finally {
    if (flags.keep) process.stdout.write(`kept the temporary copy: ${work}\n`);
    else rmSync(work, { recursive: true, force: true });
  }
  const failed = steps.filter((s) => !s.ok);
  process.stdout.write(
    `${failed.length === 0 ? 'PASS' : 'FAIL'}: ${steps.length - failed.length} of ${steps.length} checks passed in ${seconds(started)} s\n`,
  );
  return failed.length === 0 ? EXIT.ok : EXIT.negative;
});

async function run(work: string, steps: Step[], inject: boolean): Promise<void> {
  const copy = join(work, 'repo');
  const env = childEnv();
  const report = (step: Step) => {
    steps.push(step);
    process.stdout.write(`${step.ok ? 'ok  ' : 'FAIL'} ${step.name} (${step.seconds} s)\n`);
    for (const line of step.detail) process.stdout.write(`       ${line}\n`);
  };
  const profiles = readdirSync(join(ROOT, PROFILES))
    .filter((f) => f.endsWith('.yaml'))
    .sort();
  if (profiles.length === 0) throw new Error(`no profiles in ${PROFILES}`);
  process.stdout.write(
    `compat:cdktn: cdktf ${installedVersion(ROOT, 'cdktf')} -> ${FORK.core.name} ${FORK.core.version}, ` +
      `@cdktf/provider-azurerm ${installedVersion(ROOT, '@cdktf/provider-azurerm')} -> ${FORK.provider.name} ${FORK.provider.version}\n`,
  );

  // 1. The reference: the original tree synthesized with cdktf, each profile into its own folder.
  let t = Date.now();
  const baseline = new Map<string, Json>();
  for (const profile of profiles) {
    const out = join(work, 'baseline', profile);
    const r = await $({
      cwd: ROOT,
      env,
      nothrow: true,
      quiet: true,
    })`${bin(ROOT, 'tsx')} ${join(ROOT, 'scripts/synth.ts')} --profile ${join(ROOT, PROFILES, profile)} --out ${out}`;
    if (r.exitCode !== 0) throw new Error(`cdktf synth of ${profile} failed in the original tree:\n${tail(r)}`);
    for (const [name, json] of readStacks(out)) baseline.set(name, json);
  }
  report({
    name: `cdktf synth of ${profiles.length} profile(s) in the original tree`,
    ok: true,
    seconds: seconds(t),
    detail: [],
  });

  // 2. The copy, switched by the same code a real switch uses.
  t = Date.now();
  copyTree(ROOT, copy);
  const switched = applySwitch(copy);
  if (inject) injectDifference(join(copy, PROFILES));
  report({
    name: 'switch applied to a temporary copy',
    ok: switched.specifiers > 0,
    seconds: seconds(t),
    detail: [
      `${switched.specifiers} import specifier(s) renamed in ${switched.files.length} file(s); package.json: ` +
        `${FORK.core.name}, ${FORK.cli.name}, ${FORK.provider.name}, constructs ${FORK.constructs}, ` +
        `override ${FORK.provider.name} -> ${FORK.core.name}`,
      ...(inject ? ['--inject-difference: every profile in the copy carries an extra tag'] : []),
    ],
  });

  // 3. Install the fork's packages in the copy.
  t = Date.now();
  const install = await $({
    cwd: copy,
    env,
    nothrow: true,
    quiet: true,
  })`npm install --no-audit --no-fund --prefer-offline`;
  if (install.exitCode !== 0) {
    if (/E(NOTFOUND|AI_AGAIN|CONNREFUSED|CONNRESET|TIMEDOUT)|ETIMEDOUT/.test(install.stderr)) {
      throw new OutsideError(
        `npm install could not reach the registry:\n${tail(install)}`,
        'check npm registry access',
      );
    }
    report({ name: 'npm install of the fork packages', ok: false, seconds: seconds(t), detail: [tail(install)] });
    return;
  }
  report({
    name: 'npm install of the fork packages',
    ok: true,
    seconds: seconds(t),
    detail: [
      `${FORK.core.name} ${installedVersion(copy, FORK.core.name)}, ${FORK.provider.name} ${installedVersion(copy, FORK.provider.name)}, constructs ${installedVersion(copy, 'constructs')}`,
    ],
  });

  // 4. Type check.
  t = Date.now();
  const tsc = await $({ cwd: copy, env, nothrow: true, quiet: true })`${bin(copy, 'tsc')} -p .`;
  report({
    name: 'type check (tsc -p .)',
    ok: tsc.exitCode === 0,
    seconds: seconds(t),
    detail: tsc.exitCode === 0 ? [] : [tail(tsc)],
  });

  // 5. Every profile synthesized with the fork, compared with cdktf's output.
  for (const profile of profiles) {
    t = Date.now();
    const out = join(work, 'fork', profile);
    const r = await $({
      cwd: copy,
      env,
      nothrow: true,
      quiet: true,
    })`${bin(copy, 'tsx')} scripts/synth.ts --profile ${join(PROFILES, profile)} --out ${out}`;
    const name = `cdktn synth of ${profile} compared with cdktf`;
    if (r.exitCode !== 0) report({ name, ok: false, seconds: seconds(t), detail: [tail(r)] });
    else report({ name, ...verdict(baseline, readStacks(out)), seconds: seconds(t) });
  }

  // 6. The fork's CLI on Node.js 22, running the cdktf.json app (the default profile).
  t = Date.now();
  const nodeBin = await provisionNode(join(work, 'node'), env);
  const cliOut = join(work, 'cli');
  const cliEnv = { ...env, PATH: `${nodeBin}${delimiter}${env.PATH ?? ''}` };
  const cli = await $({
    cwd: copy,
    env: cliEnv,
    nothrow: true,
    quiet: true,
  })`${bin(copy, 'cdktn')} synth --output ${cliOut}`;
  const nodeVersion = (await $({ env: cliEnv, quiet: true })`node --version`).stdout.trim();
  const name = `cdktn synth through the ${FORK.cli.name} CLI on Node.js ${nodeVersion} compared with cdktf`;
  if (!atLeast(nodeVersion, FORK.cliNode)) {
    report({
      name,
      ok: false,
      seconds: seconds(t),
      detail: [`${FORK.cli.name} needs Node.js ${FORK.cliNode} or newer`],
    });
  } else if (cli.exitCode !== 0 || !existsSync(join(cliOut, 'stacks'))) {
    report({ name, ok: false, seconds: seconds(t), detail: [tail(cli)] });
  } else {
    report({ name, ...verdict(baseline, readStacks(cliOut)), seconds: seconds(t) });
  }
}

/** The comparison of every stack a synth wrote with the baseline stack of the same name. */
function verdict(baseline: ReadonlyMap<string, Json>, stacks: ReadonlyMap<string, Json>): Pick<Step, 'ok' | 'detail'> {
  const detail: string[] = [];
  let ok = stacks.size > 0;
  if (stacks.size === 0) detail.push('no stack was written');
  for (const [stack, json] of stacks) {
    const reference = baseline.get(stack);
    if (reference === undefined) {
      ok = false;
      detail.push(`stack ${stack}: cdktf wrote no stack of that name`);
      continue;
    }
    const c: StackComparison = compareStacks(reference, json);
    if (c.unexpected.length > 0) ok = false;
    detail.push(
      `stack ${stack}: ${c.unexpected.length === 0 ? 'identical' : `${c.unexpected.length} unexpected difference(s)`}` +
        (c.allowed.length > 0 ? `; allowed: ${formatDifferences(c.allowed).join(', ')}` : ''),
      ...formatDifferences(c.unexpected).map((l) => `  ${l}`),
    );
  }
  return { ok, detail };
}

/** Every `stacks/<name>/cdk.tf.json` below a synth output folder, by stack name. */
function readStacks(outdir: string): Map<string, Json> {
  const stacksDir = join(outdir, 'stacks');
  const stacks = new Map<string, Json>();
  if (!existsSync(stacksDir)) return stacks;
  for (const name of readdirSync(stacksDir).sort()) {
    const file = join(stacksDir, name, 'cdk.tf.json');
    if (existsSync(file)) stacks.set(name, JSON.parse(readFileSync(file, 'utf8')) as Json);
  }
  return stacks;
}

/**
 * Copies the files git would commit (tracked and untracked, not ignored) so that installed packages and outputs stay
 * behind; without git, everything except dot-folders, node_modules and outputs.
 */
function copyTree(from: string, to: string): void {
  const listed = spawnList(from);
  if (listed === undefined) {
    const skipped = new Set(['node_modules', 'cdktf.out', 'coverage', 'handoff-out']);
    cpSync(from, to, {
      recursive: true,
      filter: (src) =>
        src === from ||
        !relative(from, src)
          .split(sep)
          .some((p) => p.startsWith('.') || skipped.has(p)),
    });
    return;
  }
  for (const file of listed) {
    if (!existsSync(join(from, file))) continue; // deleted in the work tree but still tracked
    mkdirSync(dirname(join(to, file)), { recursive: true });
    cpSync(join(from, file), join(to, file));
  }
}

function spawnList(root: string): string[] | undefined {
  const r = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: root,
    encoding: 'utf8',
  });
  return r.status === 0 ? r.stdout.split('\0').filter(Boolean) : undefined;
}

/** Adds a tag to every profile of the copy, so every tagged resource differs from the baseline. */
function injectDifference(profilesDir: string): void {
  for (const f of readdirSync(profilesDir).filter((n) => n.endsWith('.yaml'))) {
    const path = join(profilesDir, f);
    const profile = yaml.load(readFileSync(path, 'utf8')) as { tags?: Record<string, string> };
    profile.tags = { ...profile.tags, 'compat-injected': 'true' };
    writeFileSync(path, yaml.dump(profile));
  }
}

/** Installs the npm `node` package into `prefix` and returns the folder holding its `node` binary. */
async function provisionNode(prefix: string, env: NodeJS.ProcessEnv): Promise<string> {
  const r = await $({
    env,
    nothrow: true,
    quiet: true,
  })`npm install --prefix ${prefix} --no-save --no-audit --no-fund --no-package-lock node@${CLI_NODE_VERSION}`;
  const dir = join(prefix, 'node_modules', 'node', 'bin');
  if (r.exitCode !== 0 || !existsSync(join(dir, 'node'))) {
    throw new OutsideError(`node@${CLI_NODE_VERSION} could not be installed from the npm registry:\n${tail(r)}`);
  }
  return dir;
}

/**
 * The environment for child processes: without the variables `npm run` sets (npm_config_local_prefix would point
 * an inner npm at the user's tree), without the user's node_modules/.bin on PATH, without a profile or output choice,
 * and with HashiCorp's checkpoint calls and update notices off.
 */
function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^npm_/i.test(k) || ['INIT_CWD', 'VAST_PROFILE', 'CDKTF_OUTDIR'].includes(k)) continue;
    env[k] = v;
  }
  env.PATH = (process.env.PATH ?? '')
    .split(delimiter)
    .filter((p) => p && !resolve(p).startsWith(ROOT + sep))
    .join(delimiter);
  return { ...env, CHECKPOINT_DISABLE: '1', NO_UPDATE_NOTIFIER: '1', npm_config_update_notifier: 'false' };
}

/** Whether a version (`v22.23.3` or `22.23.3`) is at least `minimum`. */
function atLeast(version: string, minimum: string): boolean {
  const parts = (v: string) => v.replace(/^v/, '').split('.').map(Number);
  const [a, b] = [parts(version), parts(minimum)];
  for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
  return true;
}

function bin(root: string, name: string): string {
  return join(root, 'node_modules', '.bin', name);
}

function installedVersion(root: string, pkg: string): string {
  const file = join(root, 'node_modules', pkg, 'package.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version : 'not installed';
}

function tail(r: ProcessOutput, lines = 15): string {
  return `${r.stdout}\n${r.stderr}`.trim().split('\n').slice(-lines).join('\n');
}

function seconds(since: number): number {
  return Math.round((Date.now() - since) / 100) / 10;
}
