/**
 * verify-bundle's exit codes (issue 12, item 8): picked from the failure's class, never from its text; a missing
 * terraform binary is its own failure, not "registry unreachable". The command's main function runs in-process,
 * its failures printed and mapped the way `runCli` does.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runHandoff } from '../../scripts/handoff/command';
import { NotABundleError, RegistryUnreachableError, TerraformMissingError } from '../../scripts/handoff/verify';
import { verifyBundleMain } from '../../scripts/handoff/verify-command';
import { EXIT, failureExitCode } from '../../scripts/lib/cli';
import { runInProcess } from '../support/run';
import { offlineTerraform } from './support';

let bundle: string;

beforeAll(async () => {
  bundle = join(mkdtempSync(join(tmpdir(), 'verify-exit-')), 'bundle');
  await runHandoff(['--out', bundle], {});
});

/** Runs `verify-bundle ...argv` in-process with the given terraform binary. */
function verify(argv: string[], terraform = '/nonexistent/terraform') {
  return runInProcess((out) => verifyBundleMain(argv, { stdout: out, terraform }));
}

describe('verify-bundle exit codes', () => {
  it('exits 0 when every check passes or is skipped', async () => {
    // GIVEN a fresh bundle and a terraform whose fmt accepts it WHEN verified without --validate THEN exit 0
    const r = await verify([bundle], offlineTerraform());
    expect(r.code).toBe(EXIT.ok);
    expect(r.stdout).toMatch(/^ok {6}checksums/m);
  });

  it('fails with exit 1 when a check fails', async () => {
    // GIVEN a copy of the bundle with a file changed after the checksums were written
    const dir = join(mkdtempSync(join(tmpdir(), 'verify-exit-')), 'bundle');
    await runHandoff(['--out', dir], {});
    writeFileSync(join(dir, 'README.md'), `${readFileSync(join(dir, 'README.md'), 'utf8')}\nedited\n`);
    // WHEN verified THEN exit 1 and the checksum step is reported failed
    const r = await verify([dir]);
    expect(r.code).toBe(EXIT.negative);
    expect(r.stdout).toMatch(/^failed {2}checksums/m);
  });

  it('fails with exit 2 when the folder is not a bundle', async () => {
    // GIVEN an empty folder WHEN verified THEN exit 2 naming the missing SHA256SUMS
    const r = await verify([mkdtempSync(join(tmpdir(), 'verify-exit-'))]);
    expect(r.code).toBe(EXIT.input);
    expect(r.stderr).toMatch(/^error: .* is not a handoff bundle: it has no SHA256SUMS\n$/);
  });

  it('fails with exit 2 when no folder or two folders are given', async () => {
    // GIVEN two folders WHEN verified THEN a usage error
    const r = await verify([bundle, bundle]);
    expect(r.code).toBe(EXIT.input);
    expect(r.stderr).toBe('error: give exactly one bundle folder, got 2\n');
  });

  it('fails with exit 3 and its own message when --validate is asked and terraform is missing', async () => {
    // GIVEN no terraform binary WHEN --validate is asked
    const r = await verify([bundle, '--validate'], '/nonexistent/terraform');
    // THEN exit 3, saying terraform is missing and how to install it, not that the registry is unreachable
    expect(r.code).toBe(EXIT.outside);
    expect(r.stderr).toBe(
      'error: --validate runs terraform, but no /nonexistent/terraform binary was found on PATH\n' +
        'what to do: install Terraform (https://developer.hashicorp.com/terraform/install) and put it on PATH, or run without --validate\n',
    );
    expect(r.stderr).not.toMatch(/registry/);
  });

  it('fails with exit 3 naming the registry when terraform init cannot install the provider', async () => {
    // GIVEN a terraform whose init fails as with no registry WHEN --validate is asked
    const r = await verify([bundle, '--validate'], offlineTerraform());
    // THEN exit 3 with terraform's diagnostic and the registry remedy
    expect(r.code).toBe(EXIT.outside);
    expect(r.stderr).toContain('error: terraform init could not install the pinned provider: Error: Failed to query');
    expect(r.stderr).toContain('what to do: run it where registry.terraform.io is reachable, or without --validate\n');
  });
});

describe('verify-bundle failure classes', () => {
  it('map to exit codes by class whatever their text says', () => {
    // GIVEN each failure class with a message that names another failure
    // WHEN mapped THEN the class decides
    expect(failureExitCode(new TerraformMissingError('registry unreachable'))).toBe(EXIT.outside);
    expect(failureExitCode(new RegistryUnreachableError('not a handoff bundle'))).toBe(EXIT.outside);
    expect(failureExitCode(new NotABundleError('registry unreachable'))).toBe(EXIT.input);
  });

  it('keep a missing terraform and an unreachable registry apart', () => {
    // GIVEN a missing-terraform failure WHEN its class is checked THEN it is not a registry failure, and both remedies differ
    const missing = new TerraformMissingError('x');
    expect(missing).not.toBeInstanceOf(RegistryUnreachableError);
    expect(missing.remedy).not.toBe(new RegistryUnreachableError('x').remedy);
  });
});
