/** docs/benchmarking.md shows a real report; this test fails when it drifts from what the command produces. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderReportMarkdown } from '../../scripts/benchmarking/render';
import { analyseResults } from '../../scripts/benchmarking/report-command';
import { DEFAULT_PROFILE_PATH } from '../../stacks/profile/load';

const ROOT = join(__dirname, '..', '..');
const DOC = readFileSync(join(ROOT, 'docs', 'benchmarking.md'), 'utf8');
const RESULTS = 'test/fixtures/fio/local-two-clients';
const NOTE =
  'NOT an Azure measurement: fio-3.33 on one 2-CPU build machine against local files, two clients on the same machine (test/fixtures/fio). It shows the report, not what a VAST cluster delivers.';

describe('docs/benchmarking.md', () => {
  it('shows the report the command produces from the committed fio fixtures', () => {
    // GIVEN the fixtures and the note the doc names WHEN the report is rendered THEN the doc holds it exactly
    const start = DOC.indexOf('<!-- report:start -->\n') + '<!-- report:start -->\n'.length;
    const end = DOC.indexOf('<!-- report:end -->');
    const analysis = analyseResults({
      resultsDir: join(ROOT, RESULTS),
      resultsShownAs: RESULTS,
      profilePath: DEFAULT_PROFILE_PATH,
    });
    expect(DOC.slice(start, end)).toBe(renderReportMarkdown(analysis, { resultsShownAs: RESULTS, note: NOTE }));
  });

  it('quotes the command with the same note', () => {
    // GIVEN the doc WHEN the command line is read THEN it carries the note the report was made with
    expect(DOC).toContain(`--note "${NOTE}"`);
  });
});
