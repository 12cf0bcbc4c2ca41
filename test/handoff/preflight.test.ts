import { describe, expect, it } from 'vitest';
import { parsePreflightReport, PreflightReportError, renderPreflightMarkdown } from '../../scripts/handoff/preflight';
import { renderJson as renderPreflightCommandJson } from '../../scripts/preflight/render';

const REPORT = {
  verdict: 'go',
  subscription: '00000000-0000-0000-0000-000000000000',
  location: 'uksouth',
  zone: '1',
  physicalZone: 'uksouth-az2',
  checks: [
    { id: 'quota-family', status: 'pass', message: '768 of 1000 vCPUs free' },
    { id: 'feature-encryption-at-host', status: 'fail', message: 'not registered', remedy: 'az feature register ...' },
  ],
};

describe('parsePreflightReport', () => {
  it('accepts a report with the documented shape', () => {
    // GIVEN a well-formed report WHEN parsed THEN its fields are returned
    const { report } = parsePreflightReport(JSON.stringify(REPORT), 'report.json');
    expect(report.physicalZone).toBe('uksouth-az2');
  });

  it('fails when the file is not JSON', () => {
    // GIVEN text that is not JSON WHEN parsed THEN the error says so
    expect(() => parsePreflightReport('not json', 'r.json')).toThrow(/is not valid JSON/);
  });

  it('fails when the file is not JSON without echoing its text', () => {
    // GIVEN the wrong file: not JSON, and holding a secret near the start
    const text = 'API_TOKEN=hunter2-Sup3rSecret\nOTHER=1\n';
    // WHEN parsed THEN the error names the file and the problem, and quotes nothing of the text
    expect(() => parsePreflightReport(text, '--preflight .env')).toThrow(
      new PreflightReportError('--preflight .env', [
        'it is not valid JSON (unexpected text): give the file `npm run preflight -- --json` wrote',
      ]),
    );
  });

  it('fails when the JSON is broken, naming the line and column', () => {
    // GIVEN a report with a trailing comma on line 3
    const text = '{\n  "verdict": "go",\n  "zone": "1",\n}\n';
    // WHEN parsed THEN the position is given, and V8's wording is not
    expect(() => parsePreflightReport(text, 'r.json')).toThrow(
      new PreflightReportError('r.json', [
        'it is not valid JSON (unexpected text at line 4, column 1): give the file `npm run preflight -- --json` wrote',
      ]),
    );
    expect(() => parsePreflightReport('{"verdict": "go"', 'r.json')).toThrow(
      new PreflightReportError('r.json', [
        'it is not valid JSON (the text ends too early): give the file `npm run preflight -- --json` wrote',
      ]),
    );
  });

  it('fails when fields are missing, naming each one', () => {
    // GIVEN a report without checks and zone WHEN parsed THEN both problems are listed
    const { checks: _c, zone: _z, ...partial } = REPORT;
    const err = (() => {
      try {
        parsePreflightReport(JSON.stringify(partial), 'r.json');
      } catch (e) {
        return e as PreflightReportError;
      }
      throw new Error('expected a failure');
    })();
    expect(err).toBeInstanceOf(PreflightReportError);
    expect(err.problems).toEqual([
      'zone must be a non-empty string, got nothing',
      'checks must be a list of {id, status, message, remedy}, got nothing',
    ]);
  });

  it('fails when a check lacks its status', () => {
    // GIVEN a check without status WHEN parsed THEN the check index is named
    const bad = { ...REPORT, checks: [{ id: 'x', message: 'y' }] };
    expect(() => parsePreflightReport(JSON.stringify(bad), 'r.json')).toThrow(/checks\[0\]\.status/);
  });
});

describe('renderPreflightMarkdown', () => {
  it('states the logical to physical zone mapping', () => {
    // GIVEN a report WHEN rendered THEN the mapping is spelled out
    const md = renderPreflightMarkdown(REPORT, { location: 'uksouth', zone: '1' });
    expect(md).toContain('zone 1 in this subscription is physical zone uksouth-az2');
  });

  it('lists every check with its remedy', () => {
    // GIVEN two checks WHEN rendered THEN both rows appear, the missing remedy as a dash
    const md = renderPreflightMarkdown(REPORT, { location: 'uksouth', zone: '1' });
    expect(md).toContain('| quota-family | pass | 768 of 1000 vCPUs free | — |');
    expect(md).toContain('| feature-encryption-at-host | fail | not registered | az feature register ... |');
  });

  it('warns when the report was made for another zone', () => {
    // GIVEN a report for zone 1 WHEN rendered for a zone 2 profile THEN a mismatch is called out
    expect(renderPreflightMarkdown(REPORT, { location: 'uksouth', zone: '2' })).toContain('**Mismatch:**');
  });
});

describe('a report written by the preflight command itself', () => {
  it('is accepted and rendered, so the two commands agree on the JSON contract', () => {
    // GIVEN the JSON that `npm run preflight -- --json` prints, produced by its own renderer
    const text = renderPreflightCommandJson({
      verdict: 'no-go',
      subscription: '6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f',
      location: 'uksouth',
      zone: '1',
      physicalZone: 'uksouth-az2',
      checks: [
        { id: 'quota-family', status: 'pass', message: 'free 1000' },
        { id: 'sku-zone', status: 'fail', message: 'not in zone 1', remedy: 'use zone 2' },
      ],
    });
    // WHEN the handoff reads it THEN it validates and PREFLIGHT.md carries both checks and the physical zone
    const { report } = parsePreflightReport(text, 'report.json');
    const md = renderPreflightMarkdown(report, { location: 'uksouth', zone: '1' });
    expect(md).toContain('| sku-zone | fail | not in zone 1 | use zone 2 |');
    expect(md).toContain('| quota-family | pass | free 1000 | — |');
    expect(md).toContain('uksouth-az2');
  });
});
