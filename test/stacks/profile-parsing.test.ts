/** Issue 10 items 14, 19 and 20: profile files are parsed with bounds, strictly, and errors never leak the file. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProfile } from '../../stacks/profile/load';
import { ProfileError } from '../../stacks/profile/schema';

function file(name: string, body: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'parse-'));
  const path = join(dir, name);
  writeFileSync(path, body);
  return path;
}

function loadError(path: string): ProfileError {
  try {
    loadProfile(path);
  } catch (e) {
    if (e instanceof ProfileError) return e;
    throw e;
  }
  throw new Error('the profile loaded');
}

const JSON_BASE = {
  name: 'unit-test',
  location: 'uksouth',
  zone: '1',
  nodes: { count: 8, vmSize: 'Standard_L96s_v4' },
  tags: { owner: 'o', purpose: 'p', expiry: '2027-01-31' },
};

describe('duplicate keys in a JSON profile', () => {
  it('fails when a field is given twice, naming the field and the line', () => {
    // GIVEN JSON with "count" twice in nodes
    const text = JSON.stringify(JSON_BASE, null, 2).replace('"count": 8,', '"count": 8,\n    "count": 300,');
    // WHEN loaded THEN it is refused like YAML does, naming the key path and its line
    expect(loadError(file('p.json', text)).issues).toEqual([
      { field: 'nodes.count', message: 'nodes.count is given twice in the JSON (line 7): give each field once' },
    ]);
  });

  it('fails when a tag is given twice', () => {
    // GIVEN two "owner" tags on one line WHEN loaded THEN the duplicate tag is named
    const text = JSON.stringify(JSON_BASE).replace('"owner":"o"', '"owner":"o","owner":"x"');
    expect(loadError(file('p.json', text)).issues.map((i) => i.field)).toEqual(['tags.owner']);
  });

  it('accepts the same key in two different maps', () => {
    // GIVEN "containerName" in offload and in backend WHEN loaded THEN it is valid
    const data = {
      ...JSON_BASE,
      offload: { containerName: 'vast-offload' },
      backend: {
        type: 'azurerm',
        resourceGroupName: 'rg',
        storageAccountName: 'tfstate01',
        containerName: 'tfstate',
      },
    };
    expect(loadProfile(file('p.json', JSON.stringify(data))).backend).toMatchObject({ containerName: 'tfstate' });
  });
});

const YAML_BASE = `name: unit-test
location: uksouth
zone: "1"
nodes: { count: 8, vmSize: Standard_L96s_v4 }
`;

describe('bounded YAML parsing', () => {
  it('fails fast when aliases under tags expand exponentially (billion laughs)', () => {
    // GIVEN nine levels of ten aliases each under tags (10^9 values once expanded)
    const levels = ['  l0: &l0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let n = 1; n <= 9; n++)
      levels.push(
        `  l${n}: &l${n} [${Array(10)
          .fill(`*l${n - 1}`)
          .join(', ')}]`,
      );
    const path = file(
      'p.yaml',
      `${YAML_BASE}tags:\n  owner: o\n  purpose: p\n  expiry: "2027-01-31"\n${levels.join('\n')}\n`,
    );
    // WHEN loaded
    const started = Date.now();
    const error = loadError(path);
    // THEN it is refused within a second, naming the bound
    expect(Date.now() - started).toBeLessThan(1000);
    expect(error.issues).toEqual([
      {
        field: '(file)',
        message:
          'the profile expands to more than 10000 values once YAML aliases are followed: write the repeated parts out instead of nesting aliases',
      },
    ]);
  });

  it('accepts an alias used once (a repeated tag value)', () => {
    // GIVEN an anchor on owner reused for purpose WHEN loaded THEN both tags hold the value
    const path = file('p.yaml', `${YAML_BASE}tags: { owner: &who team-a, purpose: *who, expiry: "2027-01-31" }\n`);
    expect(loadProfile(path).tags).toMatchObject({ owner: 'team-a', purpose: 'team-a' });
  });

  it('fails when the profile file is larger than 256 KiB, without parsing it', () => {
    // GIVEN a 300 KB file WHEN loaded THEN the size is refused with the limit
    const text = `${YAML_BASE}description: "${'x'.repeat(300_000)}"\n`;
    expect(loadError(file('p.yaml', text)).issues).toEqual([
      {
        field: '(file)',
        message: `the profile file must be at most 262144 bytes, got ${Buffer.byteLength(text)}: a profile is a page of settings`,
      },
    ]);
  });
});
