/**
 * Suppressions: an explicit decision, per rule and resource path, that a finding is accepted, with the reason.
 * Suppressed findings are still reported (synth output, manifest annotations, `policyReport`), never hidden.
 */
import type { IConstruct } from 'constructs';
import { POLICY_RULE_IDS } from './registry';

/** One accepted finding. */
export interface PolicySuppression {
  /** The rule id, e.g. `VAZ-SEC-013`. Must be a rule of the registry. */
  readonly rule: string;
  /**
   * The resource's construct path below the stack (`nodes/vmss`) or in full (`vast-poc/nodes/vmss`). Matches that
   * resource exactly, never its children.
   */
  readonly path: string;
  /** Why the finding is accepted: who decided and why. Required, shown wherever the suppression is. */
  readonly reason: string;
}

const SUPPRESSIONS = new WeakMap<IConstruct, Array<Omit<PolicySuppression, 'path'>>>();

/**
 * Checks a suppression and returns it trimmed.
 *
 * @param field where the suppression came from, for the error message (e.g. `suppressions[0]`)
 * @throws Error naming the field, the value received and what is allowed
 */
export function validateSuppression(s: PolicySuppression, field = 'suppression'): PolicySuppression {
  if (!POLICY_RULE_IDS.includes(s.rule)) {
    throw new Error(`${field}.rule must be one of ${POLICY_RULE_IDS.join(', ')}, got "${s.rule}"`);
  }
  if (typeof s.path !== 'string' || s.path.trim() === '') {
    throw new Error(`${field}.path must be a construct path such as "nodes/vmss", got "${String(s.path)}"`);
  }
  if (typeof s.reason !== 'string' || s.reason.trim() === '') {
    throw new Error(`${field}.reason must say why ${s.rule} is accepted for "${s.path}", got nothing`);
  }
  return { rule: s.rule, path: s.path.trim().replace(/^\/+|\/+$/g, ''), reason: s.reason.trim() };
}

/**
 * Accepts the findings of one rule on one resource (the construct that synthesizes it, e.g. `nodePool.scaleSet`).
 *
 * @throws Error when the rule id is unknown or the reason is empty
 */
export function suppressPolicyRule(resource: IConstruct, rule: string, reason: string): void {
  const checked = validateSuppression({ rule, path: resource.node.path, reason }, 'suppressPolicyRule');
  const list = SUPPRESSIONS.get(resource) ?? [];
  list.push({ rule: checked.rule, reason: checked.reason });
  SUPPRESSIONS.set(resource, list);
}

/** The suppressions added with {@link suppressPolicyRule} to constructs of a tree, with their full paths. */
export function suppressionsInTree(root: IConstruct): PolicySuppression[] {
  return root.node.findAll().flatMap((c) => (SUPPRESSIONS.get(c) ?? []).map((s) => ({ ...s, path: c.node.path })));
}
