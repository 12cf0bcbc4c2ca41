/** Issue 10 items 14, 19 and 20: profile files are parsed with bounds, strictly, and errors never leak the file. */
import { mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
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

describe('profile file kind', () => {
  it('fails at once when the profile path is a device such as /dev/zero', () => {
    // GIVEN /dev/zero as the profile WHEN loaded THEN it is refused instead of read forever
    expect(loadError('/dev/zero').issues).toEqual([
      { field: '(file)', message: 'the profile must be a regular file (not a folder, FIFO or device)' },
    ]);
  });
});

describe('what error messages echo', () => {
  const SECRET = 'hunter2-Sup3rSecret';

  it('fails without printing the file when the profile is a symlink to a secrets file', () => {
    // GIVEN profile.yaml -> a .env file (valid YAML: one string)
    const secrets = file('.env', `API_TOKEN=${SECRET}\n`);
    const link = join(mkdtempSync(join(tmpdir(), 'parse-')), 'profile.yaml');
    symlinkSync(secrets, link);
    // WHEN loaded THEN the error says what kind of value it found, never the value
    const error = loadError(link);
    expect(error.message).not.toContain(SECRET);
    expect(error.issues).toEqual([{ field: '(root)', message: 'the profile must be a map of fields, got a string' }]);
  });

  it('fails without printing the file when a JSON profile does not parse', () => {
    // GIVEN invalid JSON holding a secret WHEN loaded THEN the message names the position only
    const error = loadError(file('p.json', `{"token": ${SECRET}}`));
    expect(error.message).not.toContain(SECRET);
    expect(error.issues).toEqual([
      {
        field: '(file)',
        message: expect.stringMatching(/^the profile is not valid JSON: unexpected text( at line 1, column \d+)?$/),
      },
    ]);
  });

  it('fails without printing the file when a YAML profile does not parse', () => {
    // GIVEN YAML whose error would quote an alias name WHEN loaded THEN the quote is left out
    const error = loadError(file('p.yaml', `name: *${SECRET}\n`));
    expect(error.message).not.toContain(SECRET);
    expect(error.issues).toEqual([
      {
        field: '(file)',
        message: expect.stringMatching(/^the profile is not valid YAML: unidentified alias at line 1, column \d+$/),
      },
    ]);
  });

  it('caps an echoed value and says how long it was', () => {
    // GIVEN a 200000-character name WHEN loaded THEN the message shows 80 characters and the length
    const error = loadError(file('p.yaml', `name: ${'a'.repeat(200_000)}\n`));
    const issue = error.issues.find((i) => i.field === 'name')!;
    expect(issue.message).toMatch(/got "a{80}… \(200000 characters\)"$/);
    expect(error.message.length).toBeLessThan(2000);
  });

  it('caps an unknown field name', () => {
    // GIVEN a 100000-character unknown key WHEN loaded THEN the message stays short
    const error = loadError(file('p.yaml', `${YAML_BASE}${'k'.repeat(100_000)}: 1\n`));
    expect(error.message.length).toBeLessThan(4000);
    expect(error.message).toContain('… (100000 characters) is not a known field');
  });

  it('shows control characters as escapes instead of sending them to the terminal', () => {
    // GIVEN a name holding an ANSI escape WHEN loaded THEN the message writes it as \u001b
    const error = loadError(file('p.yaml', `name: "a\\e[2Jb"\n`));
    const issue = error.issues.find((i) => i.field === 'name')!;
    expect(issue.message).toContain('got "a\\u001b[2Jb"');
    expect(error.message).not.toContain('\u001b');
  });
});
