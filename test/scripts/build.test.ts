// The commands run compiled (bin/build.mjs, bin/run.mjs): every way to start one goes through the launcher, and the
// launcher's staleness check notices every kind of source change.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ROOT } from '../support/run';

/** bin/build.mjs, plain JavaScript outside the TypeScript project, with the types of what the tests use. */
type Build = {
  readonly allEntries: () => string[];
  readonly inputsSignature: (root?: string) => string;
};

const loadBuild = async (): Promise<Build> =>
  (await import(pathToFileURL(join(ROOT, 'bin', 'build.mjs')).href)) as Build;

/** The entry point after `node bin/run.mjs` in a command line, or undefined when the line does not use it. */
function launched(commandLine: string): string | undefined {
  return /(?:^|\s)node (?:\S*\/)?bin\/run\.mjs (\S+)/.exec(commandLine)?.[1];
}

describe('compiled commands', () => {
  it('every npm script of a command, cdktf.json and bin/vast-poc start a built entry point through bin/run.mjs', async () => {
    // GIVEN the ways a user starts a command
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    const cdktf = JSON.parse(readFileSync(join(ROOT, 'cdktf.json'), 'utf8')) as { app: string };
    const bin = readFileSync(join(ROOT, 'bin', 'vast-poc'), 'utf8');
    const { allEntries } = await loadBuild();
    // WHEN each is read THEN none runs tsx, and each one that runs a toolkit entry names one the build produces
    const lines = { ...pkg.scripts, 'cdktf.json app': cdktf.app };
    for (const [name, line] of Object.entries(lines)) {
      expect(line, name).not.toMatch(/\btsx\b/);
      const entry = launched(line);
      if (entry !== undefined) expect(allEntries(), name).toContain(entry);
    }
    const commands = ['synth', 'preflight', 'plan', 'handoff', 'verify-bundle', 'bench-kit', 'report', 'rules:docs'];
    for (const name of [...commands, 'arm-emulator', 'bench', 'compat:cdktn', 'switch:cdktn']) {
      expect(launched(pkg.scripts[name] ?? ''), name).toBeDefined();
    }
    expect(launched(cdktf.app)).toBe('stacks/main.ts');
    expect(bin).toMatch(/"\$here\/run\.mjs" scripts\/vast-poc\.ts "\$@"/);
  });
});

describe('npm run build', () => {
  it('answers --help with its usage and exit 0, and fails on an unknown flag with exit 2, building nothing', () => {
    // GIVEN the built bundles WHEN bin/build.mjs runs with --help and with an unknown flag
    const before = statSync(join(ROOT, 'dist')).mtimeMs;
    const help = spawnSync(process.execPath, [join(ROOT, 'bin', 'build.mjs'), '--help'], { encoding: 'utf8' });
    const bad = spawnSync(process.execPath, [join(ROOT, 'bin', 'build.mjs'), '--forse'], { encoding: 'utf8' });
    // THEN the usage names the options and the exit codes; the unknown flag is named; dist/ was not rebuilt
    expect(help.status, help.stderr).toBe(0);
    expect(help.stdout).toMatch(/^Usage: npm run build \[-- --if-stale\]/);
    expect(help.stdout).toMatch(/^Exit codes: 0 /m);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--forse');
    expect(statSync(join(ROOT, 'dist')).mtimeMs).toBe(before);
  });
});

describe('build staleness check (inputsSignature)', () => {
  let root: string;
  beforeEach(() => {
    // GIVEN a folder of the repository's layout with one source file and the other inputs
    root = mkdtempSync(join(tmpdir(), 'build-signature-'));
    mkdirSync(join(root, 'scripts', 'lib'), { recursive: true });
    mkdirSync(join(root, 'bin'));
    writeFileSync(join(root, 'scripts', 'lib', 'a.ts'), 'export const a = 1;\n');
    for (const f of ['package-lock.json', 'tsconfig.json', 'bin/build.mjs']) writeFileSync(join(root, f), '{}\n');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('is the same while nothing changes', async () => {
    const { inputsSignature } = await loadBuild();
    expect(inputsSignature(root)).toBe(inputsSignature(root));
  });

  it('changes when a source is edited, even to an older modification time', async () => {
    const { inputsSignature } = await loadBuild();
    const before = inputsSignature(root);
    // WHEN the file is replaced by a copy with an older time (a restore, a checkout of an older file)
    writeFileSync(join(root, 'scripts', 'lib', 'a.ts'), 'export const a = 2;\n');
    utimesSync(join(root, 'scripts', 'lib', 'a.ts'), new Date(2000, 0, 1), new Date(2000, 0, 1));
    // THEN the signature differs
    expect(inputsSignature(root)).not.toBe(before);
  });

  it('changes when a source is added or removed, or the dependencies change', async () => {
    const { inputsSignature } = await loadBuild();
    const before = inputsSignature(root);
    writeFileSync(join(root, 'scripts', 'lib', 'b.ts'), 'export const b = 1;\n');
    const added = inputsSignature(root);
    expect(added).not.toBe(before);
    rmSync(join(root, 'scripts', 'lib', 'b.ts'));
    expect(inputsSignature(root)).toBe(before);
    writeFileSync(join(root, 'package-lock.json'), '{ "lockfileVersion": 3 }\n');
    expect(inputsSignature(root)).not.toBe(before);
  });

  it('ignores test files, which vitest runs from source', async () => {
    const { inputsSignature } = await loadBuild();
    const before = inputsSignature(root);
    writeFileSync(join(root, 'scripts', 'lib', 'a.test.ts'), 'it.todo("x");\n');
    expect(inputsSignature(root)).toBe(before);
  });
});
