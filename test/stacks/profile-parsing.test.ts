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
