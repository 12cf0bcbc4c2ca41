/**
 * Issue 10 item 17: tags follow Azure's rules (Microsoft Learn, "Use tags to organize your Azure resources and
 * management hierarchy", Limitations) and `expiry` is a real calendar date, never shifted by a time zone.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProfile } from '../../stacks/profile/load';
import { validateProfile } from '../../stacks/profile/schema';
import { baseProfileData, profileIssues } from '../support/terraform';

function withTags(extra: Record<string, unknown>): Record<string, unknown> {
  const data = baseProfileData();
  return { ...data, tags: { ...(data.tags as object), ...extra } };
}

function issues(data: unknown): { field: string; message: string }[] {
  return profileIssues(data);
}

function yamlProfile(body: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'tags-'));
  const path = join(dir, 'p.yaml');
  writeFileSync(path, body);
  return path;
}

const BASE_YAML = `name: unit-test
location: uksouth
zone: "1"
nodes: { count: 8, vmSize: Standard_L96s_v4 }
`;

describe('tag rules', () => {
  it('fails when a tag value is longer than 256 characters', () => {
    // GIVEN a 257-character value WHEN validated THEN it is refused naming the limit
    expect(issues(withTags({ team: 'x'.repeat(257) }))).toEqual([
      {
        field: 'tags.team',
        message: expect.stringMatching(/^tags\.team must be at most 256 characters \(Azure's limit\), got 257/),
      },
    ]);
  });

  it('accepts a tag value of exactly 256 characters', () => {
    // GIVEN a 256-character value WHEN validated THEN it is accepted unchanged
    expect(validateProfile(withTags({ team: 'x'.repeat(256) })).tags.team).toHaveLength(256);
  });

  it('fails when a tag name is longer than 128 characters (the storage account carries every tag)', () => {
    // GIVEN a 129-character name WHEN validated THEN it is refused with the storage account limit
    const name = `n${'x'.repeat(128)}`;
    expect(issues(withTags({ [name]: 'v' }))).toEqual([
      { field: `tags.${name}`, message: expect.stringMatching(/^tag name must be 1–128 characters/) },
    ]);
  });

  it('fails when there are more than 50 tags counting vast-poc-profile', () => {
    // GIVEN 47 extra tags (3 required + 47 + vast-poc-profile = 51) WHEN validated THEN the count is refused
    const extra = Object.fromEntries(Array.from({ length: 47 }, (_, i) => [`t${i}`, 'v']));
    expect(issues(withTags(extra))).toEqual([
      { field: 'tags', message: expect.stringMatching(/^tags must hold at most 49 tags .*got 50$/) },
    ]);
  });

  it('accepts 49 tags of its own (50 with vast-poc-profile)', () => {
    // GIVEN 46 extra tags WHEN validated THEN all 49 are kept
    const extra = Object.fromEntries(Array.from({ length: 46 }, (_, i) => [`t${i}`, 'v']));
    expect(Object.keys(validateProfile(withTags(extra)).tags)).toHaveLength(49);
  });

  for (const name of ['microsoft.costcenter', 'Azure-owner', 'WINDOWS']) {
    it(`fails when a tag name starts with a reserved prefix ("${name}")`, () => {
      // GIVEN a reserved prefix in any casing WHEN validated THEN it is refused naming the prefixes
      expect(issues(withTags({ [name]: 'v' }))).toEqual([
        {
          field: `tags.${name}`,
          message: expect.stringMatching(/must not start with "microsoft", "azure" or "windows"/),
        },
      ]);
    });
  }

  it('fails when a tag value holds a control character', () => {
    // GIVEN a value with an escape sequence WHEN validated THEN it is refused and the echo shows the code point
    expect(issues(withTags({ team: 'a\u001b[31mb' }))).toEqual([
      {
        field: 'tags.team',
        message: 'tags.team must not contain control characters (line breaks, tabs, escape codes), got "a\\u001b[31mb"',
      },
    ]);
  });

  it('fails when a tag is named __proto__ instead of silently dropping it', () => {
    // GIVEN JSON input with an own "__proto__" tag WHEN validated THEN it is refused by name
    const data = JSON.parse(
      '{"tags": {"owner": "o", "purpose": "p", "expiry": "2027-01-31", "__proto__": "x"}}',
    ) as Record<string, unknown>;
    expect(issues({ ...baseProfileData(), tags: data.tags })).toEqual([
      { field: 'tags.__proto__', message: expect.stringMatching(/^tag name "__proto__" is not allowed/) },
    ]);
  });

  it('fails when two tag names differ only in case (Azure treats them as one)', () => {
    // GIVEN owner and Owner WHEN validated THEN the second is refused
    expect(issues(withTags({ Owner: 'someone' }))).toEqual([
      { field: 'tags.Owner', message: expect.stringMatching(/^tags\.Owner and tags\.owner are the same tag/) },
    ]);
  });

  it('fails when a tag collides with the vast-poc-profile tag the toolkit sets', () => {
    // GIVEN VAST-POC-PROFILE WHEN validated THEN it is refused
    expect(issues(withTags({ 'VAST-POC-PROFILE': 'x' }))).toEqual([
      { field: 'tags.VAST-POC-PROFILE', message: expect.stringMatching(/set by the toolkit/) },
    ]);
  });
});

describe('tags.expiry', () => {
  for (const bad of ['2027-13-45', '2027-02-29', '2027-04-31', '2027-00-10']) {
    it(`fails when expiry is not a calendar date (${bad})`, () => {
      // GIVEN a well-formed but impossible date WHEN validated THEN it is refused
      expect(issues(withTags({ expiry: bad }))).toEqual([
        { field: 'tags.expiry', message: `tags.expiry must be a real calendar date written YYYY-MM-DD, got "${bad}"` },
      ]);
    });
  }

  it('accepts 29 February in a leap year', () => {
    // GIVEN 2028-02-29 WHEN validated THEN it is kept
    expect(validateProfile(withTags({ expiry: '2028-02-29' })).tags.expiry).toBe('2028-02-29');
  });

  it('keeps an unquoted YAML date exactly as written', () => {
    // GIVEN expiry: 2027-03-31 unquoted in YAML WHEN loaded THEN the tag is that day, in any time zone
    const p = loadProfile(yamlProfile(`${BASE_YAML}tags: { owner: o, purpose: p, expiry: 2027-03-31 }\n`));
    expect(p.tags.expiry).toBe('2027-03-31');
  });

  it('fails when expiry is a YAML timestamp that a time zone would move to another day', () => {
    // GIVEN 23:30 at UTC-5 on 31 March (1 April in UTC) WHEN loaded THEN it is refused, not shifted to 2027-04-01
    const path = yamlProfile(`${BASE_YAML}tags: { owner: o, purpose: p, expiry: 2027-03-31T23:30:00-05:00 }\n`);
    expect(() => loadProfile(path)).toThrow(/tags\.expiry must be a real calendar date written YYYY-MM-DD/);
  });
});
