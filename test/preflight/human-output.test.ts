/**
 * Issue 13 item 5 (preflight): the human output wraps to the terminal's width (80 when not a terminal) and shows each
 * list of alternative VM sizes once, capped with "and N more"; --json keeps the lists whole.
 */
import { describe, expect, it } from 'vitest';
import type { PreflightReport } from '../../scripts/preflight/check';
import {
  DEFAULT_WIDTH,
  outputWidth,
  renderHuman,
  renderJson,
  SIZES_SHOWN,
  type RunContext,
} from '../../scripts/preflight/render';

const SIZES = Array.from({ length: 30 }, (_, i) => `Standard_L${i + 1}s_v4`);

const CONTEXT: RunContext = {
  profileName: 'vast-poc',
  profilePath: 'stacks/profiles/default.yaml',
  vmSize: 'Standard_L96s_v4',
  nodeCount: 8,
  endpoint: 'https://management.azure.com',
  credential: 'DefaultAzureCredential',
};

function reportWith(message: string, remedy: string): PreflightReport {
  return {
    verdict: 'no-go',
    subscription: '00000000-0000-0000-0000-000000000000',
    location: 'uksouth',
    zone: '1',
    physicalZone: 'uksouth-az2',
    checks: [
      { id: 'providers', status: 'pass', message: 'Microsoft.Compute, Microsoft.Network are registered' },
      { id: 'sku-zone', status: 'fail', message, remedy },
    ],
  };
}

const ZONE_FAIL = reportWith(
  `Standard_L96s_v4 is not available in zone 1 of uksouth (Zone restriction); it is available in zones 2, 3; catalog sizes available in zone 1: ${SIZES.join(', ')}`,
  `set zone to "2" or "3" (the physical zone changes with it); or set nodes.vmSize to one of ${SIZES.join(', ')}; or ask Microsoft to lift the restriction`,
);

const longest = (text: string): number => Math.max(...text.split('\n').map((l) => l.length));

describe('preflight human output width', () => {
  it('wraps every line to 80 columns by default', () => {
    // GIVEN a report with long messages and remedies
    // WHEN rendered without a width
    const text = renderHuman(ZONE_FAIL, CONTEXT);
    // THEN no line is wider than 80 columns
    expect(DEFAULT_WIDTH).toBe(80);
    expect(longest(text)).toBeLessThanOrEqual(80);
  });

  it("uses the terminal's width when given one", () => {
    // GIVEN a 132-column terminal
    const text = renderHuman(ZONE_FAIL, CONTEXT, 132);
    // THEN lines use the room, and none passes 132
    expect(longest(text)).toBeGreaterThan(80);
    expect(longest(text)).toBeLessThanOrEqual(132);
  });

  it('takes the columns of a TTY, and 80 for a pipe or a file', () => {
    expect(outputWidth({ isTTY: true, columns: 132 })).toBe(132);
    expect(outputWidth({ isTTY: false, columns: 132 })).toBe(80);
    expect(outputWidth({})).toBe(80);
    expect(outputWidth({ isTTY: true, columns: 0 })).toBe(80);
  });
});

describe('preflight alternative sizes', () => {
  it(`lists them once, the first ${SIZES_SHOWN} and "and N more"`, () => {
    // GIVEN a zone failure whose message and remedy both list 30 sizes
    // WHEN rendered for a person (wide, so wrapping does not split the phrases)
    const text = renderHuman(ZONE_FAIL, CONTEXT, 400);
    // THEN the message shows the first six and the count of the rest, the remedy points at it, and the seventh
    // size appears nowhere
    expect(text).toContain(`catalog sizes available in zone 1: ${SIZES.slice(0, 6).join(', ')} and 24 more`);
    expect(text).toContain('or set nodes.vmSize to one of the sizes listed above; or ask Microsoft');
    expect(text).not.toContain(SIZES[6]);
    expect(text.split(SIZES[0]!).length - 1).toBe(1);
  });

  it('keeps a short list whole', () => {
    const report = reportWith('sizes: Standard_L8s_v4, Standard_L16s_v4', 'use Standard_L32s_v4, Standard_L48s_v4');
    const text = renderHuman(report, CONTEXT, 400);
    expect(text).toContain('sizes: Standard_L8s_v4, Standard_L16s_v4');
    expect(text).toContain('use Standard_L32s_v4, Standard_L48s_v4');
  });

  it('keeps the whole lists in --json', () => {
    // GIVEN the same report WHEN rendered as JSON THEN the 30th size is in the message and in the remedy
    const doc = JSON.parse(renderJson(ZONE_FAIL)) as PreflightReport;
    expect(doc.checks[1]!.message).toContain(SIZES[29]);
    expect(doc.checks[1]!.remedy).toContain(SIZES[29]);
  });
});
