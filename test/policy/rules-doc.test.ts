import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { POLICY_RULES } from '../../constructs/policy/registry';
import { renderRulesMarkdown, RULES_DOC_PATH } from '../../constructs/policy/rules-doc';

const ROOT = join(__dirname, '..', '..');

describe('docs/rules.md', () => {
  it('is up to date with the rule registry (run `npm run rules:docs` when this fails)', () => {
    // GIVEN the checked-in reference  WHEN it is compared with a fresh rendering  THEN they are identical
    expect(readFileSync(join(ROOT, RULES_DOC_PATH), 'utf8')).toBe(renderRulesMarkdown());
  });

  it('lists every rule with its level, why and fix', () => {
    const doc = renderRulesMarkdown();
    for (const r of POLICY_RULES) {
      expect(doc).toContain(`### ${r.id}: ${r.title}\n\n- **Level:** ${r.level}\n`);
      expect(doc).toContain(`- **Why:** ${r.rationale}\n- **Fix:** ${r.fix}\n`);
    }
  });

  it('fails the staleness check when a rule changes', () => {
    // GIVEN a registry where one rule's fix text changed
    const changed = POLICY_RULES.map((r, i) => (i === 0 ? { ...r, fix: `${r.fix} (changed)` } : r));
    // WHEN it is rendered  THEN the checked-in file no longer matches
    expect(renderRulesMarkdown(changed)).not.toBe(readFileSync(join(ROOT, RULES_DOC_PATH), 'utf8'));
  });
});
