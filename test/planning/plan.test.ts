import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { buildPlan } from '../../scripts/planning/plan';
import { PRICE_TABLE } from '../../scripts/planning/prices';
import { CSV_COLUMNS, formatValue, renderCsv, renderJson, renderText } from '../../scripts/planning/render';
import { DEFAULT_PROFILE_PATH, loadProfile } from '../../stacks/profile/load';
import { parseCsv } from './support/csv';

const profile = loadProfile(DEFAULT_PROFILE_PATH);
const fdProfile = loadProfile(join(DEFAULT_PROFILE_PATH, '..', 'fault-domains.yaml'));

describe('buildPlan', () => {
  it('carries the layout, capacity, throughput, AMLFS and sources fields the handoff reads', () => {
    // GIVEN the default profile and the dated price table
    // WHEN planned and rendered as JSON
    const doc = JSON.parse(renderJson(buildPlan(profile, PRICE_TABLE))) as Record<string, Record<string, unknown>>;
    // THEN the documented fields are there with the hand-computed values
    expect(doc.layout).toMatchObject({ mode: 'zonal', k: 6, m: 2, faultDomains: 1 });
    expect(doc.capacity).toMatchObject({ rawTB: 184.32, usableTB: 124.416 });
    expect(doc.throughput).toMatchObject({ networkGBps: 41 });
    expect(doc.amlfs).toHaveLength(4);
    expect(Object.keys(doc.sources!).length).toBeGreaterThan(50);
  });

  it("plans over UK South's two fault domains for the fault-domains profile, proved by simulation", () => {
    // GIVEN the twelve-node fault-domains profile (UK South: 2 fault domains)
    // WHEN planned
    const plan = buildPlan(fdProfile);
    // THEN 5+5 (m ≥ k, 50 %) survives every fault-domain loss and every five-node failure in the simulation
    expect([plan.layout.name, plan.layout.faultDomains, plan.layout.efficiency]).toEqual(['5+5', 2, 0.5]);
    expect(plan.layout.verification.faultDomainLoss).toMatchObject({ survived: true, failureSetsTried: 2 });
    expect(plan.layout.verification.nodeLoss).toMatchObject({ survived: true, nodesFailed: 5 });
  });

  it('shows the zonal layout of the same nodes next to the fault-domain layout', () => {
    // GIVEN the fault-domains profile  WHEN planned
    const plan = buildPlan(fdProfile);
    // THEN the zonal comparison is the layout zonal mode would choose for twelve nodes, more efficient
    expect(plan.layout.zonalComparison?.name).toBe('10+2');
    expect(plan.layout.zonalComparison!.efficiency).toBeGreaterThan(plan.layout.efficiency);
    expect(buildPlan(profile).layout.zonalComparison).toBeNull();
  });

  it('gives every metric a source or formula', () => {
    // GIVEN the default plan
    const plan = buildPlan(profile);
    // WHEN its metrics are listed
    const missing = plan.metrics.filter((m) => m.source.trim() === '').map((m) => m.id);
    // THEN none lacks a source, and the sources map covers every metric
    expect(missing).toEqual([]);
    expect(Object.keys(plan.sources).sort()).toEqual(plan.metrics.map((m) => m.id).sort());
  });

  it('gives the same plan for the same inputs', () => {
    // GIVEN the default profile
    // WHEN planned twice
    // THEN the plans are equal (no clock, no unseeded randomness)
    expect(buildPlan(profile)).toEqual(buildPlan(profile));
  });

  it('shows costs as unknown when the price table has no price', () => {
    // GIVEN the dated table (no sourced prices)
    // WHEN planned
    const plan = buildPlan(profile, PRICE_TABLE);
    // THEN the total and the unit costs are unknown, never zero
    expect([plan.cost.monthlyUSD, plan.cost.perUsableTiBMonthUSD, plan.amlfs[0]!.cheaperPerTiB]).toEqual([
      null,
      null,
      'unknown',
    ]);
  });
});

describe('price table', () => {
  it('names a source and a date for every price', () => {
    // GIVEN the dated table
    // WHEN its points are checked
    const bad = Object.entries(PRICE_TABLE.points).filter(([, p]) => !p.source || !/^\d{4}-\d{2}-\d{2}$/.test(p.date));
    // THEN every one names where it came from and when
    expect(bad).toEqual([]);
  });

  it('carries no number whose source says it is unknown', () => {
    // GIVEN the dated table
    // WHEN the points with a number are listed
    const priced = Object.entries(PRICE_TABLE.points).filter(([, p]) => p.usd !== null && /^unknown/.test(p.source));
    // THEN none claims to be unknown while carrying a number
    expect(priced).toEqual([]);
  });
});

describe('CSV', () => {
  it('parses back to the same values as the plan metrics', () => {
    // GIVEN the default plan and its CSV
    const plan = buildPlan(profile);
    const [header, ...rows] = parseCsv(renderCsv(plan));
    // WHEN each row is read back by id
    const byId = new Map(rows.map((r) => [r[6], r]));
    const mismatches = plan.metrics.filter((m) => {
      const cell = byId.get(m.id)?.[3];
      if (m.value === null) return cell !== 'unknown';
      if (typeof m.value === 'number') return Number(cell) !== m.value;
      return cell !== String(m.value);
    });
    // THEN the header is as documented and every value matches
    expect(header).toEqual([...CSV_COLUMNS]);
    expect(rows).toHaveLength(plan.metrics.length);
    expect(mismatches.map((m) => m.id)).toEqual([]);
  });

  it('keeps sources that contain commas and quotes in one field', () => {
    // GIVEN the default plan's CSV
    // WHEN parsed
    const rows = parseCsv(renderCsv(buildPlan(profile)));
    // THEN every row has exactly the seven columns
    expect(rows.every((r) => r.length === CSV_COLUMNS.length)).toBe(true);
  });

  it('carries units and sources for the spreadsheet', () => {
    // GIVEN the default plan's CSV
    const rows = parseCsv(renderCsv(buildPlan(profile)));
    // WHEN the usable-capacity row is found
    const usable = rows.find((r) => r[6] === 'capacity.usableTB');
    // THEN it reads section, metric, scenario, value, unit, source
    expect(usable?.slice(0, 5)).toEqual(['capacity', 'Usable capacity', 'cluster', '124.416', 'TB']);
    expect(usable?.[5]).toContain('k/(k+m)');
  });
});

describe('formatValue', () => {
  it('keeps four significant digits of a small unit price', () => {
    // GIVEN a price of 0.000026 USD
    // WHEN formatted / THEN it does not round to zero
    expect(formatValue(0.000026)).toBe('0.000026');
  });

  it('groups thousands and keeps one decimal for large values', () => {
    // GIVEN 608,333.333…
    // WHEN formatted / THEN 608,333.3
    expect(formatValue(608_333.3333)).toBe('608,333.3');
  });

  it('shows null as unknown', () => {
    // GIVEN an unknown value
    // WHEN formatted / THEN the word unknown
    expect(formatValue(null)).toBe('unknown');
  });
});

describe('terminal report', () => {
  it('states that throughput is NIC-bound without guest RDMA', () => {
    // GIVEN the default plan
    // WHEN rendered for the terminal
    const text = renderText(buildPlan(profile));
    // THEN the limits are stated
    expect(text).toMatch(/NIC-bound/);
    expect(text).toMatch(/guest RDMA between VMs is not available/);
  });

  it('marks the extrapolation rows as hypothetical', () => {
    // GIVEN the default plan (catalog NIC 41 Gbps)
    // WHEN rendered
    const text = renderText(buildPlan(profile));
    // THEN the 800 Gbps row says hypothetical
    expect(text).toMatch(/800 Gbps NIC \(hypothetical\)/);
  });

  it('shows unknown prices as unknown', () => {
    // GIVEN the dated table
    // WHEN rendered
    const text = renderText(buildPlan(profile));
    // THEN the total per month reads unknown
    expect(text).toMatch(/Total per month\s+unknown\s+USD\/month/);
  });

  it('resolves every footnote a table row refers to', () => {
    // GIVEN the default report
    const text = renderText(buildPlan(profile));
    // WHEN each section's footnote references are compared with its footnotes
    const unresolved = text.split('\n== ').flatMap((section) => {
      const refs = [...section.matchAll(/ \[(\d+)\]$/gm)].map((m) => m[1]);
      const notes = new Set([...section.matchAll(/^ {2}\[(\d+)\] /gm)].map((m) => m[1]));
      return refs.filter((r) => !notes.has(r));
    });
    // THEN none is missing
    expect(unresolved).toEqual([]);
  });
});
