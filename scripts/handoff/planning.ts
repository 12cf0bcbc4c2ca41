/**
 * The planning figures the bundle shows. They come from the planner (`scripts/planning`, `buildPlan`) and are
 * printed with the planner's own formatter, so the README and RUNBOOK numbers are the planner's numbers.
 */
import type { MetricId } from '../planning/metric-ids';
import { METRIC_SECTIONS } from '../planning/metrics';
import { formatValue, type Metric } from '../planning/render';

/** What the bundle needs from a plan: its metric rows (each with unit and source). */
export interface PlanningSummary {
  readonly metrics: readonly Metric[];
}

/** Section titles of the README's planning summary, in display order: the planner's own ({@link METRIC_SECTIONS}). */
export const PLANNING_SECTIONS: ReadonlyArray<readonly [section: string, title: string]> = METRIC_SECTIONS;

/** The metric with an id, or an error naming it (the planner's ids are a contract). */
export function metric(plan: PlanningSummary, id: MetricId): Metric {
  const m = plan.metrics.find((x) => x.id === id);
  if (!m) throw new Error(`the plan has no metric "${id}"`);
  return m;
}

/** A metric's value with its unit, as the planner formats it (e.g. `4.444 hours`, `unknown`). */
export function shown(m: Metric): string {
  const v = formatValue(m.value);
  return m.unit && m.value !== null && typeof m.value === 'number' ? `${v} ${m.unit}` : v;
}

/** Shorthand: the formatted value of a metric by id. */
export function figure(plan: PlanningSummary, id: MetricId): string {
  return shown(metric(plan, id));
}

export { formatValue };
