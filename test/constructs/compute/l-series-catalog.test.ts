import { describe, expect, it } from 'vitest';
import {
  isLSeriesSize,
  lSeriesSpec,
  L_SERIES_CATALOG,
  L_SERIES_SIZES,
  nodeRawTB,
  OS_DISK_CACHING,
  osDiskCachingValues,
} from '../../../constructs/compute/l-series-catalog';

describe('L-series catalog', () => {
  it('holds the reference figures for an Lsv3 and an Lsv4 size', () => {
    expect(lSeriesSpec('Standard_L80s_v3')).toMatchObject({
      vcpus: 80,
      memoryGiB: 640,
      nvmeDiskCount: 10,
      nvmeDiskSizeTB: 1.92,
      maxNics: 8,
      expectedNetworkMbps: 32_000,
      quotaFamily: 'standardLSv3Family',
      generation: 'v3',
      supportsGen1: true,
    });
    expect(lSeriesSpec('Standard_L96s_v4')).toMatchObject({
      nvmeDiskCount: 12,
      expectedNetworkMbps: 41_000,
      supportsGen1: false,
    });
  });

  it('computes raw NVMe per node in decimal TB', () => {
    expect(nodeRawTB(lSeriesSpec('Standard_L96s_v4'))).toBe(23.04);
    expect(nodeRawTB(lSeriesSpec('Standard_L8s_v4'))).toBe(1.92);
  });

  it('lists every size once and only L-series sizes', () => {
    expect(new Set(L_SERIES_SIZES).size).toBe(L_SERIES_SIZES.length);
    for (const s of L_SERIES_SIZES) expect(s).toMatch(/^Standard_L\d+[a-z]*_v[345]$/);
    expect(isLSeriesSize('Standard_D8s_v5')).toBe(false);
  });

  it('fails when a size is unknown, naming it', () => {
    expect(() => lSeriesSpec('Standard_L192s_v5')).toThrow(
      /got "Standard_L192s_v5": it is not an L-series size this toolkit knows/,
    );
  });

  it('records Premium Storage caching as unsupported on Lsv3 and L96s_v4 and supported on other Lsv4 sizes', () => {
    expect(lSeriesSpec('Standard_L80s_v3').premiumStorageCaching).toBe(false);
    expect(lSeriesSpec('Standard_L96s_v4').premiumStorageCaching).toBe(false);
    expect(lSeriesSpec('Standard_L32s_v4').premiumStorageCaching).toBe(true);
  });

  it('uses an OS disk caching value every catalog size accepts', () => {
    const refusing = Object.values(L_SERIES_CATALOG).filter((s) => !osDiskCachingValues(s).includes(OS_DISK_CACHING));
    expect(refusing.map((s) => s.name)).toEqual([]);
  });
});
