/**
 * Issue 13 item 5 (plan): the CSV opens correctly in a spreadsheet (UTF-8 byte-order mark) and the price header names
 * the profile's region.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planMain } from '../../scripts/planning/command';
import { buildPlan } from '../../scripts/planning/plan';
import { PRICE_TABLE } from '../../scripts/planning/prices';
import { priceHeader, renderText } from '../../scripts/planning/render';
import { DEFAULT_PROFILE_PATH, loadProfile } from '../../stacks/profile/load';

describe('plan --csv', () => {
  it('starts the file with the UTF-8 byte-order mark and writes non-ASCII characters as UTF-8', async () => {
    // GIVEN a fresh folder
    const file = join(mkdtempSync(join(tmpdir(), 'plan-bom-')), 'plan.csv');
    // WHEN plan writes its CSV
    const code = await planMain(['--csv', file], { stdout: () => undefined, env: {} });
    // THEN the first three bytes are EF BB BF, then the header, and "×" is its two UTF-8 bytes
    expect(code).toBe(0);
    const bytes = readFileSync(file);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3, 10).toString('latin1')).toBe('section');
    expect(bytes.includes(Buffer.from([0xc3, 0x97]))).toBe(true);
    // and the mark appears once, at the start
    expect(bytes.indexOf(Buffer.from([0xef, 0xbb, 0xbf]), 1)).toBe(-1);
  });
});

describe('plan price header', () => {
  it("names the profile's region when the prices are for it", () => {
    // GIVEN the default profile (uksouth) and the dated table (uksouth)
    const plan = buildPlan(loadProfile(DEFAULT_PROFILE_PATH), PRICE_TABLE);
    // THEN the header names uksouth once
    expect(priceHeader(plan)).toBe('dated price table (uksouth, USD)');
  });

  it("names the profile's region, not only the table's, for a profile elsewhere", () => {
    // GIVEN a westeurope profile and the dated table, which is for uksouth
    const profile = { ...loadProfile(DEFAULT_PROFILE_PATH), location: 'westeurope' };
    const text = renderText(buildPlan(profile, PRICE_TABLE));
    // THEN the header line says the prices are uksouth's, not westeurope's where the profile deploys
    expect(text.split('\n')[1]).toBe(
      'Layout 6+2 (k=6, m=2); prices: dated price table for uksouth, not westeurope where the profile deploys (USD; --live-prices prices westeurope)',
    );
  });

  it("names the profile's region for live prices", () => {
    const profile = { ...loadProfile(DEFAULT_PROFILE_PATH), location: 'westeurope' };
    const plan = buildPlan(profile, { ...PRICE_TABLE, origin: 'live', region: 'westeurope' });
    expect(priceHeader(plan)).toBe('Azure Retail Prices API (westeurope, USD)');
  });
});
