/**
 * `npm run synth` replaces only the files it writes, and cleans (or names) what an interrupted run left (issue 10,
 * item 4). The synthesis itself is a stand-in that writes what cdktf writes, so each test runs in milliseconds.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SYNTH_STAGING_MARKER, synthesizeTo } from '../../scripts/lib/synth-output';

/** What cdktf's synth writes into an output folder. */
function fakeSynth(tag: string): (staging: string) => string {
  return (staging) => {
    mkdirSync(join(staging, 'stacks', 'poc'), { recursive: true });
    writeFileSync(join(staging, 'stacks', 'poc', 'cdk.tf.json'), `{"tag":"${tag}"}\n`);
    writeFileSync(
      join(staging, 'manifest.json'),
      JSON.stringify({ version: '0.21.0', stacks: { poc: { synthesizedStackPath: 'stacks/poc/cdk.tf.json' } } }),
    );
    return tag;
  };
}

function scratch(): string {
  return mkdtempSync(join(tmpdir(), 'synth-output-'));
}

describe('synthesizeTo', () => {
  it('keeps the Terraform state, .terraform folder and lock file that cdktf deploy left in the stack folder', () => {
    // GIVEN a stack folder in which cdktf deploy ran terraform (default local backend: terraform.tfstate there)
    const out = join(scratch(), 'cdktf.out');
    synthesizeTo('poc', out, fakeSynth('old'));
    const stack = join(out, 'stacks', 'poc');
    writeFileSync(join(stack, 'terraform.tfstate'), '{"serial":3}');
    writeFileSync(join(stack, '.terraform.lock.hcl'), '# lock');
    mkdirSync(join(stack, '.terraform'));
    writeFileSync(join(stack, '.terraform', 'plugin'), 'bin');
    // WHEN synth runs again
    synthesizeTo('poc', out, fakeSynth('new'));
    // THEN the configuration is new and every Terraform file survives
    expect(readFileSync(join(stack, 'cdk.tf.json'), 'utf8')).toBe('{"tag":"new"}\n');
    expect(readFileSync(join(stack, 'terraform.tfstate'), 'utf8')).toBe('{"serial":3}');
    expect(existsSync(join(stack, '.terraform.lock.hcl'))).toBe(true);
    expect(existsSync(join(stack, '.terraform', 'plugin'))).toBe(true);
    expect(readdirSync(out).sort()).toEqual(['manifest.json', 'stacks']);
    expect(readdirSync(join(out, 'stacks'))).toEqual(['poc']);
  });

  it('leaves the previous output untouched when synthesis fails', () => {
    // GIVEN a previous output WHEN the next synthesis throws THEN the old file is unchanged and no staging remains
    const out = join(scratch(), 'cdktf.out');
    synthesizeTo('poc', out, fakeSynth('old'));
    expect(() =>
      synthesizeTo('poc', out, () => {
        throw new Error('policy');
      }),
    ).toThrow('policy');
    expect(readFileSync(join(out, 'stacks', 'poc', 'cdk.tf.json'), 'utf8')).toBe('{"tag":"old"}\n');
    expect(readdirSync(out).sort()).toEqual(['manifest.json', 'stacks']);
  });

  it('has the old or the new configuration in place at every file move, and cleans a killed run', () => {
    // GIVEN a kill simulated after each file is moved into place (the output folder is copied at that instant)
    const out = join(scratch(), 'cdktf.out');
    synthesizeTo('poc', out, fakeSynth('old'));
    const images: string[] = [];
    synthesizeTo('poc', out, fakeSynth('new'), {
      afterFile: () => {
        const image = join(scratch(), 'cdktf.out');
        cpSync(out, image, { recursive: true });
        images.push(image);
      },
    });
    expect(images).toHaveLength(1);
    for (const image of images) {
      // THEN the configuration is complete, and the next run removes the dead staging folder
      expect(readFileSync(join(image, 'stacks', 'poc', 'cdk.tf.json'), 'utf8')).toMatch(/^\{"tag":"(old|new)"\}\n$/);
      expect(readdirSync(image).filter((e) => e.startsWith('.staging-'))).toHaveLength(1);
      const next = synthesizeTo('poc', image, fakeSynth('newer'));
      expect(next.cleaned).toHaveLength(1);
      expect(readdirSync(image).sort()).toEqual(['manifest.json', 'stacks']);
    }
  });

  it('removes a staging folder of a dead run that holds the marker', () => {
    // GIVEN a staging folder a killed process left (a pid that is not running, the marker)
    const out = join(scratch(), 'cdktf.out');
    const dead = join(out, '.staging-999999999-AbCdEf');
    mkdirSync(join(dead, 'stacks', 'poc'), { recursive: true });
    writeFileSync(join(dead, SYNTH_STAGING_MARKER), 'x');
    writeFileSync(join(dead, 'stacks', 'poc', 'cdk.tf.json'), '{}');
    // WHEN synth runs THEN it is removed and reported
    const r = synthesizeTo('poc', out, fakeSynth('new'));
    expect(r.cleaned).toEqual(['.staging-999999999-AbCdEf']);
    expect(existsSync(dead)).toBe(false);
  });

  it('names, and keeps, a stack folder an older version moved aside, and its staging folders', () => {
    // GIVEN what the previous synth left when killed: stacks/<name>.old-<pid> (with state) and .staging-XXXXXX
    const out = join(scratch(), 'cdktf.out');
    mkdirSync(join(out, 'stacks', 'poc.old-4242'), { recursive: true });
    writeFileSync(join(out, 'stacks', 'poc.old-4242', 'terraform.tfstate'), '{"serial":9}');
    mkdirSync(join(out, '.staging-Xy12Zw'));
    // WHEN synth runs THEN both are kept and named; the state is intact
    const r = synthesizeTo('poc', out, fakeSynth('new'));
    expect(r.leftAlone).toEqual([
      expect.stringContaining('.staging-Xy12Zw'),
      expect.stringContaining('stacks/poc.old-4242 (moved aside'),
    ]);
    expect(readFileSync(join(out, 'stacks', 'poc.old-4242', 'terraform.tfstate'), 'utf8')).toBe('{"serial":9}');
  });

  it('fails when the output folder is a file, before synthesizing', () => {
    // GIVEN --out naming a file WHEN synth runs THEN it is a usage error and the synth function never ran
    const out = join(scratch(), 'file');
    writeFileSync(out, 'mine');
    let ran = false;
    expect(() =>
      synthesizeTo('poc', out, (s) => {
        ran = true;
        return fakeSynth('x')(s);
      }),
    ).toThrow(/--out must name a folder, but .* is a regular file/);
    expect(ran).toBe(false);
    expect(readFileSync(out, 'utf8')).toBe('mine');
  });
});
