/** The README's "Policy suppressions" section (issue 12, item 7): what a customer reads about accepted findings. */
import { describe, expect, it } from 'vitest';
import { POLICY_RULES } from '../../constructs/policy/registry';
import { buildBundle } from '../../scripts/handoff/bundle';
import { synthesizeTerraform } from '../../scripts/handoff/terraform';
import { buildPlan } from '../../scripts/planning/plan';
import type { Profile } from '../../stacks/profile/schema';
import { profile } from '../policy/support';

/** The body of the README's "## Policy suppressions" section, up to the next level-2 heading. */
function policySection(p: Profile): string {
  const terraform = synthesizeTerraform(p);
  const files = buildBundle({ profile: p, terraform, plan: buildPlan(p) });
  const readme = files.find((f) => f.path === 'README.md')!.content;
  const start = readme.indexOf('\n## Policy suppressions\n');
  expect(start).toBeGreaterThan(-1);
  const rest = readme.slice(start + '\n## Policy suppressions\n'.length);
  const end = rest.indexOf('\n## ');
  return (end === -1 ? rest : rest.slice(0, end)).trim();
}

/** The data rows of the table that follows `caption` in a section (up to the first blank line after it). */
function tableRows(section: string, caption: string): string[] {
  const at = section.indexOf(`${caption}\n\n`);
  if (at === -1) return [];
  const table = section.slice(at + caption.length + 2).split('\n\n')[0]!;
  return table.split('\n').slice(2);
}

/** The default profile without encryption at host, the VAZ-SEC-013 warning suppressed with `reason`. */
function suppressedProfile(reason: string): Profile {
  return profile('default', (raw) => {
    raw.nodes!.encryptionAtHost = false;
    raw.policy = { suppressions: [{ rule: 'VAZ-SEC-013', path: 'nodes/vmss', reason }] };
  });
}

describe('README "Policy suppressions"', () => {
  it('lists a suppressed finding with its rule, requirement, readable address and reason', () => {
    // GIVEN a profile that accepts the encryption-at-host warning on the scale set
    const title = POLICY_RULES.find((r) => r.id === 'VAZ-SEC-013')!.title;
    // WHEN its bundle is built
    const section = policySection(suppressedProfile('Customer cannot register EncryptionAtHost (J. Smith)'));
    // THEN the section has a table with exactly that row; the address is the readable one, without a hash suffix
    expect(tableRows(section, 'Findings accepted as exceptions:')).toEqual([
      `| VAZ-SEC-013 | ${title} | \`azurerm_orchestrated_virtual_machine_scale_set.nodes_vmss\` | Customer cannot register EncryptionAtHost \\(J. Smith\\) |`,
    ]);
    expect(section).toMatch(/^The toolkit's policy pack ran \d+ security and reliability rules/);
    expect(section).not.toContain('No finding was suppressed');
  });

  it('escapes a reason so that it cannot break the table or inject markup', () => {
    // GIVEN a reason holding a table separator, emphasis and an HTML tag
    const section = policySection(suppressedProfile('ok | *now* <b>x</b>'));
    // WHEN the row is read THEN each is escaped and the row keeps its four cells
    const [row] = tableRows(section, 'Findings accepted as exceptions:');
    expect(row!.endsWith('| ok \\| \\*now\\* &lt;b&gt;x&lt;/b&gt; |')).toBe(true);
    expect(row!.split(/(?<!\\)\|/).length - 2).toBe(4);
  });

  it('says that no finding was suppressed when the profile suppresses none', () => {
    // GIVEN the shipped default profile (no suppressions) WHEN its bundle is built
    const section = policySection(profile('default'));
    // THEN the section says so and has no exceptions table
    expect(section).toContain('No finding was suppressed: every rule passes without an exception.');
    expect(section).not.toContain('Findings accepted as exceptions:');
  });
});
