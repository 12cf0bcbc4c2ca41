/**
 * Input problems found late (a policy violation, a machine path in a preflight report, a bootstrap script too large
 * for custom data) are exit 2 with a clear message in every command, never exit 70 or a silent exit 0 (issue 10,
 * item 15). The commands run in-process; the exit code is the one `runCli` would use.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CUSTOM_DATA_MAX_BASE64 } from '../../constructs/compute/cloud-init';
import { runHandoff } from '../../scripts/handoff/command';
import { EXIT, failureExitCode } from '../../scripts/lib/cli';
import { synthesizeTo } from '../../scripts/lib/synth-output';
import { planMain } from '../../scripts/planning/command';
import { synthesizeWithPolicy } from '../../stacks/synthesize';
import { DEFAULT_PROFILE_PATH, loadProfile } from '../../stacks/profile/load';
import { MAX_BOOTSTRAP_SCRIPT_BYTES } from '../../stacks/profile/bootstrap';
import { ProfileError } from '../../stacks/profile/schema';
import { rejection, thrown } from '../support/failures';
import { preflightIdentityOf } from './support';

/** A copy of the default profile with a bootstrap script beside it. */
function profileWithBootstrap(script: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'exit-codes-'));
  const text = readFileSync(DEFAULT_PROFILE_PATH, 'utf8');
  const anchor = '  encryptionAtHost: true\n';
  expect(text).toContain(anchor);
  writeFileSync(join(dir, 'profile.yaml'), text.replace(anchor, `${anchor}  bootstrapScript: boot.sh\n`));
  writeFileSync(join(dir, 'boot.sh'), script);
  return join(dir, 'profile.yaml');
}

const quiet = { stdout: () => undefined, env: {} };

describe('a policy violation', () => {
  it('fails handoff with exit 2 listing the finding, as synth does', async () => {
    // GIVEN a profile whose tag holds a literal secret (VAZ-SEC-012 error; the profile loader already refuses
    // secrets in a bootstrap script, so a tag is what reaches the policy pack)
    const dir = mkdtempSync(join(tmpdir(), 'exit-codes-'));
    const text = readFileSync(DEFAULT_PROFILE_PATH, 'utf8');
    const anchor = '  purpose: vast-poc\n';
    expect(text).toContain(anchor);
    const profile = join(dir, 'profile.yaml');
    writeFileSync(profile, text.replace(anchor, `${anchor}  note: "api_key=abcd1234efgh"\n`));
    const out = join(mkdtempSync(join(tmpdir(), 'exit-codes-')), 'bundle');
    // WHEN handoff runs THEN it is the user's input (exit 2), naming the rule, and nothing is written
    const e = await rejection(runHandoff(['--profile', profile, '--out', out], {}));
    expect(failureExitCode(e)).toBe(EXIT.input);
    expect((e as Error).message).toContain('VAZ-SEC-012');
    expect((e as Error).message).toContain('nothing was written');
  });
});

describe('a preflight report that carries a machine path', () => {
  it('fails handoff with exit 2 naming the file and what leaked', async () => {
    // GIVEN a valid preflight report whose check message holds this machine's home folder
    const dir = mkdtempSync(join(tmpdir(), 'exit-codes-'));
    const report = join(dir, 'report.json');
    writeFileSync(
      report,
      JSON.stringify({
        verdict: 'go',
        subscription: '00000000-0000-0000-0000-000000000000',
        location: 'uksouth',
        zone: '1',
        physicalZone: 'uksouth-az3',
        checks: [{ id: 'quota-family', status: 'pass', message: `read from ${homedir()}/.azure/cache` }],
        profile: preflightIdentityOf(),
      }),
    );
    // WHEN handoff runs with it THEN exit 2, naming the bundle file and the rule
    const e = await rejection(runHandoff(['--out', join(dir, 'out'), '--preflight', report], {}));
    expect(failureExitCode(e)).toBe(EXIT.input);
    expect((e as Error).message).toContain('preflight.json: absolute machine path');
    expect((e as Error).message).toContain('--preflight');
  });
});

describe('a bootstrap script too large for custom data', () => {
  const big = `#!/bin/sh\n# ${'x'.repeat(CUSTOM_DATA_MAX_BASE64)}\n`;

  it('fails loading the profile, naming the field, the size and the limit', () => {
    // GIVEN a bootstrap script whose base64 custom data exceeds Azure's limit WHEN the profile is loaded
    const e = thrown(() => loadProfile(profileWithBootstrap(big)));
    // THEN a ProfileError (exit 2) names nodes.bootstrapScript and the limit
    expect(e).toBeInstanceOf(ProfileError);
    expect((e as Error).message).toContain('nodes.bootstrapScript');
    // (the loader's script-size cap, derived from the custom-data limit, refuses it before encoding)
    expect((e as Error).message).toContain(`at most ${MAX_BOOTSTRAP_SCRIPT_BYTES} bytes`);
  });

  it('fails plan with exit 2 when a script within the reading cap does not fit beside the watcher', async () => {
    // GIVEN a script under the loader's cap that the custom data (node checks + Scheduled Events watcher) cannot hold
    const fitsCapOnly = `#!/bin/sh\n# ${'x'.repeat(30_000)}\n`;
    expect(Buffer.byteLength(fitsCapOnly)).toBeLessThan(MAX_BOOTSTRAP_SCRIPT_BYTES);
    // WHEN plan runs THEN it is the user's input, and the message names the custom data limit
    const e = await rejection(planMain(['--profile', profileWithBootstrap(fitsCapOnly)], quiet));
    expect(failureExitCode(e)).toBe(EXIT.input);
    expect((e as Error).message).toContain(String(CUSTOM_DATA_MAX_BASE64));
  });

  it('fails plan with exit 2, where it used to succeed', async () => {
    const e = await rejection(planMain(['--profile', profileWithBootstrap(big)], quiet));
    expect(failureExitCode(e)).toBe(EXIT.input);
  });

  it('fails handoff with exit 2', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'exit-codes-')), 'bundle');
    const e = await rejection(runHandoff(['--profile', profileWithBootstrap(big), '--out', out], {}));
    expect(failureExitCode(e)).toBe(EXIT.input);
  });

  it('fails synth with exit 2', () => {
    // GIVEN the profile as synth loads it WHEN synth would run THEN the load already fails with exit 2
    const out = join(mkdtempSync(join(tmpdir(), 'exit-codes-')), 'cdktf.out');
    const e = thrown(() => {
      const profile = loadProfile(profileWithBootstrap(big));
      synthesizeTo(profile.name, out, (staging) => synthesizeWithPolicy(profile, { outdir: staging }));
    });
    expect(failureExitCode(e)).toBe(EXIT.input);
  });
});
