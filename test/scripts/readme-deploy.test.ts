// Issue 13: the README's deploy block is run, as far as it goes offline. The commands are read from README.md
// (section "Deploying (field engineers)"), so a change there that breaks them breaks this test; a line the test does
// not know fails it rather than being skipped silently.
import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArmEmulator } from '../support/arm-emulator/server';
import { commandEnv, ROOT, spawnCommand } from '../support/run';
import { FAKE_TOKEN, startEmulator, SUBSCRIPTION } from '../preflight/support';
import { DEFAULT_PROFILE_PATH } from '../../stacks/profile/load';

const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const SCRIPTS = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> })
  .scripts;
const CDKTF_APP = (JSON.parse(readFileSync(join(ROOT, 'cdktf.json'), 'utf8')) as { app: string }).app;

/** The shell lines of every `sh` block in the README's deploy section, comments and blank lines removed. */
function deployLines(): string[] {
  const start = README.indexOf('### Deploying (field engineers)');
  expect(start, 'README section "### Deploying (field engineers)"').toBeGreaterThan(0);
  const rest = README.slice(start + 1);
  const section = rest.slice(0, rest.search(/\n##+ /));
  return [...section.matchAll(/```sh\n([\s\S]*?)```/g)]
    .flatMap((m) => m[1]!.split('\n'))
    .map((l) => l.replace(/\s+#\s.*$/, '').trim())
    .filter((l) => l !== '');
}

/** The README's placeholders and the values the test gives them. */
const PLACEHOLDERS: Record<string, string> = {
  '<subscription id>': SUBSCRIPTION,
  '<group name>': 'rg-readme-deploy',
};

/** What the offline run leaves out of the block, and why (each must still appear in the README). */
const NOT_OFFLINE = {
  'npx cdktf diff': 'Terraform and Azure; its synth step (the cdktf.json app) is run instead',
  'npx cdktf deploy': 'Terraform and Azure; its synth step (the cdktf.json app) is run instead',
  'npx cdktf destroy': 'Terraform and Azure',
  '--validate': 'terraform init downloads the azurerm provider from the registry; verify-bundle runs without it',
  CHECKPOINT_DISABLE: 'read by the cdktf CLI only, which is not run',
} as const;

/** The entry point an npm script starts through bin/run.mjs. */
function entryOf(script: string): string {
  const entry = /(?:^|\s)node bin\/run\.mjs (\S+)$/.exec(SCRIPTS[script] ?? '')?.[1];
  expect(entry, `package.json script ${script}`).toBeDefined();
  return entry!;
}

/** An OpenSSH ed25519 public key line, made for the run (wire format: length-prefixed key type and key). */
function sshPublicKey(): string {
  const raw = generateKeyPairSync('ed25519').publicKey.export({ format: 'der', type: 'spki' }).subarray(-32);
  const field = (b: Buffer): Buffer => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(b.length, 0);
    return Buffer.concat([length, b]);
  };
  return `ssh-ed25519 ${Buffer.concat([field(Buffer.from('ssh-ed25519')), field(raw)]).toString('base64')} readme@test`;
}

/** Runs the block's `export` lines in bash (placeholders filled in, HOME the test's) and returns what they set. */
function evaluateExports(lines: readonly string[], home: string): Promise<Record<string, string>> {
  const script = lines
    .map((l) =>
      l.replace(/<[^>]+>/g, (p) => PLACEHOLDERS[p] ?? (expect.fail(`unknown README placeholder ${p}`) as never)),
    )
    .join('\n');
  const names = lines.map((l) => /^export (\w+)=/.exec(l)![1]!);
  return new Promise((resolve, reject) => {
    execFile(
      'bash',
      ['-c', `set -eu\n${script}\nnode -e 'process.stdout.write(JSON.stringify(process.env))'`],
      { env: { PATH: process.env.PATH ?? '', HOME: home } },
      (error, stdout) => {
        if (error) {
          reject(new Error(`the README's export lines failed in bash: ${error.message}`));
          return;
        }
        const env = JSON.parse(stdout) as Record<string, string>;
        resolve(Object.fromEntries(names.map((n) => [n, env[n] ?? ''])));
      },
    );
  });
}

describe('README deploy block, run offline', () => {
  let dir: string;
  let arm: ArmEmulator;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'readme-deploy-'));
    arm = await startEmulator();
  });
  afterAll(async () => {
    await arm.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('preflights, synthesizes, hands off and verifies with the exports of the block, which Terraform reads', async () => {
    // GIVEN the block's lines, a customer profile as the README names it (the shipped default) and an SSH key
    const lines = deployLines();
    const home = join(dir, 'home');
    mkdirSync(join(home, '.ssh'), { recursive: true });
    writeFileSync(join(home, '.ssh', 'id_ed25519.pub'), `${sshPublicKey()}\n`);
    const exports = await evaluateExports(
      lines.filter((l) => l.startsWith('export ')),
      home,
    );
    for (const skipped of Object.keys(NOT_OFFLINE)) expect(lines.join('\n'), skipped).toContain(skipped);
    copyFileSync(DEFAULT_PROFILE_PATH, join(dir, 'my-customer.yaml'));
    const env = commandEnv({ ...exports, AZURE_ARM_ENDPOINT: arm.url, AZURE_ARM_TOKEN: FAKE_TOKEN });
    env.NODE_EXTRA_CA_CERTS = arm.caCertPath;
    expect(exports.TF_VAR_ssh_public_key).toMatch(/^ssh-ed25519 AAAA/);

    // WHEN every other line runs in order, in a folder of its own
    const ran: string[] = [];
    let appOutput: string | undefined;
    for (const line of lines.filter((l) => !l.startsWith('export '))) {
      const npm = /^npm run ([\w:-]+) -- (.+)$/.exec(line);
      const cdktf = /^VAST_PROFILE=(\S+) npx cdktf (diff|deploy|destroy)$/.exec(line);
      if (npm) {
        const args = npm[2]!.split(/\s+/).filter((a) => a !== '--validate');
        const r = await spawnCommand([entryOf(npm[1]!), ...args], { cwd: dir, env });
        expect(r.code, `${line}\n${r.stderr}`).toBe(0);
      } else if (cdktf) {
        // What `cdktf diff` runs first: the cdktf.json app, which reads VAST_PROFILE (once is enough).
        if (appOutput === undefined) {
          appOutput = join(dir, 'cdktf.out');
          const app = /^node bin\/run\.mjs (\S+)$/.exec(CDKTF_APP)?.[1];
          expect(app, `cdktf.json app ${CDKTF_APP}`).toBeDefined();
          const r = await spawnCommand([app!], {
            cwd: dir,
            env: { ...env, VAST_PROFILE: cdktf[1]!, CDKTF_OUTDIR: appOutput },
          });
          expect(r.code, `${CDKTF_APP}\n${r.stderr}`).toBe(0);
        }
      } else {
        expect.fail(`a README deploy line this test does not know how to run offline: ${line}`);
      }
      ran.push(line);
    }

    // THEN preflight asked the emulator about the exported subscription
    expect(ran.some((l) => l.startsWith('npm run preflight'))).toBe(true);
    expect(arm.requests.some((r) => r.path.startsWith(`/subscriptions/${SUBSCRIPTION}/`))).toBe(true);
    // AND every exported TF_VAR_ names a variable of the stack cdktf deploys and of the handoff bundle
    const tfVars = Object.keys(exports).filter((n) => n.startsWith('TF_VAR_'));
    expect(tfVars.length).toBeGreaterThan(0);
    const stack = JSON.parse(readFileSync(join(appOutput!, 'stacks', 'vast-poc', 'cdk.tf.json'), 'utf8')) as {
      variable: Record<string, unknown>;
    };
    const bundleVariables = readFileSync(join(dir, 'handoff-out', 'customer', 'terraform', 'variables.tf'), 'utf8');
    for (const name of tfVars.map((n) => n.slice('TF_VAR_'.length))) {
      expect(Object.keys(stack.variable), name).toContain(name);
      expect(bundleVariables, name).toContain(`variable "${name}"`);
    }
  });
});
