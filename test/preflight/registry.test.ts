// Preflight checks live one per file under scripts/preflight/checks/, named after the check id, like the policy
// rules; the registry runs them in the report order of CHECK_IDS (issue 12, item 6).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHECK_IDS } from '../../scripts/preflight/check';
import { PREFLIGHT_CHECKS } from '../../scripts/preflight/registry';

const CHECKS_DIR = join(__dirname, '..', '..', 'scripts', 'preflight', 'checks');

describe('the preflight check registry', () => {
  it('runs every check once, in report order', () => {
    // GIVEN the registry WHEN its ids are listed THEN they are CHECK_IDS, in order
    expect(PREFLIGHT_CHECKS.map((c) => c.id)).toEqual([...CHECK_IDS]);
  });

  it('has one file per check, named after its id', () => {
    // GIVEN the checks folder WHEN its files are listed THEN each check id has its file and nothing else is there
    const files = readdirSync(CHECKS_DIR)
      .filter((f) => f !== 'shared.ts')
      .map((f) => f.replace(/\.ts$/, ''))
      .sort();
    expect(files).toEqual([...CHECK_IDS].sort());
  });
});
