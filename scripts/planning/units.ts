/**
 * Units and conversions shared by the planning model. Capacities are decimal (TB = 10^12 bytes) unless a name says
 * TiB (2^40 bytes); bandwidths are decimal (GB/s = 10^9 bytes per second, Gbps = 10^9 bits per second).
 */

/** Hours in a billing month, as the Azure pricing calculator counts them. */
export const HOURS_PER_MONTH = 730;

/** Decimal terabytes in one tebibyte (2^40 / 10^12). */
export const TB_PER_TIB = 1.099511627776;

/** Converts decimal terabytes to tebibytes. */
export function tbToTiB(tb: number): number {
  return tb / TB_PER_TIB;
}

/** Converts tebibytes to decimal terabytes. */
export function tibToTB(tib: number): number {
  return tib * TB_PER_TIB;
}

/** Converts megabits per second to decimal gigabytes per second (÷ 8 bits per byte ÷ 1000). */
export function mbpsToGBps(mbps: number): number {
  return mbps / 8000;
}

/** Converts gigabits per second to decimal gigabytes per second. */
export function gbpsToGBps(gbps: number): number {
  return gbps / 8;
}

/**
 * Rounds to a number of decimal places, for display and for stable JSON. The model computes with full precision and
 * rounds only what it reports.
 */
export function round(value: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** Rounds a value that may be unknown. */
export function roundOrNull(value: number | null, digits = 3): number | null {
  return value === null ? null : round(value, digits);
}
