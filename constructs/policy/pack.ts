/**
 * The policy pack: a CDKTF Aspect that runs every rule over every synthesized element of a stack and reports
 * through `Annotations`. Error findings fail `app.synth()` (all of them listed at once); warnings and suppressed
 * findings are recorded in the manifest and in {@link policyReport}.
 */
import type { IConstruct } from 'constructs';
import {
  Annotations,
  Aspects,
  DefaultTokenResolver,
  StringConcat,
  TerraformElement,
  TerraformResource,
  TerraformStack,
  Tokenization,
  type IAspect,
} from 'cdktf';
import { POLICY_RULES } from './registry';
import type { JsonObject, PolicyContext, PolicyLevel, PolicyRule, PolicySubject, PolicySubjectKind } from './rule';
import { suppressionsInTree, validateSuppression, type PolicySuppression } from './suppressions';

/** Tags the pack requires when none are given (the profile's `REQUIRED_TAGS`). */
export const DEFAULT_REQUIRED_TAGS: readonly string[] = Object.freeze(['owner', 'purpose', 'expiry']);

/** Props of {@link PolicyPack}. */
export interface PolicyPackProps {
  /**
   * The availability zone every zonal resource must be in (the profile's `zone`).
   *
   * @default - the zone rule (VAZ-REL-001) is not applicable
   */
  readonly zone?: string;
  /**
   * The cluster is regional (placement `fault-domains`): VAZ-REL-001 then refuses any zone on a resource.
   *
   * @default false
   */
  readonly regional?: boolean;
  /**
   * Tags every taggable resource must carry.
   *
   * @default DEFAULT_REQUIRED_TAGS
   */
  readonly requiredTags?: readonly string[];
  /**
   * Accepted findings, each with its reason (e.g. the profile's `policy.suppressions`).
   *
   * @default - none
   */
  readonly suppressions?: readonly PolicySuppression[];
  /**
   * The rules to run.
   *
   * @default POLICY_RULES
   */
  readonly rules?: readonly PolicyRule[];
}

/** One rule's verdict on one element (not-applicable verdicts are left out). */
export interface PolicyCheck {
  readonly ruleId: string;
  /** Terraform address of the element. */
  readonly address: string;
  /** Construct path of the element. */
  readonly path: string;
  readonly status: 'compliant' | 'non-compliant' | 'suppressed';
}

/** A non-compliant element. */
export interface PolicyFinding {
  readonly ruleId: string;
  readonly level: PolicyLevel;
  /** What the rule requires. */
  readonly title: string;
  /** Terraform address of the element, e.g. `azurerm_storage_account.offload_account`. */
  readonly address: string;
  /** Construct path of the element, e.g. `vast-poc/offload/account`. */
  readonly path: string;
  /** What is wrong, naming the attribute and the value found. */
  readonly detail: string;
  /** How to fix it. */
  readonly fix: string;
  /** The annotation text: rule id, title, detail, address and fix. */
  readonly message: string;
}

/** A finding accepted by a suppression. */
export interface SuppressedPolicyFinding extends PolicyFinding {
  /** The suppression's reason. */
  readonly reason: string;
}

/** Everything the pack found on one stack. Plain data: safe to serialize into the handoff bundle. */
export interface PolicyReport {
  /** The stack's name. */
  readonly stack: string;
  /** Ids of the rules that ran. */
  readonly rules: readonly string[];
  /** Every applicable verdict. */
  readonly checks: readonly PolicyCheck[];
  /** Findings that fail synthesis. */
  readonly errors: readonly PolicyFinding[];
  /** Findings that are reported only. */
  readonly warnings: readonly PolicyFinding[];
  /** Findings accepted by a suppression, with the reason. */
  readonly suppressed: readonly SuppressedPolicyFinding[];
  /** Suppressions that matched no finding (stale, or a typo in the path). */
  readonly unusedSuppressions: readonly PolicySuppression[];
}

const REPORTS = new WeakMap<TerraformStack, PolicyReport>();

/**
 * Applies the policy rules to a stack as an Aspect. Add it with `Aspects.of(stack).add(new PolicyPack({...}))` (or
 * {@link applyPolicyPack}); it runs when the stack is synthesized.
 */
export class PolicyPack implements IAspect {
  private readonly rules: readonly PolicyRule[];
  private readonly zone: string | undefined;
  private readonly regional: boolean;
  private readonly requiredTags: readonly string[];
  private readonly suppressions: readonly PolicySuppression[];

  /** @throws Error when a suppression names an unknown rule or gives no reason */
  constructor(props: PolicyPackProps = {}) {
    this.rules = props.rules ?? POLICY_RULES;
    this.zone = props.zone;
    this.regional = props.regional ?? false;
    this.requiredTags = props.requiredTags ?? DEFAULT_REQUIRED_TAGS;
    this.suppressions = (props.suppressions ?? []).map((s, i) => validateSuppression(s, `suppressions[${i}]`));
  }

  /** Runs the rules when visiting a stack; other constructs are covered by their stack's visit. */
  visit(node: IConstruct): void {
    if (!TerraformStack.isStack(node)) return;
    const report = this.evaluate(node);
    annotate(node, report);
    REPORTS.set(node, report);
  }

  /** Runs every rule over the stack's elements and returns the report, without annotating anything. */
  evaluate(stack: TerraformStack): PolicyReport {
    const subjects = collectSubjects(stack);
    const context: PolicyContext = {
      subjects,
      requiredTags: this.requiredTags,
      regional: this.regional,
      ...(this.zone === undefined ? {} : { zone: this.zone }),
    };
    const suppressions = [...this.suppressions, ...suppressionsInTree(stack)];
    const used = new Set<PolicySuppression>();
    const checks: PolicyCheck[] = [];
    const errors: PolicyFinding[] = [];
    const warnings: PolicyFinding[] = [];
    const suppressed: SuppressedPolicyFinding[] = [];
    for (const subject of subjects) {
      for (const rule of this.rules) {
        if (
          rule.resourceTypes !== undefined &&
          (subject.kind !== 'resource' || !(rule.resourceTypes as readonly string[]).includes(subject.type))
        ) {
          continue;
        }
        const result = rule.check(subject, context);
        if (result.status === 'not-applicable') continue;
        const base = { ruleId: rule.id, address: subject.address, path: subject.path };
        if (result.status === 'compliant') {
          checks.push({ ...base, status: 'compliant' });
          continue;
        }
        const finding: PolicyFinding = {
          ...base,
          level: rule.level,
          title: rule.title,
          detail: result.detail,
          fix: rule.fix,
          message: `${rule.id} ${rule.title}: ${result.detail} [${subject.address}]. Fix: ${rule.fix}`,
        };
        const suppression = suppressions.find(
          (s) => s.rule === rule.id && (s.path === subject.path || s.path === subject.stackPath),
        );
        if (suppression) {
          used.add(suppression);
          suppressed.push({ ...finding, reason: suppression.reason });
          checks.push({ ...base, status: 'suppressed' });
        } else {
          (rule.level === 'error' ? errors : warnings).push(finding);
          checks.push({ ...base, status: 'non-compliant' });
        }
      }
    }
    return {
      stack: stack.node.id,
      rules: this.rules.map((r) => r.id),
      checks,
      errors,
      warnings,
      suppressed,
      unusedSuppressions: suppressions.filter((s) => !used.has(s)),
    };
  }
}

/** Adds a {@link PolicyPack} to a stack and returns it. */
export function applyPolicyPack(stack: TerraformStack, props: PolicyPackProps = {}): PolicyPack {
  const pack = new PolicyPack(props);
  Aspects.of(stack).add(pack);
  return pack;
}

/**
 * The findings and suppressions of a stack: the report of the pack's last run (synthesis runs it). When the stack
 * has not been synthesized yet, runs the stack's pack now.
 *
 * @throws Error when no {@link PolicyPack} was applied to the stack
 */
export function policyReport(stack: TerraformStack): PolicyReport {
  const stored = REPORTS.get(stack);
  if (stored) return stored;
  const pack = Aspects.of(stack).all.find((a): a is PolicyPack => a instanceof PolicyPack);
  if (!pack)
    throw new Error(`no policy pack is applied to stack "${stack.node.id}": call applyPolicyPack(stack) first`);
  pack.visit(stack);
  return REPORTS.get(stack) as PolicyReport;
}

/**
 * Every Terraform element of the stack with its configuration resolved exactly as `cdk.tf.json` will hold it
 * (references as `${type.name.attr}`, escape-hatch overrides applied).
 */
export function collectSubjects(stack: TerraformStack): PolicySubject[] {
  const resolver = new DefaultTokenResolver(new StringConcat());
  const subjects: PolicySubject[] = [];
  for (const c of stack.node.findAll()) {
    if (!TerraformElement.isTerraformElement(c) || TerraformStack.of(c) !== stack) continue;
    const fragment = Tokenization.resolve(c.toTerraform(), { scope: stack, preparing: false, resolver }) as JsonObject;
    const path = c.node.path;
    const stackPath = path.slice(stack.node.path.length + 1);
    const taggable = TerraformResource.isTerraformResource(c) && 'tagsInput' in c;
    const add = (kind: PolicySubjectKind, type: string, name: string, address: string, config: unknown) => {
      const { '//': _metadata, ...rest } = (config ?? {}) as JsonObject;
      subjects.push({ kind, type, name, address, path, stackPath, config: rest, taggable });
    };
    for (const [key, value] of Object.entries(fragment)) {
      const entries = Object.entries((value ?? {}) as JsonObject);
      switch (key) {
        case 'resource':
        case 'data':
          for (const [type, byName] of entries) {
            for (const [name, config] of Object.entries(byName as JsonObject)) {
              add(key, type, name, key === 'data' ? `data.${type}.${name}` : `${type}.${name}`, config);
            }
          }
          break;
        case 'variable':
        case 'output':
          for (const [name, config] of entries)
            add(key, key, name, `${key === 'variable' ? 'var' : key}.${name}`, config);
          break;
        case 'provider':
          for (const [type, configs] of entries) {
            for (const config of Array.isArray(configs) ? configs : [configs])
              add('provider', type, type, `provider.${type}`, config);
          }
          break;
        case 'locals':
        case 'terraform':
          add(key, key, c.node.id, key === 'locals' ? 'local' : 'terraform', value);
          break;
        default:
          break;
      }
    }
  }
  return subjects;
}

function annotate(stack: TerraformStack, report: PolicyReport): void {
  const byPath = new Map(stack.node.findAll().map((c) => [c.node.path, c] as const));
  const note = (path: string, level: 'error' | 'warning' | 'info', message: string) => {
    const target = byPath.get(path) ?? stack;
    const type = { error: '@cdktf/error', warning: '@cdktf/warn', info: '@cdktf/info' }[level];
    // A stack synthesized twice (Testing.synth, then app.synth) must not list a finding twice.
    if (target.node.metadata.some((m) => m.type === type && m.data === message)) return;
    const annotations = Annotations.of(target);
    if (level === 'error') annotations.addError(message);
    else if (level === 'warning') annotations.addWarning(message);
    else annotations.addInfo(message);
  };
  for (const f of report.errors) note(f.path, 'error', f.message);
  for (const f of report.warnings) note(f.path, 'warning', f.message);
  for (const f of report.suppressed) note(f.path, 'info', `${f.ruleId} suppressed: ${f.reason} (finding: ${f.detail})`);
  for (const s of report.unusedSuppressions) {
    note(
      stack.node.path,
      'warning',
      `Policy suppression of ${s.rule} for "${s.path}" matched no finding: remove it or correct the path (reason given: ${s.reason})`,
    );
  }
}
