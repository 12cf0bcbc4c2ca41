/** docs/handoff.md quotes generated files; these tests fail when the quotes drift from what the code produces. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runHandoff } from '../../scripts/handoff/command';

const DOC = readFileSync(join(__dirname, '..', '..', 'docs', 'handoff.md'), 'utf8');
let out: string;

beforeAll(async () => {
  out = join(mkdtempSync(join(tmpdir(), 'handoff-doc-')), 'bundle');
  await runHandoff(['--out', out], {});
});

/** The fenced block of `lang` that starts with `firstLine`. */
function quoted(lang: string, firstLine: string): string {
  const start = DOC.indexOf(`\`\`\`${lang}\n${firstLine}`);
  expect(start, `docs/handoff.md has a ${lang} block starting with ${firstLine}`).toBeGreaterThanOrEqual(0);
  const body = DOC.slice(start + lang.length + 4);
  return body.slice(0, body.indexOf('```'));
}

describe('docs/handoff.md excerpts', () => {
  it('quotes the RUNBOOK recovery objectives exactly as the default profile produces them', () => {
    expect(readFileSync(join(out, 'RUNBOOK.md'), 'utf8')).toContain(quoted('text', '| Objective | Figure |'));
  });

  it('quotes the start of terraform/main.tf exactly', () => {
    expect(readFileSync(join(out, 'terraform', 'main.tf'), 'utf8')).toContain(quoted('hcl', '# VAST on Azure POC'));
  });
});
