/**
 * A run of `handoff --force` killed at any instant leaves a complete bundle on disk, and the next run cleans what it
 * left (issue 10, item 4). A `kill -9` is simulated in-process: at every step between two file-system changes the
 * parent folder is copied, which is exactly what a killed process would leave behind; the next run then works on the
 * copy.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  bundleMarkerFile,
  CHECKSUM_FILE,
  parseChecksums,
  sha256,
  type BundleFile,
} from '../../scripts/handoff/integrity';
import { writeBundle } from '../../scripts/handoff/writer';
import { markedBundle, scratchDir } from './fixtures';

function files(tag: string): BundleFile[] {
  return markedBundle([
    { path: 'README.md', content: `# ${tag}\n` },
    { path: 'terraform/main.tf', content: `# ${tag}\n` },
    { path: 'terraform/variables.tf', content: `# ${tag} variables\n` },
    { path: 'terraform-json/main.tf.json', content: `{"tag":"${tag}"}\n` },
  ]);
}

function scratch(): string {
  return scratchDir('handoff-crash-');
}

/** The tag of the complete bundle in `dir` ("old" or "new"), or undefined when `dir` is not a complete bundle. */
function completeBundle(dir: string): string | undefined {
  if (!existsSync(join(dir, CHECKSUM_FILE))) return undefined;
  const listed = parseChecksums(readFileSync(join(dir, CHECKSUM_FILE), 'utf8'));
  for (const [path, hex] of listed) {
    if (!existsSync(join(dir, path)) || sha256(readFileSync(join(dir, path))) !== hex) return undefined;
  }
  return /^# (\w+)/.exec(readFileSync(join(dir, 'README.md'), 'utf8'))?.[1];
}

/** A private copy of a crash image, so that a test's next run does not change what another test sees. */
function copyOf(image: { parent: string }): string {
  const copy = join(scratch(), 'image');
  cpSync(image.parent, copy, { recursive: true, verbatimSymlinks: true });
  return copy;
}

/** Forces a new bundle over an old one and returns what a kill at each step would have left, as copies. */
function crashImages(): Array<{ at: string; parent: string }> {
  const parent = scratch();
  const out = join(parent, 'bundle');
  writeBundle(out, files('old'));
  const images: Array<{ at: string; parent: string }> = [];
  const snapshot = (at: string) => {
    const image = join(scratch(), 'image');
    cpSync(parent, image, { recursive: true, verbatimSymlinks: true });
    images.push({ at, parent: image });
  };
  writeBundle(out, files('new'), {
    force: true,
    afterFile: (path) => snapshot(`after writing ${path}`),
    onStep: (step) => snapshot(step),
  });
  return images;
}

describe('handoff --force killed part-way', () => {
  const images = crashImages();

  it('reaches every step between two file-system changes', () => {
    // GIVEN the simulated kills WHEN listed THEN every step of the swap is covered
    expect(images.map((i) => i.at)).toEqual(
      expect.arrayContaining([
        'staged',
        'moved-aside',
        'swapped',
        'removing-previous',
        'previous-partly-removed',
        'done',
      ]),
    );
    expect(images.length).toBeGreaterThanOrEqual(files('x').length + 5);
  });

  it.each(images.map((i) => [i.at, i] as const))(
    'leaves a complete old or new bundle on disk when killed at "%s"',
    (_at, image) => {
      // GIVEN what a kill at that step leaves WHEN the folder and its hidden neighbours are read
      const target = completeBundle(join(image.parent, 'bundle'));
      const aside = readdirSync(image.parent)
        .filter((e) => e.startsWith('.bundle.previous-'))
        .map((e) => completeBundle(join(image.parent, e)));
      // THEN the target is a complete bundle, or (between the two renames) the old bundle is complete aside
      if (target === undefined) expect(aside).toEqual(['old']);
      else expect(['old', 'new']).toContain(target);
    },
  );

  it.each(images.map((i) => [i.at, i] as const))(
    'the next run after a kill at "%s" writes the bundle and leaves no leftovers',
    (_at, image) => {
      // GIVEN what a kill at that step leaves WHEN the command runs again with --force
      const parent = copyOf(image);
      const out = join(parent, 'bundle');
      writeBundle(out, files('newer'), { force: true });
      // THEN the new bundle is in place and nothing else remains beside it
      expect(completeBundle(out)).toBe('newer');
      expect(readdirSync(parent)).toEqual(['bundle']);
    },
  );

  it('puts the previous bundle back when the run died between its two renames', () => {
    // GIVEN a kill after the old bundle was moved aside and before the new one was moved in
    const parent = copyOf(images.find((i) => i.at === 'moved-aside')!);
    expect(existsSync(join(parent, 'bundle'))).toBe(false);
    // WHEN the next run starts without --force THEN the old bundle is back, and the run refuses to replace it
    expect(() => writeBundle(join(parent, 'bundle'), files('newer'))).toThrow(/is not empty/);
    expect(completeBundle(join(parent, 'bundle'))).toBe('old');
    expect(readdirSync(parent)).toEqual(['bundle']);
  });
});

describe('leftovers that are not provably ours', () => {
  it('leaves a staging folder without the marker alone and names it', () => {
    // GIVEN a folder named like a staging folder of a dead process, without the bundle marker
    const parent = scratch();
    const stray = join(parent, '.bundle.staging-999999999-abcdef');
    mkdirSync(stray);
    writeFileSync(join(stray, 'mine.txt'), 'mine');
    // WHEN a bundle is written beside it THEN it is kept and named
    const result = writeBundle(join(parent, 'bundle'), files('new'));
    expect(readFileSync(join(stray, 'mine.txt'), 'utf8')).toBe('mine');
    expect(result.leftAlone).toEqual([expect.stringContaining('.bundle.staging-999999999-abcdef')]);
  });

  it('leaves a staging folder of a running process alone', () => {
    // GIVEN a staging folder with the marker whose process (pid 1) is running
    const parent = scratch();
    const live = join(parent, '.bundle.staging-1-abcdef');
    mkdirSync(live);
    writeFileSync(join(live, bundleMarkerFile().path), bundleMarkerFile().content);
    // WHEN a bundle is written beside it THEN it is kept and named as still running
    const result = writeBundle(join(parent, 'bundle'), files('new'));
    expect(existsSync(live)).toBe(true);
    expect(result.leftAlone).toEqual([expect.stringContaining('process 1 is still running')]);
  });

  it('names, and keeps, folders left by an older version that wrote no marker', () => {
    // GIVEN the leftovers of the previous writer (".staging-XXXXXX" and its ".previous")
    const parent = scratch();
    for (const name of ['.bundle.staging-Ab12Cd', '.bundle.staging-Ab12Cd.previous']) {
      mkdirSync(join(parent, name));
      writeFileSync(join(parent, name, 'README.md'), 'old');
    }
    // WHEN a bundle is written THEN both are kept and named
    const result = writeBundle(join(parent, 'bundle'), files('new'));
    expect(readdirSync(parent).sort()).toEqual(['.bundle.staging-Ab12Cd', '.bundle.staging-Ab12Cd.previous', 'bundle']);
    expect(result.leftAlone).toHaveLength(2);
  });
});
