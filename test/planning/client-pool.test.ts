import { describe, expect, it } from 'vitest';
import { buildPlan } from '../../scripts/planning/plan';
import { PRICE_TABLE } from '../../scripts/planning/prices';
import { profileWith } from '../support/terraform';

describe('the client pool as a ceiling on measured throughput', () => {
  it('reports the pool NICs and caps what a test from the pool can measure', () => {
    // GIVEN 8 × L96s_v4 (41 GB/s of NIC) and two D16s_v5 clients (12,500 Mbps each)
    const plan = buildPlan(
      profileWith({ clientPool: { enabled: true, subnet: '10.40.2.0/24', count: 2 } }),
      PRICE_TABLE,
    );
    // THEN the pool carries 2 × 1.5625 GB/s and a read test can show at most that
    expect(plan.clients).toEqual({
      vmSize: 'Standard_D16s_v5',
      count: 2,
      perClientNetworkGBps: 1.5625,
      networkGBps: 3.125,
      measurableReadGBps: 3.125,
      measurableWriteGBps: 3.125,
    });
    const ids = plan.metrics.filter((m) => m.id.startsWith('clients.')).map((m) => [m.id, m.value]);
    expect(ids).toEqual([
      ['clients.perClientNetworkGBps', 1.5625],
      ['clients.networkGBps', 3.125],
      ['clients.measurableReadGBps', 3.125],
      ['clients.measurableWriteGBps', 3.125],
    ]);
    expect(plan.notes.some((n) => n.includes('tests from it measure the pool, not the cluster'))).toBe(true);
  });

  it('leaves the plan without client figures when there is no pool', () => {
    const plan = buildPlan(profileWith(), PRICE_TABLE);
    expect(plan.clients).toBeUndefined();
    expect(plan.metrics.some((m) => m.id.startsWith('clients.'))).toBe(false);
  });
});
