/** Raw and usable capacity of a cluster under an erasure-coding layout. */
import { tbToTiB } from './units';

/** Capacity figures, decimal TB and TiB. */
export interface Capacity {
  /** Raw NVMe capacity of one node: disks × disk size, TB. */
  readonly perNodeRawTB: number;
  /** Raw NVMe capacity of the cluster: nodes × disks × disk size, TB. */
  readonly rawTB: number;
  /** Raw capacity in TiB. */
  readonly rawTiB: number;
  /** Share of raw capacity holding data, k / (k + m). */
  readonly efficiency: number;
  /** Share of the post-parity capacity held back, percent (profile `planning.reservePercent`). */
  readonly reservePercent: number;
  /** Usable capacity: raw × k/(k+m) × (1 − reserve/100), TB. */
  readonly usableTB: number;
  /** Usable capacity in TiB. */
  readonly usableTiB: number;
}

/** Inputs to {@link capacity}. */
export interface CapacityInput {
  readonly nodeCount: number;
  readonly nvmeDiskCount: number;
  /** Size of each NVMe disk, decimal TB. */
  readonly nvmeDiskSizeTB: number;
  readonly k: number;
  readonly m: number;
  readonly reservePercent: number;
}

/**
 * Computes raw and usable capacity: raw = nodes × disks × disk size; usable = raw × k/(k+m) × (1 − reserve/100).
 */
export function capacity(input: CapacityInput): Capacity {
  const perNodeRawTB = input.nvmeDiskCount * input.nvmeDiskSizeTB;
  const rawTB = input.nodeCount * perNodeRawTB;
  const efficiency = input.k / (input.k + input.m);
  const usableTB = rawTB * efficiency * (1 - input.reservePercent / 100);
  return {
    perNodeRawTB,
    rawTB,
    rawTiB: tbToTiB(rawTB),
    efficiency,
    reservePercent: input.reservePercent,
    usableTB,
    usableTiB: tbToTiB(usableTB),
  };
}
