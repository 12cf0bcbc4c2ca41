import { describe, expect, it } from 'vitest';
import { ProfileError } from '../../stacks/profile/schema';
import { profile } from './support';

function withSuppressions(suppressions: unknown) {
  return () =>
    profile('default', (raw) => {
      raw.policy = { suppressions } as Record<string, unknown>;
    });
}

function issues(run: () => unknown): string[] {
  try {
    run();
  } catch (e) {
    if (e instanceof ProfileError) return e.issues.map((i) => i.message);
    throw e;
  }
  throw new Error('the profile was accepted');
}

describe('profile policy.suppressions', () => {
  it('accepts a suppression with a known rule, a path and a reason', () => {
    // GIVEN a suppression in the profile  WHEN it is validated
    const p = withSuppressions([{ rule: 'VAZ-SEC-013', path: 'nodes/vmss', reason: '  Feature not registered  ' }])();
    // THEN it is kept, the reason trimmed
    expect(p.policy).toEqual({
      suppressions: [{ rule: 'VAZ-SEC-013', path: 'nodes/vmss', reason: 'Feature not registered' }],
    });
  });

  it('leaves policy out when the profile has none', () => {
    expect(profile('default').policy).toBeUndefined();
  });

  it('fails when the rule id is unknown', () => {
    const messages = issues(withSuppressions([{ rule: 'VAZ-SEC-999', path: 'nodes/vmss', reason: 'x' }]));
    expect(messages).toEqual([
      expect.stringMatching(/^policy\.suppressions\[0\]\.rule must be one of "VAZ-SEC-001", .*got "VAZ-SEC-999"$/),
    ]);
  });

  it('fails when the reason is empty', () => {
    const messages = issues(withSuppressions([{ rule: 'VAZ-SEC-013', path: 'nodes/vmss', reason: ' ' }]));
    expect(messages).toEqual([
      'policy.suppressions[0].reason must be a non-empty reason saying who accepted the finding and why, got " "',
    ]);
  });

  it('fails when the reason is missing', () => {
    const messages = issues(withSuppressions([{ rule: 'VAZ-SEC-013', path: 'nodes/vmss' }]));
    expect(messages).toEqual([
      'policy.suppressions[0].reason is required (a non-empty reason saying who accepted the finding and why), got nothing',
    ]);
  });

  it('fails when the path is missing', () => {
    const messages = issues(withSuppressions([{ rule: 'VAZ-SEC-013', reason: 'r' }]));
    expect(messages).toEqual([expect.stringMatching(/^policy\.suppressions\[0\]\.path is required/)]);
  });

  it('fails when suppressions is not a list', () => {
    const messages = issues(withSuppressions('VAZ-SEC-013'));
    expect(messages).toEqual(['policy.suppressions must be a list of { rule, path, reason }, got "VAZ-SEC-013"']);
  });

  it('fails when a suppression has an unknown field', () => {
    const messages = issues(withSuppressions([{ rule: 'VAZ-SEC-013', path: 'a', reason: 'r', until: 'never' }]));
    expect(messages).toEqual([expect.stringContaining('policy.suppressions[0].until is not a known field')]);
  });
});
