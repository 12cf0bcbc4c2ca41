import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TerraformStack, Testing } from 'cdktf';
import { describe, expect, it } from 'vitest';
import { PolicyPack, policyReport } from '../../constructs/policy/pack';
import { POLICY_RULES } from '../../constructs/policy/registry';
import { suppressPolicyRule } from '../../constructs/policy/suppressions';
import { buildApp } from '../../stacks/app';
import { loadProfile } from '../../stacks/profile/load';
import { SHIPPED_PROFILES_DIR as PROFILES_DIR } from '../../stacks/profile/load';
import { evaluate, profile, profileStack } from './support';

function outdir(): string {
  return mkdtempSync(join(tmpdir(), 'policy-synth-'));
}

function noEncryptionAtHost() {
  return profile('default', (raw) => {
    raw.nodes!.encryptionAtHost = false;
  });
}

describe('the policy pack', () => {
  it('fails app.synth listing every error finding at once with rule id, path and fix', () => {
    // GIVEN two broken settings on two resources
    const out = outdir();
    const { app, stack } = buildApp(profile('default'), { outdir: out });
    stack.offload.account.addOverride('shared_access_key_enabled', true);
    stack.nodes.scaleSet.addOverride('priority', 'Spot');
    // WHEN the app is synthesized  THEN both findings are in one error
    expect(() => app.synth()).toThrowError(
      /\[vast-poc\/nodes\/vmss\] VAZ-REL-004 .*Fix: .*\n\[vast-poc\/offload\/account\] VAZ-SEC-006 .*Fix: Set `shared_access_key_enabled = false`/,
    );
  });

  it('lets app.synth pass with warnings and records them in the manifest', () => {
    // GIVEN a profile that only triggers a warning
    const out = outdir();
    const { app } = buildApp(noEncryptionAtHost(), { outdir: out });
    // WHEN the app is synthesized
    app.synth();
    // THEN the manifest carries the warning on the scale set and on the management node (it follows the nodes)
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as {
      stacks: Record<string, { annotations: Array<{ constructPath: string; level: string; message: string }> }>;
    };
    const warnings = manifest.stacks['vast-poc']!.annotations.filter((a) => a.level === '@cdktf/warn');
    expect(warnings.map((a) => [a.constructPath, a.message.slice(0, 11)])).toEqual([
      ['vast-poc/nodes/vmss', 'VAZ-SEC-013'],
      ['vast-poc/management/vm', 'VAZ-SEC-013'],
    ]);
  });

  it('synthesizes every shipped profile with zero policy errors', () => {
    // GIVEN every profile under stacks/profiles
    const files = readdirSync(PROFILES_DIR).filter((f) => f.endsWith('.yaml'));
    expect(files.length).toBeGreaterThanOrEqual(2);
    for (const file of files) {
      const { app, stack } = buildApp(loadProfile(join(PROFILES_DIR, file)), { outdir: outdir() });
      // WHEN the app is synthesized (it throws on any error finding)
      app.synth();
      // THEN the report has no errors and every rule ran
      const report = policyReport(stack);
      expect(report.errors, file).toEqual([]);
      expect(report.rules, file).toEqual(POLICY_RULES.map((r) => r.id));
    }
  });

  it('does not repeat annotations when a stack is synthesized twice', () => {
    // GIVEN a stack with one warning, synthesized once for tests
    const { app, stack } = buildApp(noEncryptionAtHost(), { outdir: outdir() });
    Testing.synth(stack);
    // WHEN the app is synthesized as well
    app.synth();
    // THEN the scale set carries the warning once
    const warnings = stack.nodes.scaleSet.node.metadata.filter((m) => m.type === '@cdktf/warn');
    expect(warnings).toHaveLength(1);
  });

  it('fails when asked for the report of a stack without a pack', () => {
    const stack = new TerraformStack(Testing.app(), 'bare');
    expect(() => policyReport(stack)).toThrowError('no policy pack is applied to stack "bare"');
  });
});

describe('policy suppressions', () => {
  it('moves a suppressed finding out of the warnings, with its reason, and annotates it as info', () => {
    // GIVEN a pack suppression for the encryption-at-host warning on the scale set
    const reason = 'Customer cannot register EncryptionAtHost during the POC (J. Smith, 2026-11-02)';
    const p = profile('default', (raw) => {
      raw.nodes!.encryptionAtHost = false;
      raw.management = { enabled: false };
      raw.policy = { suppressions: [{ rule: 'VAZ-SEC-013', path: 'nodes/vmss', reason }] };
    });
    const stack = profileStack(p);
    // WHEN the pack runs
    const report = evaluate(stack);
    // THEN the finding is listed as suppressed with the reason and an info annotation says so
    expect(report.warnings).toEqual([]);
    expect(report.suppressed.map((f) => [f.ruleId, f.path, f.reason])).toEqual([
      ['VAZ-SEC-013', 'vast-poc/nodes/vmss', reason],
    ]);
    expect(stack.nodes.scaleSet.node.metadata.map((m) => [m.type, m.data])).toContainEqual([
      '@cdktf/info',
      `VAZ-SEC-013 suppressed: ${reason} (finding: encryption_at_host_enabled is false)`,
    ]);
  });

  it('lets app.synth pass when an error finding is suppressed in code', () => {
    // GIVEN a broken setting suppressed on the resource itself
    const { app, stack } = buildApp(profile('default'), { outdir: outdir() });
    stack.nodes.scaleSet.addOverride('upgrade_mode', 'Automatic');
    suppressPolicyRule(stack.nodes.scaleSet, 'VAZ-REL-006', 'Test cluster without data; upgrades are welcome');
    // WHEN the app is synthesized  THEN it passes and the report lists the suppression
    app.synth();
    expect(policyReport(stack).suppressed.map((f) => f.ruleId)).toEqual(['VAZ-REL-006']);
  });

  it('reports a suppression that matches no finding as a warning on the stack', () => {
    // GIVEN a suppression for a path that does not exist
    const p = profile('default', (raw) => {
      raw.policy = { suppressions: [{ rule: 'VAZ-SEC-002', path: 'network/typo', reason: 'stale' }] };
    });
    const stack = profileStack(p);
    // WHEN the pack runs
    const report = evaluate(stack);
    // THEN it is listed as unused and the stack carries a warning
    expect(report.unusedSuppressions).toEqual([{ rule: 'VAZ-SEC-002', path: 'network/typo', reason: 'stale' }]);
    expect(stack.node.metadata.some((m) => m.type === '@cdktf/warn' && String(m.data).includes('network/typo'))).toBe(
      true,
    );
  });

  it('fails when a suppression names an unknown rule', () => {
    expect(() => new PolicyPack({ suppressions: [{ rule: 'VAZ-SEC-999', path: 'a/b', reason: 'r' }] })).toThrowError(
      /^suppressions\[0\]\.rule must be one of VAZ-SEC-001, .*got "VAZ-SEC-999"$/,
    );
  });

  it('fails when a suppression gives no reason', () => {
    const stack = profileStack();
    expect(() => suppressPolicyRule(stack.nodes.scaleSet, 'VAZ-SEC-013', '  ')).toThrowError(
      'suppressPolicyRule.reason must say why VAZ-SEC-013 is accepted for "vast-poc/nodes/vmss", got nothing',
    );
  });
});

describe('the rule registry', () => {
  it('gives every rule a unique, well-formed id and a title, rationale and fix', () => {
    const ids = POLICY_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const rule of POLICY_RULES) {
      const family = { security: 'SEC', reliability: 'REL', conformance: 'AZR' }[rule.category];
      expect(rule.id).toMatch(new RegExp(`^VAZ-${family}-\\d{3}$`));
      expect(
        [rule.title, rule.rationale, rule.fix].every((t) => t.trim().length > 10),
        rule.id,
      ).toBe(true);
    }
  });
});
