/**
 * The recovery window that asynchronous Blob offload leaves (RPO bound) and the time to rehydrate the cluster from
 * Blob (RTO).
 *
 * Assumptions, stated in the report: the day's change is offloaded at the profile's sustained offload rate with
 * nothing else competing, and no faster than the storage account's default ingress target; in the worst case the
 * whole day's change arrives as one burst, so the last byte of it waits dailyChange ÷ offloadRate before it lands in
 * Blob; rehydration writes the usable data back through the erasure coding at the lower of the cluster's write
 * bandwidth and the storage account's default egress target.
 */
import type { StorageAccountLimits } from './storage-limits';
import { gbpsToGBps } from './units';

/** Recovery figures. */
export interface Recovery {
  /** New or changed data per day, TB (profile `planning.dailyChangeTB`). */
  readonly dailyChangeTB: number;
  /** Sustained offload rate, Gbps: the profile's `planning.offloadGbps`, capped at the account's ingress target. */
  readonly offloadGbps: number;
  /** Sustained offload rate, GB/s (Gbps ÷ 8). */
  readonly offloadGBps: number;
  /** The rate the profile asked for, Gbps (`planning.offloadGbps`). */
  readonly requestedOffloadGbps: number;
  /** Whether the account's ingress target, not the profile, sets the offload rate. */
  readonly offloadCappedByAccount: boolean;
  /** The storage account's default bandwidth targets used here. */
  readonly accountLimits: StorageAccountLimits;
  /** Most data offload can move in a day, TB: offload GB/s × 86,400 s ÷ 1000. */
  readonly offloadCapacityTBPerDay: number;
  /** Share of the offload rate the daily change needs: dailyChange ÷ offload capacity per day. */
  readonly offloadUtilisation: number;
  /** Whether offload keeps up with the daily change (utilisation ≤ 1). */
  readonly offloadKeepsUp: boolean;
  /** When offload does not keep up, how much unoffloaded data grows per day, TB; 0 when it keeps up. */
  readonly backlogGrowthTBPerDay: number;
  /**
   * Longest time a byte waits before it lands in Blob when a whole day's change arrives at once:
   * dailyChange ÷ offload rate, hours. The data-loss window (RPO bound) of asynchronous offload; `null` (unbounded)
   * when offload does not keep up.
   */
  readonly rpoWindowHours: number | null;
  /**
   * Most unoffloaded data at risk when a day's change arrives as one burst at the cluster's write bandwidth:
   * dailyChange × (1 − offload ÷ write), TB; zero when offload is at least as fast as the cluster's writes.
   */
  readonly peakUnoffloadedTB: number;
  /**
   * Time to write the usable capacity back from Blob, hours (RTO): at the lower of the cluster's write bandwidth and
   * the account's egress target.
   */
  readonly rehydrateHours: number;
  /** The bandwidth the rehydration time assumes, GB/s. */
  readonly rehydrateGBps: number;
  /** What sets the rehydration bandwidth. */
  readonly rehydrateLimitedBy: 'cluster write bandwidth' | 'storage account egress';
  /**
   * Time to rehydrate if Blob → cluster runs no faster than the profile's offload rate, hours: the pessimistic end
   * of the range when the storage account, not the cluster, is the limit.
   */
  readonly rehydrateHoursAtOffloadRate: number;
}

/** Inputs to {@link recovery}. */
export interface RecoveryInput {
  readonly dailyChangeTB: number;
  readonly offloadGbps: number;
  readonly usableTB: number;
  /** The cluster's write bandwidth (aggregate × k/(k+m)), GB/s. */
  readonly writeGBps: number;
  /** The offload account's default bandwidth targets. */
  readonly accountLimits: StorageAccountLimits;
}

/** Computes the offload data-loss window and the rehydration time. */
export function recovery(input: RecoveryInput): Recovery {
  const offloadGbps = Math.min(input.offloadGbps, input.accountLimits.ingressGbps);
  const offloadGBps = gbpsToGBps(offloadGbps);
  const egressGBps = gbpsToGBps(input.accountLimits.egressGbps);
  const accountBound = egressGBps < input.writeGBps;
  const rehydrateGBps = accountBound ? egressGBps : input.writeGBps;
  const perDayTB = (offloadGBps * 86_400) / 1000;
  const utilisation = input.dailyChangeTB / perDayTB;
  const keepsUp = utilisation <= 1;
  const peak = input.writeGBps > offloadGBps ? input.dailyChangeTB * (1 - offloadGBps / input.writeGBps) : 0;
  return {
    dailyChangeTB: input.dailyChangeTB,
    offloadGbps,
    offloadGBps,
    requestedOffloadGbps: input.offloadGbps,
    offloadCappedByAccount: input.offloadGbps > input.accountLimits.ingressGbps,
    accountLimits: input.accountLimits,
    offloadCapacityTBPerDay: perDayTB,
    offloadUtilisation: utilisation,
    offloadKeepsUp: keepsUp,
    backlogGrowthTBPerDay: keepsUp ? 0 : input.dailyChangeTB - perDayTB,
    rpoWindowHours: keepsUp ? (input.dailyChangeTB * 1000) / offloadGBps / 3600 : null,
    peakUnoffloadedTB: peak,
    rehydrateHours: (input.usableTB * 1000) / rehydrateGBps / 3600,
    rehydrateGBps,
    rehydrateLimitedBy: accountBound ? 'storage account egress' : 'cluster write bandwidth',
    rehydrateHoursAtOffloadRate: (input.usableTB * 1000) / offloadGBps / 3600,
  };
}
