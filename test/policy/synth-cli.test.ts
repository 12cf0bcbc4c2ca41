import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { POLICY_RULES } from '../../constructs/policy/registry';
import { synthMain } from '../../scripts/synth/command';
import { commandEnv, runInProcess } from '../support/run';
import { SHIPPED_PROFILES_DIR as PROFILES_DIR } from '../../stacks/profile/load';

/** Runs synth's main function in this process (the CLI's own wiring is tested in test/scripts/synth.test.ts). */
async function synth(
  profilePath: string,
  out: string,
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const env = commandEnv();
  const run = await runInProcess((o, e) => synthMain(['--profile', profilePath, '--out', out], env, o, e));
  return { status: run.code, stdout: run.stdout, stderr: run.stderr };
}

/** A copy of the default profile in a temp folder, with text replaced and extra files beside it. */
function profileFile(replace: [string, string][], files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'policy-cli-'));
  let text = readFileSync(join(PROFILES_DIR, 'default.yaml'), 'utf8');
  for (const [from, to] of replace) {
    expect(text).toContain(from);
    text = text.replace(from, to);
  }
  writeFileSync(join(dir, 'profile.yaml'), text);
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return join(dir, 'profile.yaml');
}

describe('npm run synth with the policy pack', () => {
  it('fails with exit code 2, the rule id, resource path and fix, and writes nothing, when a profile breaks a rule', async () => {
    // GIVEN a profile whose tag holds a literal secret (the loader refuses secrets in a bootstrap script itself,
    // so a tag is what reaches the policy pack)
    const path = profileFile([['  purpose: vast-poc\n', '  purpose: vast-poc\n  note: "api_key=abcd1234efgh"\n']]);
    const out = join(mkdtempSync(join(tmpdir(), 'policy-out-')), 'out');
    // WHEN synth runs
    const result = await synth(path, out);
    // THEN it fails as the user's input, names rule, path and fix, and leaves no stack output
    expect(result.status).toBe(2);
    // (the tags are in one local that every resource references, so the literal is found there, once)
    expect(result.stderr).toContain('ERROR VAZ-SEC-012 at vast-poc/common_tags (local)');
    expect(result.stderr).toContain('fix: Pass credentials as sensitive Terraform variables');
    expect(result.stderr).toContain('nothing was written');
    expect(existsSync(join(out, 'stacks', 'vast-poc'))).toBe(false);
  });

  it('prints warnings and suppressions and succeeds', async () => {
    // GIVEN a profile with encryption at host off and a suppression for a path that does not exist
    const path = profileFile([
      ['  encryptionAtHost: true\n', '  encryptionAtHost: false\n'],
      [
        'planning:\n',
        'policy:\n  suppressions:\n    - { rule: VAZ-SEC-002, path: network/typo, reason: stale }\nplanning:\n',
      ],
    ]);
    const out = join(mkdtempSync(join(tmpdir(), 'policy-out-')), 'out');
    // WHEN synth runs
    const result = await synth(path, out);
    // THEN it succeeds and lists the warnings (the management node follows the nodes) and the unused suppression
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(
      `policy: vast-poc: 0 errors, 2 warnings, 0 suppressed (${POLICY_RULES.length} rules)`,
    );
    expect(result.stdout).toContain('WARNING VAZ-SEC-013 at vast-poc/nodes/vmss');
    expect(result.stdout).toContain('WARNING VAZ-SEC-013 at vast-poc/management/vm');
    expect(result.stdout).toContain('UNUSED SUPPRESSION VAZ-SEC-002 for "network/typo"');
    expect(existsSync(join(out, 'stacks', 'vast-poc', 'cdk.tf.json'))).toBe(true);
  });

  it('adds nothing to the output for a clean shipped profile', async () => {
    // GIVEN the shipped fault-domains profile
    const dir = mkdtempSync(join(tmpdir(), 'policy-cli-'));
    copyFileSync(join(PROFILES_DIR, 'fault-domains.yaml'), join(dir, 'fd.yaml'));
    // WHEN synth runs
    const result = await synth(join(dir, 'fd.yaml'), join(dir, 'out'));
    // THEN only the usual line is printed
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^vast-poc-fd: \d+ resources -> .*cdk\.tf\.json\n$/);
  });
});
