import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { planFigure, planNumber } from '../../scripts/benchmarking/jobs';
import { figure, metric } from '../../scripts/handoff/planning';
import { isMetricId, METRIC_IDS, SCENARIO_METRIC_STEMS, type MetricId } from '../../scripts/planning/metric-ids';
import { buildPlan } from '../../scripts/planning/plan';
import { DEFAULT_PROFILE_PATH, loadProfile } from '../../stacks/profile/load';
import { profileWith } from '../support/terraform';

const plans = [
  buildPlan(loadProfile(DEFAULT_PROFILE_PATH)),
  buildPlan(loadProfile(join(DEFAULT_PROFILE_PATH, '..', 'fault-domains.yaml'))),
  buildPlan(profileWith({ clientPool: { enabled: true, subnet: '10.40.2.0/24', count: 2 } })),
];
const [plan] = plans;

describe('metric ids', () => {
  it('gives every row of a plan an id from the defined list', () => {
    // GIVEN plans for the zonal, fault-domain and client-pool profiles  WHEN their rows are listed
    const unknown = plans.flatMap((p) => p.metrics.map((m) => m.id)).filter((id) => !isMetricId(id));
    // THEN every id is a defined one
    expect(unknown).toEqual([]);
  });

  it('lists no id that no plan reports', () => {
    // GIVEN the ids the three plans carry
    const seen = new Set(plans.flatMap((p) => p.metrics.map((m) => m.id)));
    const stems = new Set([...seen].filter((id) => id.includes('@')).map((id) => id.slice(0, id.indexOf('@'))));
    // THEN each defined id and each scenario stem occurs in at least one of them
    expect(METRIC_IDS.filter((id) => !seen.has(id))).toEqual([]);
    expect(SCENARIO_METRIC_STEMS.filter((s) => !stems.has(s))).toEqual([]);
  });

  it('recognises scenario ids and refuses misspelt ones', () => {
    expect(isMetricId('extrapolation.networkGBps@400')).toBe(true);
    expect(isMetricId('amlfs.capacityTiB@AMLFS-Durable-Premium-125.sameCapacity')).toBe(true);
    expect(isMetricId('capacity.usableTBB')).toBe(false);
    expect(isMetricId('cost.unitPrice@')).toBe(false);
    expect(isMetricId('cost.price@vm')).toBe(false);
    expect(isMetricId('@vm')).toBe(false);
  });

  it('fails to compile a lookup by a misspelt id, and fails at run time if one slips through', () => {
    // GIVEN a misspelt fixed id and an unknown scenario stem: the compiler refuses them (tsc checks this file)
    // @ts-expect-error: 'capacity.usableTBB' is not a MetricId
    expect(() => figure(plan!, 'capacity.usableTBB')).toThrow('the plan has no metric "capacity.usableTBB"');
    // @ts-expect-error: 'cost.price' is not a scenario stem
    expect(() => metric(plan!, 'cost.price@vm')).toThrow('the plan has no metric "cost.price@vm"');
    // @ts-expect-error: the benchmark kit's lookups take metric ids too
    expect(() => planNumber(plan!, 'layout.nodes')).toThrow('the plan has no metric "layout.nodes"');
    // @ts-expect-error: a fixed id does not take a scenario key
    expect(() => planFigure(plan!, 'capacity.usableTB@vm')).toThrow('the plan has no metric "capacity.usableTB@vm"');
    // THEN correct fixed and scenario ids compile and resolve
    const usable: MetricId = 'capacity.usableTB';
    expect(figure(plan!, usable)).toBe('124.416 TB');
    expect(metric(plan!, 'extrapolation.readGBps@400')).toMatchObject({ section: 'extrapolation', unit: 'GB/s' });
  });
});
