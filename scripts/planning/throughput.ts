/**
 * NIC-bound throughput. Each node's bandwidth is Microsoft's expected network bandwidth for the size (catalog Mbps);
 * guest RDMA between VMs is not available on these sizes, so every byte crosses the VM NIC.
 *
 * - aggregate network = nodes × per-node NIC
 * - reads are bounded by the aggregate network
 * - writes put (k+m)/k bytes on the wire for every byte written, so write = aggregate × k/(k+m)
 * - local NVMe read bandwidth (where Microsoft publishes it) is shown beside it so the bottleneck is visible
 */
import { gbpsToGBps, mbpsToGBps } from './units';

/** NIC speeds (Gbps) of the extrapolation table: the customer's spreadsheet question. */
export const EXTRAPOLATION_NIC_GBPS: readonly number[] = [40, 100, 200, 400, 800];

/** Which resource limits reads. */
export type Bottleneck = 'network' | 'nvme' | 'unknown';

/** Throughput figures, decimal GB/s. */
export interface Throughput {
  /** The size's expected NIC bandwidth, Gbps. */
  readonly nicGbps: number;
  /** One node's NIC, GB/s (Mbps ÷ 8000). */
  readonly perNodeNetworkGBps: number;
  /** nodes × per-node NIC, GB/s. */
  readonly networkGBps: number;
  /** Read bandwidth: the aggregate network (NIC-bound), GB/s. */
  readonly readGBps: number;
  /** Write bandwidth: aggregate × k/(k+m), GB/s. */
  readonly writeGBps: number;
  /** One node's rated local NVMe read bandwidth, GB/s; `null` when Microsoft publishes none for the size. */
  readonly perNodeNvmeReadGBps: number | null;
  /** nodes × NVMe read, GB/s; `null` when unknown. */
  readonly nvmeReadGBps: number | null;
  /** What limits reads: the network when NVMe is at least as fast, NVMe when slower, unknown when NVMe is unrated. */
  readonly bottleneck: Bottleneck;
}

/** One row of the NIC extrapolation. */
export interface ExtrapolationRow {
  /** NIC speed of the row, Gbps. */
  readonly nicGbps: number;
  /** True unless the row's NIC speed is the catalog figure of the profile's size. */
  readonly hypothetical: boolean;
  readonly perNodeNetworkGBps: number;
  readonly networkGBps: number;
  readonly readGBps: number;
  readonly writeGBps: number;
  /**
   * True when the cluster's rated NVMe read bandwidth is below this row's network figure, so reads would be bounded
   * by NVMe rather than the NIC; `null` when NVMe is unrated.
   */
  readonly nvmeBound: boolean | null;
}

/** Inputs to {@link throughput}. */
export interface ThroughputInput {
  readonly nodeCount: number;
  readonly expectedNetworkMbps: number;
  readonly nvmeReadMBps?: number;
  readonly k: number;
  readonly m: number;
}

/** Computes NIC-bound cluster throughput. */
export function throughput(input: ThroughputInput): Throughput {
  const perNode = mbpsToGBps(input.expectedNetworkMbps);
  const network = input.nodeCount * perNode;
  const perNodeNvme = input.nvmeReadMBps === undefined ? null : input.nvmeReadMBps / 1000;
  const nvme = perNodeNvme === null ? null : input.nodeCount * perNodeNvme;
  return {
    nicGbps: input.expectedNetworkMbps / 1000,
    perNodeNetworkGBps: perNode,
    networkGBps: network,
    readGBps: network,
    writeGBps: (network * input.k) / (input.k + input.m),
    perNodeNvmeReadGBps: perNodeNvme,
    nvmeReadGBps: nvme,
    bottleneck: nvme === null ? 'unknown' : nvme >= network ? 'network' : 'nvme',
  };
}

/** The same layout at each NIC speed in `nicSpeedsGbps`; rows other than the catalog speed are hypothetical. */
export function extrapolate(
  input: ThroughputInput,
  nicSpeedsGbps: readonly number[] = EXTRAPOLATION_NIC_GBPS,
): ExtrapolationRow[] {
  const nvme = input.nvmeReadMBps === undefined ? null : (input.nodeCount * input.nvmeReadMBps) / 1000;
  return nicSpeedsGbps.map((gbps) => {
    const perNode = gbpsToGBps(gbps);
    const network = input.nodeCount * perNode;
    return {
      nicGbps: gbps,
      hypothetical: gbps * 1000 !== input.expectedNetworkMbps,
      perNodeNetworkGBps: perNode,
      networkGBps: network,
      readGBps: network,
      writeGBps: (network * input.k) / (input.k + input.m),
      nvmeBound: nvme === null ? null : nvme < network,
    };
  });
}
