/**
 * Issue 10 item 8: text that came from outside (a preflight report, the profile's description, policy suppression
 * reasons) is escaped when copied into PREFLIGHT.md and README.md: no HTML, no links, no control characters.
 */
import { describe, expect, it } from 'vitest';
import { buildBundle } from '../../scripts/handoff/bundle';
import { markdownText } from '../../scripts/handoff/markdown';
import { renderPreflightMarkdown, type PreflightReportFile } from '../../scripts/handoff/preflight';
import { synthesizeTerraform } from '../../scripts/handoff/terraform';
import { buildPlan } from '../../scripts/planning/plan';
import { validateProfile } from '../../stacks/profile/schema';
import { baseProfileData } from '../support/terraform';

const HOSTILE = [
  '<img src=x onerror=alert(1)>',
  '[click here](javascript:alert(document.cookie))',
  '<javascript:alert(1)>',
  'red\u001b[31m alert\u0007',
  '| broken | table |\n# heading',
];

/** Whether Markdown text could render as HTML, a link or a control sequence. */
function unsafe(md: string): string[] {
  const found: string[] = [];
  if (/<[A-Za-z!/]/.test(md)) found.push('an HTML tag');
  if (/\]\(/.test(md)) found.push('a Markdown link');
  if (/<[a-z]+:/i.test(md)) found.push('an autolink');
  if (/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/.test(md)) found.push('a control character');
  return found;
}

describe('markdownText', () => {
  for (const text of HOSTILE) {
    it(`escapes ${JSON.stringify(text)} so it renders as the text itself`, () => {
      // GIVEN hostile text WHEN escaped THEN nothing in it can render as HTML, a link or a control sequence
      expect(unsafe(markdownText(text))).toEqual([]);
    });
  }

  it('leaves plain prose readable', () => {
    // GIVEN ordinary text WHEN escaped THEN it is unchanged
    expect(markdownText('Eight-node VAST POC on Lsv4 in one zone of UK South.')).toBe(
      'Eight-node VAST POC on Lsv4 in one zone of UK South.',
    );
  });
});

describe('PREFLIGHT.md', () => {
  it('escapes every string of a hostile report', () => {
    // GIVEN a report whose every string is hostile
    const [a, b, c, d, e] = HOSTILE as [string, string, string, string, string];
    const report: PreflightReportFile = {
      verdict: a,
      subscription: { id: b, displayName: c },
      location: d,
      zone: e,
      physicalZone: a,
      checks: [{ id: b, status: c, message: d, remedy: e } as never],
    };
    // WHEN rendered
    const md = renderPreflightMarkdown(report, { location: 'uksouth', zone: '1' });
    // THEN the document holds no HTML, link or control character from the report (its own "<id>" placeholder,
    // inside a code span, aside)
    expect(unsafe(md.replace('/subscriptions/<id>/', ''))).toEqual([]);
    expect(md).toContain('&lt;img src=x onerror=alert\\(1\\)&gt;');
  });
});

describe('README.md', () => {
  it("escapes the profile's description and suppression reasons", () => {
    // GIVEN a profile whose description and suppression reason hold HTML and a javascript: link
    const profile = validateProfile({
      ...baseProfileData(),
      description: `${HOSTILE[0]} ${HOSTILE[1]}\n# not a heading`,
      policy: { suppressions: [{ rule: 'VAZ-SEC-012', path: 'nodes/vmss', reason: HOSTILE[1] }] },
    });
    const terraform = synthesizeTerraform(profile);
    // WHEN the bundle is built
    const readme = buildBundle({ profile, terraform, plan: buildPlan(profile) }).find((f) => f.path === 'README.md')!;
    // THEN README.md carries them as text only (its own <br/> and links aside)
    expect(readme.content).not.toMatch(/<img|\]\(javascript:|<javascript:/i);
    expect(readme.content).toContain('&lt;img src=x onerror=alert\\(1\\)&gt;');
    expect(readme.content).not.toContain('\n# not a heading');
  });
});
