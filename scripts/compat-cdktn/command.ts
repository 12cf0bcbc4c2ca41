/**
 * `npm run compat:cdktn [-- --inject-difference] [--full-install] [--keep]`: proves that moving from cdktf to its
 * maintained fork, CDK Terrain, is one mechanical switch that leaves the Terraform unchanged apart from the azurerm
 * version pin.
 *
 * In a temporary copy of the repository (under the system temp folder, removed afterwards; the user's files and
 * node_modules are never written) it applies the switch (package.json and the scripted import rename,
 * scripts/compat-cdktn/switch.ts), installs the fork's packages with npm, runs the type check, synthesizes every
 * shipped profile (stacks/profiles/*.yaml) and compares the Terraform JSON with the cdktf output of the original
 * tree (`//` metadata ignored), then runs `cdktn synth` through the fork's CLI on Node.js 22 (installed from the npm
 * `node` package) and compares that output too. It prints a short report.
 *
 * By default the fork's packages are installed into their own folder and linked into the copy beside the user's
 * other installed dependencies (read only), which keeps the run short enough for CI. `--full-install` runs
 * `npm install` in the copy instead, exactly as a real switch would (several minutes).
 * `--inject-difference` adds a tag to every profile in the copy, so the run must fail: a check of the check.
 * `--keep` leaves the temporary folder in place.
 *
 * Exit codes: 0 the switch is clean; 1 a difference or a failed step; 2 bad flags; 3 the npm registry or the Node.js
 * package could not be reached; 70 a bug. Needs the npm registry only; no Terraform provider is downloaded.
 */
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, relative, resolve, sep } from 'node:path';
import yaml from 'js-yaml';
import { $, type ProcessOutput } from 'zx';
import { compareStacks, formatDifferences, type Json } from './compare';
import { applySwitch, FORK } from './switch';
import { EXIT, HELP_FLAG, OutsideError, parseFlags } from '../lib/cli';
import { REPO_ROOT } from '../../lib/repo-root';
import { SHIPPED_PROFILES_FOLDER as PROFILES, shippedProfileFiles } from '../../stacks/profile/load';

/** The Node.js release the fork's CLI runs on (at least FORK.cliNode); the same release CI's Node 22 run uses. */
const CLI_NODE_VERSION = '22.23.3';

const ROOT = REPO_ROOT;

/** The user's installed packages the overlay leaves out: cdktf's, and constructs (the fork needs a newer one). */
const REPLACED_MODULES = new Set(['cdktf', 'cdktf-cli', 'constructs']); // and the @cdktf scope, see linkModules

/** One checked step, for the report. */
interface Step {
  readonly name: string;
  readonly ok: boolean;
  readonly seconds: number;
  readonly detail: readonly string[];
}

/** Synthesized stacks by stack name, or why there are none. */
interface SynthOutput {
  readonly stacks: ReadonlyMap<string, Json>;
  readonly failure?: string;
  /** Wall time of this synth. */
  readonly seconds?: number;
}

/** The flags compat:cdktn accepts. */
export const COMPAT_CDKTN_FLAGS = {
  'inject-difference': { type: 'boolean' },
  'full-install': { type: 'boolean' },
  keep: { type: 'boolean' },
  ...HELP_FLAG,
} as const;

/** Usage text of the command (`--help`). */
export const COMPAT_CDKTN_USAGE = `Usage: npm run compat:cdktn [-- --inject-difference] [--full-install] [--keep]

Proves that moving from cdktf to CDK Terrain (${FORK.core.name}) is one mechanical switch: in a temporary copy of the
repository it applies the switch, installs the fork's packages, type checks, synthesizes every shipped profile and
compares the Terraform with today's (apart from the azurerm version pin), then synthesizes through the fork's CLI on
Node.js ${CLI_NODE_VERSION}. Your files and node_modules are never written. Needs the npm registry.

Options:
  --inject-difference   add a tag to every profile in the copy, so the run must fail (default: off)
  --full-install        run npm install in the copy, as a real switch would (several minutes; default: off)
  --keep                leave the temporary copy in place and print where (default: removed)
  -h, --help            show this text

Environment: npm's own settings (registry, proxy, cache) apply to the installs; TMPDIR chooses the temporary folder.

Exit codes: 0 the switch is clean; 1 a difference or a failed step; 2 bad flags; 3 the npm registry or the Node.js
package could not be reached; 70 a bug.
`;

/**
 * Runs compat:cdktn and prints its report on stdout.
 *
 * @returns 0 clean (or `--help`), 1 a difference or a failed step.
 * @throws UsageError (exit 2) for bad flags; OutsideError (exit 3) when the registry cannot be reached.
 */
export async function compatCdktnMain(
  argv: readonly string[],
  out: Pick<NodeJS.WritableStream, 'write'> = process.stdout,
): Promise<number> {
  const flags = parseFlags(argv, COMPAT_CDKTN_FLAGS);
  if (flags.help) {
    out.write(COMPAT_CDKTN_USAGE);
    return EXIT.ok;
  }
  const started = Date.now();
  const work = mkdtempSync(join(tmpdir(), 'compat-cdktn-'));
  if (!relative(ROOT, work).startsWith('..')) throw new Error(`the temporary folder ${work} is inside ${ROOT}`);
  let steps: Step[];
  try {
    steps = await run(work, {
      inject: flags['inject-difference'] === true,
      fullInstall: flags['full-install'] === true,
    });
  } finally {
    if (flags.keep) process.stdout.write(`kept the temporary copy: ${work}\n`);
    else rmSync(work, { recursive: true, force: true });
  }
  for (const step of steps) {
    process.stdout.write(`${step.ok ? 'ok  ' : 'FAIL'} ${step.name} (${step.seconds} s)\n`);
    for (const line of step.detail) process.stdout.write(`       ${line.replace(/\n/g, '\n       ')}\n`);
  }
  const failed = steps.filter((s) => !s.ok).length;
  process.stdout.write(
    `${failed === 0 ? 'PASS' : 'FAIL'}: ${steps.length - failed} of ${steps.length} checks passed; ` +
      `wall time ${seconds(started)} s\n`,
  );
  return failed === 0 ? EXIT.ok : EXIT.negative;
}

/**
 * The whole run. Independent steps overlap (installs are bound by network and disk, synths and the type check by
 * CPU); the report lists the steps in a fixed order once all have finished.
 */
async function run(work: string, options: { inject: boolean; fullInstall: boolean }): Promise<Step[]> {
  const copy = join(work, 'repo');
  const env = childEnv();
  const profiles = shippedProfileFiles(join(ROOT, PROFILES));
  if (profiles.length === 0) throw new Error(`no profiles in ${PROFILES}`);
  process.stdout.write(
    `compat:cdktn: cdktf ${installedVersion(ROOT, 'cdktf')} -> ${FORK.core.name} ${FORK.core.version}, ` +
      `@cdktf/provider-azurerm ${installedVersion(ROOT, '@cdktf/provider-azurerm')} -> ${FORK.provider.name} ` +
      `${FORK.provider.version}; ${profiles.length} profile(s); running...\n`,
  );

  // The copy, switched by the same code a real switch uses.
  const t = Date.now();
  copyTree(ROOT, copy);
  const switched = applySwitch(copy);
  if (options.inject) injectDifference(join(copy, PROFILES));
  const steps: Step[] = [
    {
      name: 'switch applied to a temporary copy',
      ok: switched.specifiers > 0,
      seconds: seconds(t),
      detail: [
        `${switched.specifiers} import specifier(s) renamed in ${switched.files.length} file(s); package.json: ` +
          `${FORK.core.name}, ${FORK.cli.name}, ${FORK.provider.name}, constructs ${FORK.constructs}, ` +
          `override ${FORK.provider.name} -> ${FORK.core.name}`,
        ...(options.inject ? ['--inject-difference: every profile in the copy carries an extra tag'] : []),
      ],
    },
  ];

  // Started together: the cdktf reference synths, the fork's packages and Node.js 22.
  const nodeRun = timed(() => provisionNode(join(work, 'node'), env));
  try {
    return await checks(steps, copy, work, profiles, options.fullInstall, env, nodeRun);
  } finally {
    // Never leave npm writing into a folder that is about to be removed.
    await nodeRun.catch(() => undefined);
  }
}

async function checks(
  steps: Step[],
  copy: string,
  work: string,
  profiles: readonly string[],
  fullInstall: boolean,
  env: NodeJS.ProcessEnv,
  nodeRun: Promise<{ value: string; seconds: number }>,
): Promise<Step[]> {
  const [baseline, install] = await Promise.all([
    timed(() => synthProfiles(ROOT, join(ROOT, PROFILES), profiles, join(work, 'baseline'), env)),
    timed(() => installFork(work, copy, fullInstall, env)),
  ]);
  const baselineFailures = [...baseline.value.values()].flatMap((o) => (o.failure ? [o.failure] : []));
  steps.push(
    {
      name: 'cdktf synth of every profile in the original tree',
      ok: baselineFailures.length === 0,
      seconds: baseline.seconds,
      detail: baselineFailures,
    },
    {
      name: fullInstall
        ? 'npm install in the copy (--full-install)'
        : 'npm install of the fork packages, linked beside the installed dependencies',
      ok: install.value.ok,
      seconds: install.seconds,
      detail: install.value.detail,
    },
  );
  if (!install.value.ok || baselineFailures.length > 0) return steps;
  const reference = new Map([...baseline.value.values()].flatMap((o) => [...o.stacks]));

  // Then together: the type check, the fork synths, and the CLI once Node.js 22 is there.
  const [tsc, fork, cli] = await Promise.all([
    timed(() => $({ cwd: copy, env, nothrow: true, quiet: true })`${bin(copy, 'tsc')} -p .`),
    timed(() => synthProfiles(copy, join(copy, PROFILES), profiles, join(work, 'fork'), env)),
    nodeRun.then((node) => timed(() => cliSynth(copy, install.value.cliBin, node.value, join(work, 'cli'), env))),
  ]);
  steps.push({
    name: 'type check (tsc -p .)',
    ok: tsc.value.exitCode === 0,
    seconds: tsc.seconds,
    detail: tsc.value.exitCode === 0 ? [] : [tail(tsc.value)],
  });
  for (const profile of profiles) {
    const out = fork.value.get(profile)!;
    steps.push({
      name: `cdktn synth of ${profile} compared with cdktf`,
      seconds: out.seconds ?? fork.seconds,
      ...(out.failure ? { ok: false, detail: [out.failure] } : verdict(reference, out.stacks)),
    });
  }
  steps.push({
    name: `cdktn synth through the ${FORK.cli.name} CLI on Node.js ${cli.value.nodeVersion} compared with cdktf`,
    seconds: cli.seconds,
    ...(cli.value.failure
      ? { ok: false, detail: [cli.value.failure] }
      : withNote(
          verdict(reference, cli.value.stacks),
          `node@${CLI_NODE_VERSION} installed in ${(await nodeRun).seconds} s`,
        )),
  });
  return steps;
}

function withNote(v: Pick<Step, 'ok' | 'detail'>, note: string): Pick<Step, 'ok' | 'detail'> {
  return { ok: v.ok, detail: [...v.detail, note] };
}

/** Synthesizes each profile with `scripts/synth.ts` of `root`, each into its own folder, one process at a time. */
async function synthProfiles(
  root: string,
  profilesDir: string,
  profiles: readonly string[],
  outRoot: string,
  env: NodeJS.ProcessEnv,
): Promise<Map<string, SynthOutput>> {
  const outputs = new Map<string, SynthOutput>();
  for (const profile of profiles) {
    const out = join(outRoot, profile);
    const at = Date.now();
    const r = await $({
      cwd: root,
      env,
      nothrow: true,
      quiet: true,
    })`${bin(root, 'tsx')} ${join(root, 'scripts', 'synth.ts')} --profile ${join(profilesDir, profile)} --out ${out}`;
    outputs.set(
      profile,
      r.exitCode === 0
        ? { stacks: readStacks(out), seconds: seconds(at) }
        : { stacks: new Map(), failure: `${profile}: ${tail(r)}`, seconds: seconds(at) },
    );
  }
  return outputs;
}

/**
 * Installs the fork into the copy. By default: the library packages (with the override) in one folder and the CLI
 * in another, then the copy's node_modules is built from links: the user's installed packages (minus cdktf's and
 * constructs) and the fork's. With `full`, `npm install` in the copy, as a real switch does.
 */
async function installFork(
  work: string,
  copy: string,
  full: boolean,
  env: NodeJS.ProcessEnv,
): Promise<{ ok: boolean; detail: string[]; cliBin: string }> {
  const npmInstall = (cwd: string) =>
    $({ cwd, env, nothrow: true, quiet: true })`npm install --no-audit --no-fund --prefer-offline`;
  const failed = (what: string, r: ProcessOutput) => {
    if (/\b(ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT)\b/.test(r.stderr)) {
      throw new OutsideError(`${what} could not reach the npm registry:\n${tail(r)}`, 'check access to the registry');
    }
    return { ok: false, detail: [`${what} failed:\n${tail(r)}`], cliBin: '' };
  };
  let cliBin: string;
  if (full) {
    const r = await npmInstall(copy);
    if (r.exitCode !== 0) return failed('npm install in the copy', r);
    cliBin = bin(copy, 'cdktn');
  } else {
    const pkg = JSON.parse(readFileSync(join(copy, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
      devDependencies?: Record<string, string>;
      overrides: Record<string, unknown>;
    };
    // Stand-alone @cdktf/* tools the switched package.json still names itself (e.g. @cdktf/hcl2json, which the
    // tests use to parse HCL) stay linked; the rest of the scope belongs to the framework the fork replaces.
    const keptScoped = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies }).filter((n) =>
      n.startsWith('@cdktf/'),
    );
    const lib = join(work, 'fork-lib');
    const cli = join(work, 'fork-cli');
    const libraries = [FORK.core.name, FORK.provider.name, 'constructs'];
    writeManifest(lib, Object.fromEntries(libraries.map((n) => [n, pkg.dependencies[n]!])), pkg.overrides);
    writeManifest(cli, { [FORK.cli.name]: FORK.cli.version }, {});
    const [libRun, cliRun] = await Promise.all([npmInstall(lib), npmInstall(cli)]);
    if (libRun.exitCode !== 0) return failed(`npm install ${libraries.join(' ')}`, libRun);
    if (cliRun.exitCode !== 0) return failed(`npm install ${FORK.cli.name}`, cliRun);
    linkModules(
      join(ROOT, 'node_modules'),
      join(lib, 'node_modules'),
      libraries,
      join(copy, 'node_modules'),
      keptScoped,
    );
    cliBin = bin(cli, 'cdktn');
  }
  return {
    ok: true,
    detail: [
      [FORK.core.name, FORK.provider.name, 'constructs'].map((n) => `${n} ${installedVersion(copy, n)}`).join(', ') +
        `, ${FORK.cli.name} ${installedVersion(join(cliBin, '..', '..', '..'), FORK.cli.name)}`,
    ],
    cliBin,
  };
}

function writeManifest(dir: string, dependencies: Record<string, string>, overrides: Record<string, unknown>): void {
  mkdirSync(dir, { recursive: true });
  const manifest = { name: `compat-${dir.split(sep).pop()}`, private: true, dependencies, overrides };
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
}

/**
 * Builds `target` (the copy's node_modules) from symbolic links: every package of `userModules` except cdktf's and
 * constructs, then `forkPackages` from `forkModules`, and a `.bin` folder of the user's commands. Node.js and tsc
 * resolve a linked package's own dependencies from its real location, so each side keeps its dependency tree, and
 * the project and the fork share one constructs. Nothing is ever written through a link.
 */
function linkModules(
  userModules: string,
  forkModules: string,
  forkPackages: readonly string[],
  target: string,
  keptScoped: readonly string[],
) {
  mkdirSync(join(target, '.bin'), { recursive: true });
  for (const entry of readdirSync(userModules)) {
    if (entry === '@cdktf') {
      mkdirSync(join(target, entry));
      for (const name of readdirSync(join(userModules, entry))) {
        if (keptScoped.includes(`${entry}/${name}`))
          symlinkSync(join(userModules, entry, name), join(target, entry, name));
      }
      continue;
    }
    if (entry.startsWith('.') || REPLACED_MODULES.has(entry)) continue;
    if (entry.startsWith('@')) {
      mkdirSync(join(target, entry));
      for (const name of readdirSync(join(userModules, entry))) {
        symlinkSync(join(userModules, entry, name), join(target, entry, name));
      }
    } else {
      symlinkSync(join(userModules, entry), join(target, entry));
    }
  }
  for (const name of forkPackages) {
    mkdirSync(dirname(join(target, name)), { recursive: true });
    symlinkSync(join(forkModules, name), join(target, name));
  }
  for (const name of readdirSync(join(userModules, '.bin'))) {
    if (name.startsWith('cdktf')) continue;
    symlinkSync(realpathSync(join(userModules, '.bin', name)), join(target, '.bin', name));
  }
}

/** Runs `cdktn synth` of the cdktf.json app in the copy with Node.js from `nodeBin` first on PATH. */
async function cliSynth(
  copy: string,
  cliBin: string,
  nodeBin: string,
  out: string,
  env: NodeJS.ProcessEnv,
): Promise<SynthOutput & { nodeVersion: string }> {
  const cliEnv = { ...env, PATH: `${nodeBin}${delimiter}${env.PATH ?? ''}` };
  const nodeVersion = (await $({ env: cliEnv, quiet: true })`node --version`).stdout.trim();
  if (!atLeast(nodeVersion, FORK.cliNode)) {
    return { nodeVersion, stacks: new Map(), failure: `${FORK.cli.name} needs Node.js ${FORK.cliNode} or newer` };
  }
  const r = await $({ cwd: copy, env: cliEnv, nothrow: true, quiet: true })`${cliBin} synth --output ${out}`;
  const stacks = readStacks(out);
  if (r.exitCode !== 0 || stacks.size === 0) return { nodeVersion, stacks, failure: tail(r) };
  return { nodeVersion, stacks };
}

/** The comparison of every stack a synth wrote with the cdktf stack of the same name. */
function verdict(reference: ReadonlyMap<string, Json>, stacks: ReadonlyMap<string, Json>): Pick<Step, 'ok' | 'detail'> {
  if (stacks.size === 0) return { ok: false, detail: ['no stack was written'] };
  const detail: string[] = [];
  let ok = true;
  for (const [stack, json] of stacks) {
    const baseline = reference.get(stack);
    if (baseline === undefined) {
      ok = false;
      detail.push(`stack ${stack}: cdktf wrote no stack of that name`);
      continue;
    }
    const c = compareStacks(baseline, json);
    if (c.unexpected.length > 0) ok = false;
    detail.push(
      `stack ${stack}: ${c.unexpected.length === 0 ? 'no other difference' : `${c.unexpected.length} unexpected difference(s)`}` +
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
 * Copies the files git would commit (tracked and untracked, not ignored), so installed packages and outputs stay
 * behind; without git, everything except dot-folders, node_modules and output folders.
 */
function copyTree(from: string, to: string): void {
  const git = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: from,
    encoding: 'utf8',
  });
  if (git.status !== 0) {
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
  for (const file of git.stdout.split('\0').filter(Boolean)) {
    if (!existsSync(join(from, file))) continue; // deleted in the work tree but still tracked
    mkdirSync(dirname(join(to, file)), { recursive: true });
    cpSync(join(from, file), join(to, file));
  }
}

/** Adds a tag to every profile of the copy, so every tagged resource differs from the cdktf output. */
function injectDifference(profilesDir: string): void {
  for (const f of shippedProfileFiles(profilesDir)) {
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

/** Runs `f` and measures its wall time. */
async function timed<T>(f: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const at = Date.now();
  const value = await f();
  return { value, seconds: seconds(at) };
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
