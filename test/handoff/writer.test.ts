import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHECKSUM_FILE, type BundleFile } from '../../scripts/handoff/integrity';
import { BundleTargetError, writeBundle } from '../../scripts/handoff/writer';
import { markedBundle, scratchDir } from './fixtures';

function files(tag: string): BundleFile[] {
  return markedBundle([
    { path: 'README.md', content: `# ${tag}\n` },
    { path: 'terraform/main.tf', content: `# ${tag}\n` },
    { path: 'terraform/variables.tf', content: `# ${tag}\n` },
    { path: 'terraform-json/main.tf.json', content: '{}\n' },
  ]);
}

function scratch(): string {
  return scratchDir('handoff-writer-');
}

describe('writeBundle', () => {
  it('writes every file under the target', () => {
    // GIVEN a new target WHEN the bundle is written THEN each file holds its content
    const out = join(scratch(), 'bundle');
    writeBundle(out, files('one'));
    expect(readFileSync(join(out, 'terraform', 'main.tf'), 'utf8')).toBe('# one\n');
    expect(readdirSync(out).sort()).toEqual([
      '.vast-azure-poc-bundle',
      'README.md',
      CHECKSUM_FILE,
      'terraform',
      'terraform-json',
    ]);
  });

  it('writes into an existing empty folder', () => {
    // GIVEN an empty target folder WHEN the bundle is written THEN it holds the bundle
    const out = join(scratch(), 'empty');
    mkdirSync(out);
    writeBundle(out, files('one'));
    expect(existsSync(join(out, CHECKSUM_FILE))).toBe(true);
  });

  it('fails when the target is not empty and force is not set', () => {
    // GIVEN a folder with a file WHEN written without force THEN it is refused and left alone
    const out = join(scratch(), 'busy');
    mkdirSync(out);
    writeFileSync(join(out, 'notes.txt'), 'mine');
    expect(() => writeBundle(out, files('one'))).toThrow(BundleTargetError);
    expect(readdirSync(out)).toEqual(['notes.txt']);
  });

  it('fails when force is set but the target does not hold a previous bundle', () => {
    // GIVEN a non-empty folder without SHA256SUMS WHEN written with force THEN it is refused and left alone
    const out = join(scratch(), 'not-a-bundle');
    mkdirSync(out);
    writeFileSync(join(out, 'notes.txt'), 'mine');
    expect(() => writeBundle(out, files('one'), { force: true })).toThrow(/replaces only a previous handoff bundle/);
    expect(readdirSync(out)).toEqual(['notes.txt']);
  });

  it('fails when the target is a file', () => {
    // GIVEN a file where the folder should go WHEN written THEN it is refused
    const out = join(scratch(), 'file');
    writeFileSync(out, 'x');
    expect(() => writeBundle(out, files('one'))).toThrow(/must name a folder/);
  });

  it('replaces a previous bundle whole when force is set', () => {
    // GIVEN a previous bundle as written WHEN a new one is written with force THEN only the new files remain
    const out = join(scratch(), 'bundle');
    writeBundle(out, files('old'));
    writeBundle(out, files('new'), { force: true });
    expect(readFileSync(join(out, 'README.md'), 'utf8')).toBe('# new\n');
    expect(readFileSync(join(out, 'terraform', 'main.tf'), 'utf8')).toBe('# new\n');
  });

  it('fails when force is set and the previous bundle holds a file it did not list', () => {
    // GIVEN a previous bundle with an extra file WHEN forced THEN refused naming it, and the file survives
    const out = join(scratch(), 'bundle');
    writeBundle(out, files('old'));
    writeFileSync(join(out, 'stale.txt'), 'stale');
    expect(() => writeBundle(out, files('new'), { force: true })).toThrow(/stale\.txt \(not in the bundle\)/);
    expect(readFileSync(join(out, 'stale.txt'), 'utf8')).toBe('stale');
  });

  it('leaves nothing behind when writing fails half-way', () => {
    // GIVEN a failure after the second file WHEN the bundle is written THEN neither the target nor a staging folder exists
    const parent = scratch();
    const out = join(parent, 'bundle');
    const fail = (_path: string, written: number) => {
      if (written === 2) throw new Error('disk full');
    };
    expect(() => writeBundle(out, files('one'), { afterFile: fail })).toThrow('disk full');
    expect(readdirSync(parent)).toEqual([]);
  });

  it('keeps the previous bundle intact when replacing it fails half-way', () => {
    // GIVEN a previous bundle and a failure while writing the new one WHEN forced THEN the previous bundle is unchanged
    const parent = scratch();
    const out = join(parent, 'bundle');
    writeBundle(out, files('old'));
    const fail = (_path: string, written: number) => {
      if (written === 3) throw new Error('killed');
    };
    expect(() => writeBundle(out, files('new'), { force: true, afterFile: fail })).toThrow('killed');
    expect(readFileSync(join(out, 'README.md'), 'utf8')).toBe('# old\n');
    expect(readdirSync(parent)).toEqual(['bundle']);
  });

  it('fails when a path would leave the bundle', () => {
    // GIVEN a file path with ".." WHEN written THEN it is refused and nothing is left
    const parent = scratch();
    expect(() => writeBundle(join(parent, 'b'), [{ path: '../escape.txt', content: 'x' }])).toThrow(/stay inside/);
    expect(readdirSync(parent)).toEqual([]);
  });
});
