/**
 * verify-bundle on a hostile bundle: an ambiguous or escaping SHA256SUMS fails the check, and links, loops and
 * listed folders are reported instead of crashing (issue 10, item 16). The bundle is small and written in-process;
 * terraform is pointed at a missing binary so only the checksum step runs.
 */
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  bundleMarkerFile,
  CHECKSUM_FILE,
  renderChecksums,
  sha256,
  type BundleFile,
} from '../../scripts/handoff/integrity';
import { NotABundleError, verifyBundle, type VerifyStep } from '../../scripts/handoff/verify';
import { writeBundle } from '../../scripts/handoff/writer';

const NO_TERRAFORM = { terraform: join(tmpdir(), 'no-such-terraform-binary') };

/** A fresh small bundle in its own folder. */
function bundle(): string {
  const list: BundleFile[] = [
    bundleMarkerFile(),
    { path: 'README.md', content: '# bundle\n' },
    { path: 'terraform/main.tf', content: '# main\n' },
  ];
  const dir = join(mkdtempSync(join(tmpdir(), 'verify-hostile-')), 'bundle');
  writeBundle(dir, [...list, { path: CHECKSUM_FILE, content: renderChecksums(list) }]);
  return dir;
}

function appendSum(dir: string, line: string, first = false): void {
  const sums = readFileSync(join(dir, CHECKSUM_FILE), 'utf8');
  writeFileSync(join(dir, CHECKSUM_FILE), first ? `${line}\n${sums}` : `${sums}${line}\n`);
}

async function checksumStep(dir: string): Promise<VerifyStep> {
  const steps = await verifyBundle(dir, NO_TERRAFORM);
  return steps.find((s) => s.id === 'checksums')!;
}

describe('verifyBundle on a hostile bundle', () => {
  it('passes the untouched bundle', async () => {
    expect(await checksumStep(bundle())).toMatchObject({ status: 'ok' });
  });

  it('fails when a path is listed twice, the wrong hash first', async () => {
    // GIVEN README.md listed twice: a wrong hash, then the right one
    const dir = bundle();
    appendSum(dir, `${'0'.repeat(64)}  README.md`, true);
    // WHEN verified THEN the checksum file is ambiguous: failed
    const step = await checksumStep(dir);
    expect(step.status).toBe('failed');
    expect(step.message).toContain('"README.md" a second time');
  });

  it('fails when an entry leaves the bundle with "../", even when the outside file matches', async () => {
    // GIVEN a file beside the bundle and an entry "../outside.txt" with its true hash
    const dir = bundle();
    writeFileSync(join(dir, '..', 'outside.txt'), 'outside\n');
    appendSum(dir, `${sha256('outside\n')}  ../outside.txt`);
    // WHEN verified THEN failed, naming the escaping entry
    const step = await checksumStep(dir);
    expect(step.status).toBe('failed');
    expect(step.message).toContain('leaves the bundle');
  });

  it('fails, without following it, when the bundle holds a symbolic link loop', async () => {
    const dir = bundle();
    symlinkSync('loop', join(dir, 'terraform', 'loop'));
    const step = await checksumStep(dir);
    expect(step.status).toBe('failed');
    expect(step.message).toContain('terraform/loop is a symbolic link');
  });

  it('fails, without walking the file system, when the bundle holds a link to /', async () => {
    const dir = bundle();
    symlinkSync('/', join(dir, 'root'));
    const step = await checksumStep(dir);
    expect(step.status).toBe('failed');
    expect(step.message).toContain('root is a symbolic link');
  });

  it('fails when a listed file is reached through a link to a folder outside the bundle', async () => {
    // GIVEN a link to a folder outside, and an entry through it with the outside file's true hash
    const dir = bundle();
    const outside = mkdtempSync(join(tmpdir(), 'verify-outside-'));
    writeFileSync(join(outside, 'secret'), 'secret\n');
    symlinkSync(outside, join(dir, 'ext'));
    appendSum(dir, `${sha256('secret\n')}  ext/secret`);
    // WHEN verified THEN the entry does not count as a match
    const step = await checksumStep(dir);
    expect(step.status).toBe('failed');
    expect(step.message).toContain('ext/secret is missing');
  });

  it('fails when a folder is listed as a file', async () => {
    const dir = bundle();
    appendSum(dir, `${'a'.repeat(64)}  terraform`);
    const step = await checksumStep(dir);
    expect(step.status).toBe('failed');
    expect(step.message).toContain('terraform is a folder, not a regular file');
  });

  it('fails when SHA256SUMS is a folder, as not a bundle (exit 2)', async () => {
    // GIVEN a folder named SHA256SUMS WHEN verified THEN NotABundleError (the CLI maps it to exit 2)
    const dir = join(mkdtempSync(join(tmpdir(), 'verify-hostile-')), 'bundle');
    mkdirSync(join(dir, CHECKSUM_FILE), { recursive: true });
    await expect(verifyBundle(dir, NO_TERRAFORM)).rejects.toThrow(NotABundleError);
  });

  it('does not run terraform on a bundle whose checksums failed', async () => {
    // GIVEN a bundle with a link WHEN verified THEN the terraform steps are skipped with the reason
    const dir = bundle();
    symlinkSync('/', join(dir, 'terraform', 'root'));
    const steps = await verifyBundle(dir, { validate: true });
    expect(steps.find((s) => s.id === 'terraform-fmt')).toMatchObject({ status: 'skipped' });
    expect(steps.find((s) => s.id === 'terraform-validate')?.message).toContain('checksums failed');
  });
});
