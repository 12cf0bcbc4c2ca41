/**
 * The shape of a preflight check and of its results. Each check is a pure function from a validated profile and
 * what Azure said ({@link AzureFacts}) to a result with a status, a message that carries the numbers, and a remedy
 * when it did not pass; the checks live one per file under `checks/`, and `registry.ts` lists them in report order.
 */
import type { LSeriesSpec } from '../../constructs/compute/l-series-catalog';
import type { Profile } from '../../stacks/profile/schema';
import type { AzureFacts, SkuFact } from './facts';

/** The checks, in the order they are reported. */
export const CHECK_IDS = [
  'providers',
  'region',
  'sku-region',
  'sku-zone',
  'sku-capabilities',
  'quota-family',
  'quota-regional',
  'storage-name',
  'feature-encryption-at-host',
  'network-existing',
  'fault-domain-count',
  'network-peering',
  'deployer-permissions',
] as const;

/** A check's id. */
export type CheckId = (typeof CHECK_IDS)[number];

/** A check's outcome. `warn` does not stop a deployment; `fail` does. */
export type CheckStatus = 'pass' | 'warn' | 'fail';

/** One check's result. */
export interface CheckResult {
  readonly id: CheckId;
  readonly status: CheckStatus;
  /** What was found, with the numbers. */
  readonly message: string;
  /** What to do about it; present whenever the status is not `pass`. */
  readonly remedy?: string;
}

/** `go` when no check failed. */
export type Verdict = 'go' | 'no-go';

/** Everything preflight concluded; also the `--json` document. */
export interface PreflightReport {
  readonly verdict: Verdict;
  readonly subscription: string;
  readonly location: string;
  /** The logical zone from the profile. */
  readonly zone: string;
  /** The physical zone the logical zone maps to in this subscription; null when Azure did not say. */
  readonly physicalZone: string | null;
  readonly checks: readonly CheckResult[];
}

/** One preflight check: an id (also its place in the report, see {@link CHECK_IDS}) and a pure run. */
export interface PreflightCheck<Id extends CheckId = CheckId> {
  readonly id: Id;
  /** Judges the profile against what Azure said; never asks Azure itself. */
  run(input: CheckInput): CheckResult;
}

/** What every check is given: the profile, what Azure said, and what `evaluate()` looks up once for all. */
export interface CheckInput {
  readonly profile: Profile;
  readonly facts: AzureFacts;
  /** The catalog entry of the node size (`nodes.vmSize`). */
  readonly spec: LSeriesSpec;
  /** The node size in Azure's SKU list of the location; undefined when it is not listed there. */
  readonly sku: SkuFact | undefined;
}

/** A passing result. */
export function pass(id: CheckId, message: string): CheckResult {
  return { id, status: 'pass', message };
}

/** A warning or failing result, with what to do about it. */
export function notPass(id: CheckId, status: 'warn' | 'fail', message: string, remedy: string): CheckResult {
  return { id, status, message, remedy };
}
