/**
 * The shape of a policy rule and of what it checks. A rule is data (id, level, what, why, fix) plus a pure check
 * over one synthesized Terraform element; the pack runs every rule over every element of a stack.
 */
import type { JsonObject } from '../../lib/json';
import type { KnownResourceType } from '../shared/resource-types';

/** How serious a non-compliant finding is: errors fail synthesis, warnings are reported. */
export type PolicyLevel = 'error' | 'warning';

/**
 * The rule families. The id prefix names the family: `VAZ-SEC-*` security, `VAZ-REL-*` reliability, `VAZ-AZR-*`
 * conformance (what the azurerm provider or Azure itself refuses at plan or apply).
 */
export type PolicyCategory = 'security' | 'reliability' | 'conformance';

/** What kind of Terraform element a subject is: the top-level key it synthesizes under in `cdk.tf.json`. */
export type PolicySubjectKind = 'resource' | 'data' | 'provider' | 'variable' | 'output' | 'locals' | 'terraform';

// JSON as `cdk.tf.json` holds it: declared once in lib/json.ts, re-exported for the rules.
export type { JsonObject, JsonValue } from '../../lib/json';

/**
 * One synthesized Terraform element, with its configuration exactly as `cdk.tf.json` will contain it (tokens
 * resolved to Terraform expressions such as `${azurerm_storage_account.x.id}`, overrides applied).
 */
export interface PolicySubject {
  /** The element kind. */
  readonly kind: PolicySubjectKind;
  /** The Terraform type (`azurerm_storage_account`) for resources and data sources, else the kind. */
  readonly type: string;
  /** The Terraform logical name (`offload_account`: the construct path below the stack, no hash suffix). */
  readonly name: string;
  /** The Terraform address: `azurerm_storage_account.offload_account`, `var.ssh_public_key`, ... */
  readonly address: string;
  /** The construct path, e.g. `vast-poc/offload/account`. */
  readonly path: string;
  /** The construct path below the stack, e.g. `offload/account`. */
  readonly stackPath: string;
  /** The element's synthesized configuration (for a resource: its attributes; the `//` metadata removed). */
  readonly config: JsonObject;
  /** Whether the resource type accepts `tags` (known from the provider binding, not from the configuration). */
  readonly taggable: boolean;
}

/** What a rule needs to know besides the subject: the rest of the stack and the profile's placement. */
export interface PolicyContext {
  /** Every element of the stack (to follow references, e.g. from a private endpoint to its account). */
  readonly subjects: readonly PolicySubject[];
  /**
   * The availability zone everything must be pinned to.
   *
   * @default - zone rules are not applicable
   */
  readonly zone?: string;
  /**
   * Whether the cluster is regional (placement `fault-domains`): then no resource may carry a zone.
   *
   * @default false
   */
  readonly regional?: boolean;
  /** Tags every taggable resource must carry. */
  readonly requiredTags: readonly string[];
}

/** The outcome of one rule on one subject. */
export type RuleResult =
  | { readonly status: 'compliant' }
  | { readonly status: 'not-applicable' }
  | {
      readonly status: 'non-compliant';
      /** What is wrong with this subject, naming the attribute and the value found. */
      readonly detail: string;
    };

/** A policy rule. */
export interface PolicyRule {
  /** Stable id, e.g. `VAZ-SEC-006`. Suppressions and docs name it; never reuse or renumber one. */
  readonly id: string;
  /** The family. */
  readonly category: PolicyCategory;
  /** Whether a finding fails synthesis. */
  readonly level: PolicyLevel;
  /** What the rule requires, in one line. */
  readonly title: string;
  /** Why it matters for a VAST POC in a customer's subscription. */
  readonly rationale: string;
  /** How to fix a finding. */
  readonly fix: string;
  /**
   * The Terraform resource types the rule looks at.
   *
   * @default - every element (resources, data sources, providers, variables, outputs, locals, backend)
   */
  readonly resourceTypes?: readonly KnownResourceType[];
  /** The check: pure, deterministic, reads only its arguments. */
  check(subject: PolicySubject, context: PolicyContext): RuleResult;
}

/** The subject complies. */
export function compliant(): RuleResult {
  return { status: 'compliant' };
}

/** The rule does not apply to the subject. */
export function notApplicable(): RuleResult {
  return { status: 'not-applicable' };
}

/** The subject does not comply; `detail` names the attribute and the value found. */
export function nonCompliant(detail: string): RuleResult {
  return { status: 'non-compliant', detail };
}

/** Compliant when no violation is listed, else non-compliant with every violation joined. */
export function fromViolations(details: readonly (string | undefined)[]): RuleResult {
  const found = details.filter((d): d is string => d !== undefined);
  return found.length > 0 ? nonCompliant(found.join('; ')) : compliant();
}
