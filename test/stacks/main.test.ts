import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runScript } from '../support/run';

describe('the cdktf entry point (stacks/main.ts)', () => {
  it('synthesizes the VAST_PROFILE profile into CDKTF_OUTDIR, as the cdktf CLI runs it', async () => {
    // GIVEN the environment the cdktf CLI sets WHEN the app runs
    const out = mkdtempSync(join(tmpdir(), 'main-'));
    const r = await runScript('stacks/main.ts', [], {
      env: { CDKTF_OUTDIR: out, VAST_PROFILE: join(ROOT, 'stacks/profiles/fault-domains.yaml') },
    });
    // THEN the stack named after the profile is written there
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const json = JSON.parse(readFileSync(join(out, 'stacks/vast-poc-fd/cdk.tf.json'), 'utf8'));
    expect(json.terraform.backend.azurerm).toMatchObject({ key: 'vast-poc-fd.tfstate', use_azuread_auth: true });
  });

  it('fails when the profile is invalid, with exit code 2 and nothing written', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'main-'));
    const base = readFileSync(join(ROOT, 'stacks/profiles/default.yaml'), 'utf8');
    writeFileSync(join(dir, 'bad.yaml'), base.replace('vmSize: Standard_L96s_v4', 'vmSize: Standard_D96s_v5'));
    const r = await runScript('stacks/main.ts', [], {
      env: { CDKTF_OUTDIR: join(dir, 'out'), VAST_PROFILE: join(dir, 'bad.yaml') },
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/nodes\.vmSize must be one of the catalog L-series sizes .*got "Standard_D96s_v5"/);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });
});
