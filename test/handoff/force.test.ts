/**
 * `handoff --force` replaces only a folder that is provably a previous bundle of this tool, and never deletes a file
 * it did not write (issue 10, items 1 and 2).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runHandoff } from '../../scripts/handoff/command';
import { BUNDLE_MARKER, CHECKSUM_FILE, type BundleFile } from '../../scripts/handoff/integrity';
import { BundleTargetError, writeBundle } from '../../scripts/handoff/writer';
import { UsageError } from '../../scripts/lib/cli';
import { markedBundle, scratchDir } from './fixtures';

function files(tag: string): BundleFile[] {
  return markedBundle([
    { path: 'README.md', content: `# ${tag}\n` },
    { path: 'terraform/main.tf', content: `# ${tag}\n` },
    { path: 'terraform-json/main.tf.json', content: '{}\n' },
  ]);
}

function scratch(): string {
  return scratchDir('handoff-force-');
}

/** Every path below `dir` (folders end in "/"), sorted. */
function tree(dir: string, base = ''): string[] {
  const out: string[] = [];
  for (const e of readdirSync(join(dir, base), { withFileTypes: true })) {
    const rel = base ? `${base}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(`${rel}/`, ...tree(dir, rel));
    else out.push(rel);
  }
  return out.sort();
}

/** What `terraform init` and `terraform apply` leave in the bundle's HCL folder. */
function applyTerraform(bundle: string): void {
  const tf = join(bundle, 'terraform');
  writeFileSync(join(tf, 'terraform.tfstate'), '{"version":4,"serial":7}\n');
  writeFileSync(join(tf, 'terraform.tfstate.backup'), '{"version":4,"serial":6}\n');
  writeFileSync(join(tf, 'terraform.tfvars'), 'admin_source_cidrs = ["198.51.100.0/24"]\n');
  writeFileSync(join(tf, '.terraform.lock.hcl'), '# lock\n');
  mkdirSync(join(tf, '.terraform', 'providers'), { recursive: true });
  writeFileSync(join(tf, '.terraform', 'providers', 'plugin'), 'binary');
}

describe('handoff --force: what counts as a previous bundle', () => {
  it('fails when the folder has a SHA256SUMS file but no bundle marker', () => {
    // GIVEN a customer folder that happens to hold a SHA256SUMS file
    const out = join(scratch(), 'downloads');
    mkdirSync(out);
    writeFileSync(join(out, CHECKSUM_FILE), 'whatever\n');
    writeFileSync(join(out, 'photos.zip'), 'precious');
    // WHEN a bundle is forced into it THEN it is refused and the folder is untouched
    expect(() => writeBundle(out, files('new'), { force: true })).toThrow(/not a bundle written by vast-azure-poc/);
    expect(tree(out)).toEqual(['SHA256SUMS', 'photos.zip']);
  });

  it('fails when the marker names another tool', () => {
    // GIVEN a folder whose marker was not written by this tool
    const out = join(scratch(), 'other');
    writeBundle(out, files('old'));
    writeFileSync(join(out, BUNDLE_MARKER), JSON.stringify({ tool: 'someone-else', bundleFormat: 1 }));
    // WHEN forced THEN refused, nothing deleted
    expect(() => writeBundle(out, files('new'), { force: true })).toThrow(BundleTargetError);
    expect(readFileSync(join(out, 'README.md'), 'utf8')).toBe('# old\n');
  });

  it('fails when the marker names a bundle format this version does not know', () => {
    // GIVEN a bundle written by a future format
    const out = join(scratch(), 'future');
    writeBundle(out, files('old'));
    writeFileSync(join(out, BUNDLE_MARKER), JSON.stringify({ tool: 'vast-azure-poc', bundleFormat: 99 }));
    // WHEN forced THEN refused naming the format
    expect(() => writeBundle(out, files('new'), { force: true })).toThrow(/bundle format 99/);
    expect(readFileSync(join(out, 'README.md'), 'utf8')).toBe('# old\n');
  });

  it('replaces an untouched previous bundle', () => {
    // GIVEN a previous bundle exactly as written WHEN forced THEN the new bundle replaces it
    const parent = scratch();
    const out = join(parent, 'bundle');
    writeBundle(out, files('old'));
    writeBundle(out, files('new'), { force: true });
    expect(readFileSync(join(out, 'README.md'), 'utf8')).toBe('# new\n');
    expect(readdirSync(parent)).toEqual(['bundle']);
  });
});

describe('handoff --force: files the customer added survive', () => {
  it('fails when the bundle was applied, naming the state, variables, lock file and .terraform folder', () => {
    // GIVEN a bundle in which the customer ran terraform init and apply
    const out = join(scratch(), 'bundle');
    writeBundle(out, files('old'));
    applyTerraform(out);
    const before = tree(out);
    // WHEN a new bundle is forced over it
    let error: unknown;
    try {
      writeBundle(out, files('new'), { force: true });
    } catch (e) {
      error = e;
    }
    // THEN it is refused, every customer file is named, and nothing changed
    expect(error).toBeInstanceOf(BundleTargetError);
    const message = (error as Error).message;
    for (const name of [
      'terraform/terraform.tfstate',
      'terraform/terraform.tfstate.backup',
      'terraform/terraform.tfvars',
      'terraform/.terraform.lock.hcl',
      'terraform/.terraform/',
    ]) {
      expect(message).toContain(name);
    }
    expect(tree(out)).toEqual(before);
    expect(readFileSync(join(out, 'terraform', 'terraform.tfstate'), 'utf8')).toContain('"serial":7');
    expect(readFileSync(join(out, 'README.md'), 'utf8')).toBe('# old\n');
  });

  it('fails when a file of the bundle was edited after it was written', () => {
    // GIVEN a bundle whose main.tf the customer edited
    const out = join(scratch(), 'bundle');
    writeBundle(out, files('old'));
    writeFileSync(join(out, 'terraform', 'main.tf'), '# my change\n');
    // WHEN forced THEN refused naming the edited file, and the edit survives
    expect(() => writeBundle(out, files('new'), { force: true })).toThrow(/terraform\/main\.tf \(changed since/);
    expect(readFileSync(join(out, 'terraform', 'main.tf'), 'utf8')).toBe('# my change\n');
  });

  it('fails when the folder holds a symbolic link, without following it', () => {
    // GIVEN a bundle with a link to a customer folder
    const parent = scratch();
    const mine = join(parent, 'mine');
    mkdirSync(mine);
    writeFileSync(join(mine, 'keep.txt'), 'keep');
    const out = join(parent, 'bundle');
    writeBundle(out, files('old'));
    symlinkSync(mine, join(out, 'terraform', 'link'));
    // WHEN forced THEN refused naming the link; the linked folder is intact
    expect(() => writeBundle(out, files('new'), { force: true })).toThrow(/terraform\/link \(a symbolic link/);
    expect(readFileSync(join(mine, 'keep.txt'), 'utf8')).toBe('keep');
  });

  it('fails through the command with exit 2 when the generated bundle was applied', async () => {
    // GIVEN a real generated bundle that was applied
    const out = join(scratch(), 'bundle');
    await runHandoff(['--out', out], {});
    applyTerraform(out);
    // WHEN the command is run again with --force THEN it is a usage error (exit 2) naming the state file
    await expect(runHandoff(['--out', out, '--force'], {})).rejects.toThrow(UsageError);
    await expect(runHandoff(['--out', out, '--force'], {})).rejects.toThrow(/terraform\/terraform\.tfstate/);
    expect(existsSync(join(out, 'terraform', 'terraform.tfstate'))).toBe(true);
    expect(existsSync(join(out, 'terraform', '.terraform', 'providers', 'plugin'))).toBe(true);
  });

  it('replaces a real generated bundle that was not touched', async () => {
    // GIVEN a generated bundle WHEN the command runs again with --force THEN it succeeds and the marker is listed
    const out = join(scratch(), 'bundle');
    await runHandoff(['--out', out], {});
    const result = await runHandoff(['--out', out, '--force'], {});
    expect(result.files.map((f) => f.path)).toContain(BUNDLE_MARKER);
    expect(readFileSync(join(out, CHECKSUM_FILE), 'utf8')).toContain(`  ${BUNDLE_MARKER}\n`);
  });
});
