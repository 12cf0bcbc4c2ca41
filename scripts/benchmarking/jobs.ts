/**
 * The POC benchmark's job catalog and the figures it derives from the plan: what each fio job does, how large its
 * data set is and how long it runs, and what the plan says it should deliver. The kit (job files, README, manifest)
 * and the report both read this module, so a job's shape, unit and planned figure are written down once.
 *
 * Units: bandwidth in decimal GB/s (10^9 bytes/s, as fio's `bw_bytes` ÷ 10^9 and as the planner reports it); data
 * sets in GiB (fio's default size suffixes are binary); IOPS and metadata operations per second.
 */
import { metric, type PlanningSummary } from '../handoff/planning';
import { AMLFS_TIERS } from '../planning/amlfs';
import type { MetricId } from '../planning/metric-ids';

/** What a job's headline figure measures. */
export type JobMeasure = 'bandwidth' | 'iops' | 'metadata';

/** Which side of fio's JSON (`read` or `write`) carries the job's figures. */
export type JobDirection = 'read' | 'write';

/** One benchmark job. */
export interface BenchJob {
  /** Stable id: the job file's name (`<id>.fio`), fio's job name and the result file's name (`<id>.json`). */
  readonly id: string;
  /** A short title for tables and charts. */
  readonly title: string;
  /** What the job exercises, in a sentence for the kit README. */
  readonly purpose: string;
  readonly measure: JobMeasure;
  readonly direction: JobDirection;
  /** fio options of the job section, in the order written (values without the data set and runtime). */
  readonly options: ReadonlyArray<readonly [name: string, value: string]>;
  /** Parallel fio processes per client. */
  readonly numjobs: number;
  /** Whether the job reads or writes the shared sequential data set (sized from client memory). */
  readonly usesDataSet: boolean;
}

/** Block size of the sequential jobs: 1 MiB, the NFS client's largest rsize/wsize with the kit's mount options. */
export const SEQUENTIAL_BLOCK = '1m';

/**
 * The jobs in the order the runner executes them: the write lays out the data set the reads use, then the
 * metadata pair creates and stats its own small files.
 */
export const BENCH_JOBS: readonly BenchJob[] = [
  {
    id: 'seq-write',
    title: 'Sequential write, 1 MiB',
    purpose:
      'large sequential writes with enough parallelism to fill the client NICs; lays out the data set the read jobs use',
    measure: 'bandwidth',
    direction: 'write',
    options: [
      ['rw', 'write'],
      ['bs', SEQUENTIAL_BLOCK],
      ['ioengine', 'libaio'],
      ['direct', '1'],
      ['iodepth', '16'],
    ],
    numjobs: 8,
    usesDataSet: true,
  },
  {
    id: 'seq-read',
    title: 'Sequential read, 1 MiB',
    purpose: 'large sequential reads of the data set, larger than client memory so the page cache cannot serve it',
    measure: 'bandwidth',
    direction: 'read',
    options: [
      ['rw', 'read'],
      ['bs', SEQUENTIAL_BLOCK],
      ['ioengine', 'libaio'],
      ['direct', '1'],
      ['iodepth', '16'],
    ],
    numjobs: 8,
    usesDataSet: true,
  },
  {
    id: 'rand-read-4k',
    title: 'Random read, 4 KiB',
    purpose: 'small random reads across the whole data set: IOPS and latency',
    measure: 'iops',
    direction: 'read',
    options: [
      ['rw', 'randread'],
      ['bs', '4k'],
      ['ioengine', 'libaio'],
      ['direct', '1'],
      ['iodepth', '32'],
      ['randrepeat', '0'],
    ],
    numjobs: 8,
    usesDataSet: true,
  },
  {
    id: 'md-create',
    title: 'Small-file create',
    purpose:
      'metadata-heavy: creates many empty 4 KiB-sized files (open with O_CREAT, close), files created per second',
    measure: 'metadata',
    direction: 'read',
    options: [
      ['ioengine', 'filecreate'],
      ['filesize', '4k'],
      ['bs', '4k'],
      ['openfiles', '1'],
      ['fallocate', 'none'],
    ],
    numjobs: 16,
    usesDataSet: false,
  },
  {
    id: 'md-stat',
    title: 'Small-file stat',
    purpose: 'metadata-heavy: stat() of the files md-create made, stats per second',
    measure: 'metadata',
    direction: 'read',
    options: [
      ['ioengine', 'filestat'],
      ['filesize', '4k'],
      ['bs', '4k'],
      ['openfiles', '1'],
    ],
    numjobs: 16,
    usesDataSet: false,
  },
];

/** The job with an id, or `undefined`. */
export function benchJob(id: string): BenchJob | undefined {
  return BENCH_JOBS.find((j) => j.id === id);
}

/** The data set is this many times the client's memory, so the client's page cache cannot hold it. */
export const DATASET_RAM_MULTIPLE = 4;
/** Client memory assumed when the kit is not told (GiB); the runner refuses clients with more. */
export const DEFAULT_CLIENT_MEMORY_GIB = 64;
/** Excluded warm-up before fio starts counting, seconds. */
export const RAMP_SECONDS = 30;
/** Shortest measured time of a bandwidth or IOPS job, seconds: long enough for caches and queues to settle. */
export const MIN_STEADY_STATE_SECONDS = 300;
/** Longest measured time of one job, seconds: a POC day has other work in it. */
export const MAX_STEADY_STATE_SECONDS = 1800;
/** Measured time of the stat job, seconds. */
export const METADATA_STAT_SECONDS = 120;
/** Small files each metadata process creates and stats. */
export const METADATA_FILES_PER_PROCESS = 4096;
/** NFS connections per mount (the Linux maximum for `nconnect`). */
export const NFS_NCONNECT = 16;

/** How the kit is sized: the client facts it rests on. */
export interface KitSizingInput {
  /** Memory of one client, GiB. @default {@link DEFAULT_CLIENT_MEMORY_GIB} */
  readonly clientMemoryGiB?: number;
  /** One client's NIC bandwidth (Azure's expected egress), Gbps. @default - unknown: no client ceiling */
  readonly clientNicGbps?: number;
}

/** A figure with its unit and where it comes from. */
export interface SourcedFigure {
  readonly value: number | null;
  readonly unit: string;
  readonly source: string;
}

/** How one job is sized. */
export interface JobSizing {
  /** fio `nrfiles` per process for the metadata jobs, `null` for the others. */
  readonly filesPerProcess: number | null;
  /** fio `size` per process, GiB (the data set ÷ numjobs), or `null` for the metadata jobs. */
  readonly sizePerProcessGiB: number | null;
  /** The data set one client writes and reads, GiB. */
  readonly dataSetGiBPerClient: number | null;
  /** fio `runtime`, seconds (`null`: the job ends when its files are created). */
  readonly runtimeSeconds: number | null;
  /** fio `ramp_time`, seconds. */
  readonly rampSeconds: number;
  /** How the figures were derived. */
  readonly rationale: string;
}

/** A number from a plan metric; fails when the metric is not a number. */
export function planNumber(plan: PlanningSummary, id: MetricId): number {
  const m = metric(plan, id);
  if (typeof m.value !== 'number') throw new Error(`plan metric ${id} is not a number (${String(m.value)})`);
  return m.value;
}

/** A plan metric as a sourced figure, naming the metric id. */
export function planFigure(plan: PlanningSummary, id: MetricId): SourcedFigure {
  const m = metric(plan, id);
  return {
    value: typeof m.value === 'number' ? m.value : null,
    unit: m.unit,
    source: `plan ${id}: ${m.source}`,
  };
}

/**
 * Sizes every job from the plan and the client facts: the data set is {@link DATASET_RAM_MULTIPLE} × client memory,
 * split over the job's processes; the measured time is the time one client needs to move the data set once at its
 * planned share of bandwidth (its NIC, or one node's NIC when the client NIC is unknown), kept between
 * {@link MIN_STEADY_STATE_SECONDS} and {@link MAX_STEADY_STATE_SECONDS}.
 */
export function sizeJobs(plan: PlanningSummary, input: KitSizingInput = {}): Map<string, JobSizing> {
  const memGiB = input.clientMemoryGiB ?? DEFAULT_CLIENT_MEMORY_GIB;
  const dataSetGiB = memGiB * DATASET_RAM_MULTIPLE;
  const perNodeGBps = planNumber(plan, 'throughput.perNodeNetworkGBps');
  const clientGBps = input.clientNicGbps === undefined ? perNodeGBps : input.clientNicGbps / 8;
  const rateBasis =
    input.clientNicGbps === undefined
      ? `one node's NIC (${perNodeGBps} GB/s, plan throughput.perNodeNetworkGBps) as the client's rate, the client NIC being unknown`
      : `the client NIC (${input.clientNicGbps} Gbps ÷ 8 = ${clientGBps} GB/s)`;
  const secondsForDataSet = Math.ceil((dataSetGiB * 2 ** 30) / (clientGBps * 1e9));
  const runtime = Math.min(MAX_STEADY_STATE_SECONDS, Math.max(MIN_STEADY_STATE_SECONDS, secondsForDataSet));
  const out = new Map<string, JobSizing>();
  for (const job of BENCH_JOBS) {
    if (job.usesDataSet) {
      out.set(job.id, {
        filesPerProcess: null,
        sizePerProcessGiB: Math.ceil(dataSetGiB / job.numjobs),
        dataSetGiBPerClient: Math.ceil(dataSetGiB / job.numjobs) * job.numjobs,
        runtimeSeconds: runtime,
        rampSeconds: RAMP_SECONDS,
        rationale: `data set ${DATASET_RAM_MULTIPLE} × client memory (${memGiB} GiB) = ${dataSetGiB} GiB per client, ${job.numjobs} processes; measured time = data set ÷ ${rateBasis} = ${secondsForDataSet} s, kept within ${MIN_STEADY_STATE_SECONDS}-${MAX_STEADY_STATE_SECONDS} s`,
      });
    } else {
      const files = METADATA_FILES_PER_PROCESS * job.numjobs;
      out.set(job.id, {
        filesPerProcess: METADATA_FILES_PER_PROCESS,
        sizePerProcessGiB: null,
        dataSetGiBPerClient: null,
        runtimeSeconds: job.options.some(([k, v]) => k === 'ioengine' && v === 'filestat')
          ? METADATA_STAT_SECONDS
          : null,
        rampSeconds: 0,
        rationale: `${files} files of 4 KiB per client (${job.numjobs} processes); metadata operations are not sized from memory`,
      });
    }
  }
  return out;
}

/** What the plan says one job should deliver. */
export interface JobExpectation {
  readonly jobId: string;
  /** The planned figure the measurement is compared with (the lowest applicable ceiling), or `null`. */
  readonly planned: SourcedFigure;
  /** The cluster's NIC-bound ceiling for the job's direction. */
  readonly cluster: SourcedFigure;
  /** One node's share of it. */
  readonly perNode: SourcedFigure;
  /** The clients' NIC ceiling (`clients` × client NIC); `null` value when the client NIC or count is unknown. */
  readonly clients: SourcedFigure;
  /** What the planned figure means (a ceiling, a prediction, or nothing planned). */
  readonly meaning: string;
}

/** Decimal GB/s from bytes per second. */
export function bytesToGBps(bytesPerSecond: number): number {
  return bytesPerSecond / 1e9;
}

/**
 * The planned figure of a job: the cluster's NIC-bound ceiling (plan read or write bandwidth) and, where the client
 * NIC is known, the clients' own ceiling (Azure meters a VM's egress, so it binds writes; reads arrive as client
 * ingress, which Azure does not meter, so it is shown but not used as the read plan). Random 4 KiB reads get the
 * NIC-bound IOPS ceiling (read GB/s ÷ 4096 B), which latency keeps far out of reach; metadata has no planned figure.
 *
 * @param clientCount the number of clients, when known.
 * @param clientNicGbps one client's NIC, Gbps, when known.
 */
export function expectationFor(
  plan: PlanningSummary,
  job: BenchJob,
  clientCount: number | null,
  clientNicGbps: number | null,
): JobExpectation {
  const nodes = planNumber(plan, 'layout.nodeCount');
  const perNodeNic = planNumber(plan, 'throughput.perNodeNetworkGBps');
  const clientsKnown = clientCount !== null && clientNicGbps !== null;
  const clientCeilingGBps = clientsKnown ? (clientCount * clientNicGbps) / 8 : null;
  const clientSource = clientsKnown
    ? `clients (${clientCount}) × client NIC (${clientNicGbps} Gbps) ÷ 8${job.direction === 'read' ? '; client ingress, which Azure does not meter: indicative' : '; client egress, metered by Azure'}`
    : 'unknown: give the client NIC (--client-nic-gbps) to compare with it';
  if (job.measure === 'bandwidth') {
    const cluster = planFigure(plan, job.direction === 'read' ? 'throughput.readGBps' : 'throughput.writeGBps');
    const perNode: SourcedFigure =
      job.direction === 'read'
        ? planFigure(plan, 'throughput.perNodeNetworkGBps')
        : {
            value: cluster.value === null ? null : cluster.value / nodes,
            unit: 'GB/s',
            source: `plan throughput.writeGBps ÷ nodes (${nodes}): per-node NIC × k/(k+m)`,
          };
    const clients: SourcedFigure = { value: clientCeilingGBps, unit: 'GB/s', source: clientSource };
    const useClients =
      job.direction === 'write' && clientCeilingGBps !== null && cluster.value !== null
        ? clientCeilingGBps < cluster.value
        : false;
    return {
      jobId: job.id,
      planned: useClients ? clients : cluster,
      cluster,
      perNode,
      clients,
      meaning: useClients
        ? "the clients' NIC ceiling, lower than the cluster's NIC-bound ceiling"
        : "the cluster's NIC-bound ceiling: a ceiling, not a guarantee",
    };
  }
  if (job.measure === 'iops') {
    const read = planNumber(plan, 'throughput.readGBps');
    const ceiling = (read * 1e9) / 4096;
    const cluster: SourcedFigure = {
      value: ceiling,
      unit: 'IOPS',
      source: 'plan throughput.readGBps × 10^9 ÷ 4096 B: NIC-bound ceiling of 4 KiB reads',
    };
    return {
      jobId: job.id,
      planned: cluster,
      cluster,
      perNode: {
        value: (perNodeNic * 1e9) / 4096,
        unit: 'IOPS',
        source: 'plan throughput.perNodeNetworkGBps × 10^9 ÷ 4096 B',
      },
      clients: {
        value: clientCeilingGBps === null ? null : (clientCeilingGBps * 1e9) / 4096,
        unit: 'IOPS',
        source: clientSource,
      },
      meaning:
        'an upper bound only: the plan does not model IOPS, and per-request latency keeps 4 KiB reads far below the NIC',
    };
  }
  const none = (why: string): SourcedFigure => ({ value: null, unit: 'ops/s', source: why });
  return {
    jobId: job.id,
    planned: none('not planned: the planner does not model metadata operations'),
    cluster: none('not planned'),
    perNode: none('not planned'),
    clients: none('not planned'),
    meaning: 'measured only: the plan has no metadata figure',
  };
}

/** Azure Managed Lustre bandwidth at the cluster's usable capacity, one row per durable tier. */
export function amlfsAtSameCapacity(
  plan: PlanningSummary,
): Array<{ readonly sku: string; readonly bandwidth: SourcedFigure }> {
  return AMLFS_TIERS.map((t) => {
    const id: MetricId = `amlfs.bandwidthGBps@${t.sku}.sameCapacity`;
    const f = planFigure(plan, id);
    const cap = planFigure(plan, `amlfs.capacityTiB@${t.sku}.sameCapacity`);
    return {
      sku: t.sku,
      bandwidth: { ...f, source: `${f.source}; ${cap.value} TiB provisioned (plan amlfs.capacityTiB)` },
    };
  });
}
