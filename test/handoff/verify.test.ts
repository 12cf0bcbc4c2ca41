import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runHandoff } from '../../scripts/handoff/command';
import { sha256 } from '../../scripts/handoff/integrity';
import { RegistryUnreachableError, TerraformMissingError, verifyBundle } from '../../scripts/handoff/verify';
import { offlineTerraform } from './support';

const haveTerraform = spawnSync('terraform', ['version']).status === 0;
let template: string;

beforeAll(async () => {
  template = join(mkdtempSync(join(tmpdir(), 'verify-')), 'bundle');
  await runHandoff(['--out', template], {});
});

/** A fresh copy of the generated bundle, so each test can damage its own. */
function bundle(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'verify-')), 'bundle');
  spawnSync('cp', ['-r', template, dir]);
  return dir;
}

/** Rewrites a file and its SHA256SUMS line, so only the step under test can object. */
function rewrite(dir: string, path: string, content: string): void {
  const before = sha256(readFileSync(join(dir, path)));
  writeFileSync(join(dir, path), content);
  const sums = readFileSync(join(dir, 'SHA256SUMS'), 'utf8').replace(before, sha256(content));
  writeFileSync(join(dir, 'SHA256SUMS'), sums);
}

describe('verifyBundle', () => {
  it('passes a freshly generated bundle', async () => {
    const steps = await verifyBundle(bundle());
    expect(steps.find((s) => s.id === 'checksums')).toMatchObject({ status: 'ok' });
    expect(steps.find((s) => s.id === 'terraform-validate')).toMatchObject({ status: 'skipped' });
    expect(steps.find((s) => s.id === 'terraform-fmt')).toMatchObject(
      haveTerraform
        ? { status: 'ok', message: 'terraform/ and examples/ are terraform fmt canonical' }
        : { status: 'skipped' },
    );
  });

  it('fails when a file was changed after the checksums were written', async () => {
    const dir = bundle();
    appendFileSync(join(dir, 'README.md'), 'edited\n');
    const steps = await verifyBundle(dir);
    expect(steps.find((s) => s.id === 'checksums')).toEqual({
      id: 'checksums',
      status: 'failed',
      message: 'README.md does not match its checksum',
    });
  });

  it('fails when a file is missing or not listed', async () => {
    const dir = bundle();
    rmSync(join(dir, 'RUNBOOK.md'));
    writeFileSync(join(dir, 'notes.txt'), 'extra');
    const message = (await verifyBundle(dir)).find((s) => s.id === 'checksums')?.message;
    expect(message).toContain('RUNBOOK.md is missing');
    expect(message).toContain('notes.txt is not listed in SHA256SUMS');
  });

  it.skipIf(!haveTerraform)(
    `fails when the HCL is not terraform fmt canonical${haveTerraform ? '' : ' (SKIPPED: no terraform binary on PATH)'}`,
    async () => {
      const dir = bundle();
      rewrite(
        dir,
        'terraform/outputs.tf',
        readFileSync(join(dir, 'terraform/outputs.tf'), 'utf8').replace(/ = /, '   =   '),
      );
      const steps = await verifyBundle(dir);
      expect(steps.find((s) => s.id === 'checksums')).toMatchObject({ status: 'ok' });
      expect(steps.find((s) => s.id === 'terraform-fmt')).toEqual({
        id: 'terraform-fmt',
        status: 'failed',
        message: 'not terraform fmt canonical: terraform/outputs.tf',
      });
    },
  );

  it.skipIf(!haveTerraform)(
    `fails when the example tfvars is not terraform fmt canonical${haveTerraform ? '' : ' (SKIPPED: no terraform binary on PATH)'}`,
    async () => {
      // GIVEN a bundle whose examples/ file was re-laid out and re-checksummed WHEN verified THEN fmt names it
      const dir = bundle();
      const example = 'examples/vast-poc.tfvars';
      rewrite(dir, example, readFileSync(join(dir, example), 'utf8').replace(/ = /, '   =   '));
      const steps = await verifyBundle(dir);
      expect(steps.find((s) => s.id === 'checksums')).toMatchObject({ status: 'ok' });
      expect(steps.find((s) => s.id === 'terraform-fmt')).toEqual({
        id: 'terraform-fmt',
        status: 'failed',
        message: `not terraform fmt canonical: ${example}`,
      });
    },
  );

  it('fails with the registry error when validation cannot install the provider', async () => {
    const dir = bundle();
    await expect(verifyBundle(dir, { validate: true, terraform: offlineTerraform() })).rejects.toThrow(
      new RegistryUnreachableError(
        'terraform init could not install the pinned provider: Error: Failed to query available provider packages Could not connect to the registry.',
      ),
    );
  });

  it('fails when the folder is not a bundle', async () => {
    await expect(verifyBundle(mkdtempSync(join(tmpdir(), 'verify-')))).rejects.toThrow(
      /is not a handoff bundle: it has no SHA256SUMS/,
    );
  });
});

describe('verifyBundle --validate without terraform', () => {
  it('fails instead of passing a check it could not run', async () => {
    // GIVEN no terraform binary WHEN --validate is asked THEN TerraformMissingError says so, not "registry unreachable"
    await expect(verifyBundle(bundle(), { validate: true, terraform: '/nonexistent/terraform' })).rejects.toThrow(
      new TerraformMissingError('--validate runs terraform, but no /nonexistent/terraform binary was found on PATH'),
    );
  });
});
