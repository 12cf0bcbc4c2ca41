/**
 * Plan against measurement, as pure functions: sums each job's figure over the clients, finds clients far from the
 * others, compares the sum with the plan's ceilings (cluster NICs, one node, the clients' NICs) and with Azure
 * Managed Lustre at the same capacity, and names the bottleneck the numbers point to.
 */
import type { PlanningSummary } from '../handoff/planning';
import { compareStrings } from '../handoff/terraform';
import type { FioResult } from './fio';
import {
  amlfsAtSameCapacity,
  BENCH_JOBS,
  bytesToGBps,
  expectationFor,
  planFigure,
  planNumber,
  type BenchJob,
  type JobExpectation,
  type SourcedFigure,
} from './jobs';

/** A client is an outlier when its figure is further than this fraction from the median of all clients. */
export const SPREAD_TOLERANCE = 0.5;
/** A measurement at or above this fraction of a ceiling counts as reaching it. */
export const NEAR_CEILING = 0.8;
/** Clients whose runs of one job ended further apart than this (seconds) did not run together. */
export const CONCURRENCY_SLACK_SECONDS = 60;

/** The unit of a job's headline figure. */
export function unitOf(job: BenchJob): string {
  return job.measure === 'bandwidth' ? 'GB/s' : job.measure === 'iops' ? 'IOPS' : 'ops/s';
}

/** One client's figure for a job, with the file and field it comes from. */
export interface ClientFigure extends SourcedFigure {
  readonly client: string;
  readonly value: number;
}

/** A client's figure as the report uses it: GB/s for bandwidth jobs, operations per second otherwise. */
export function clientFigure(job: BenchJob, r: FioResult): ClientFigure {
  if (job.measure === 'bandwidth') {
    return {
      client: r.client,
      value: bytesToGBps(r.bwBytes),
      unit: 'GB/s',
      source: `${r.file}: jobs[0].${r.direction}.bw_bytes ÷ 10^9`,
    };
  }
  return { client: r.client, value: r.iops, unit: unitOf(job), source: `${r.file}: jobs[0].${r.direction}.iops` };
}

/** The median of a non-empty list. */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of nothing');
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** The clients further than `tolerance` × median from the median (none with fewer than two clients). */
export function outliers(figures: readonly ClientFigure[], tolerance: number = SPREAD_TOLERANCE): ClientFigure[] {
  if (figures.length < 2) return [];
  const m = median(figures.map((f) => f.value));
  return figures.filter((f) => Math.abs(f.value - m) > tolerance * m);
}

/** A job's figures summed over the clients. */
export interface JobAggregate {
  readonly jobId: string;
  /** Sum over the clients (the clients ran the job at the same time). */
  readonly total: SourcedFigure & { readonly value: number };
  readonly perClient: readonly ClientFigure[];
  readonly median: number;
  readonly min: number;
  readonly max: number;
  /** Clients far from the median: reported, never averaged away. */
  readonly outliers: readonly ClientFigure[];
  /** Seconds between the first and the last client's end of the run. */
  readonly endSpreadSeconds: number;
}

/**
 * Sums one job over its clients.
 *
 * @throws Error when `results` is empty or holds another job's results.
 */
export function aggregateJob(job: BenchJob, results: readonly FioResult[]): JobAggregate {
  if (results.length === 0) throw new Error(`no results for ${job.id}`);
  const wrong = results.find((r) => r.jobId !== job.id);
  if (wrong) throw new Error(`${wrong.file} is not a ${job.id} result`);
  const perClient = [...results].sort((a, b) => compareStrings(a.client, b.client)).map((r) => clientFigure(job, r));
  const values = perClient.map((f) => f.value);
  const field = job.measure === 'bandwidth' ? `${job.direction}.bw_bytes ÷ 10^9` : `${job.direction}.iops`;
  const ends = results.map((r) => r.endedAt);
  return {
    jobId: job.id,
    total: {
      value: values.reduce((a, b) => a + b, 0),
      unit: unitOf(job),
      source: `sum over ${perClient.length} client(s) of jobs[0].${field} in ${perClient.map((f) => f.source.split(':')[0]).join(', ')}`,
    },
    perClient,
    median: median(values),
    min: Math.min(...values),
    max: Math.max(...values),
    outliers: outliers(perClient),
    endSpreadSeconds: Math.max(...ends) - Math.min(...ends),
  };
}

/** What limits a job, as far as the numbers show. */
export type BottleneckKind =
  'client-nics' | 'server-nics' | 'erasure-coding-writes' | 'nvme' | 'below-every-ceiling' | 'not-modelled';

/** The bottleneck call of one job, with the figures behind it. */
export interface Bottleneck {
  readonly kind: BottleneckKind;
  readonly reason: string;
}

/** One job compared with the plan. */
export interface JobComparison {
  readonly job: BenchJob;
  readonly aggregate: JobAggregate;
  readonly expectation: JobExpectation;
  /** measured ÷ planned, or `null` without a planned figure. */
  readonly fractionOfPlanned: number | null;
  /** measured ÷ nodes, against one node's ceiling. */
  readonly perNodeMeasured: SourcedFigure;
  readonly bottleneck: Bottleneck;
}

function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}

function num(x: number): string {
  return String(Math.round(x * 1000) / 1000);
}

/**
 * Names what limits a job: the clients' NICs, the servers' NICs (for writes: the NICs carrying parity, the
 * erasure-coding write amplification), local NVMe, nothing modelled (the measurement is below every ceiling), or
 * not modelled at all (metadata). A ceiling counts as reached at {@link NEAR_CEILING} of it.
 */
export function diagnose(
  job: BenchJob,
  measured: number,
  e: JobExpectation,
  nvmeReadGBps: number | null,
  layout: { readonly k: number; readonly m: number },
): Bottleneck {
  if (job.measure === 'metadata') {
    return { kind: 'not-modelled', reason: 'the plan does not model metadata operations: measured only' };
  }
  const cluster = e.cluster.value;
  const clients = e.clients.value;
  if (clients !== null && cluster !== null && clients <= cluster && measured >= NEAR_CEILING * clients) {
    return {
      kind: 'client-nics',
      reason: `${num(measured)} ${e.clients.unit} is ${pct(measured / clients)} of the clients' NIC ceiling (${num(clients)} ${e.clients.unit}), which is below the cluster's (${num(cluster)}): add clients or use larger client sizes`,
    };
  }
  if (cluster !== null && measured >= NEAR_CEILING * cluster) {
    if (job.direction === 'write') {
      return {
        kind: 'erasure-coding-writes',
        reason: `${num(measured)} GB/s is ${pct(measured / cluster)} of the write ceiling: every byte written puts (k+m)/k = (${layout.k}+${layout.m})/${layout.k} bytes on the server NICs`,
      };
    }
    if (
      job.measure === 'bandwidth' &&
      nvmeReadGBps !== null &&
      nvmeReadGBps < cluster &&
      measured >= NEAR_CEILING * nvmeReadGBps
    ) {
      return {
        kind: 'nvme',
        reason: `${num(measured)} GB/s is ${pct(measured / nvmeReadGBps)} of the nodes' rated NVMe read (${num(nvmeReadGBps)} GB/s), below their NICs`,
      };
    }
    return {
      kind: 'server-nics',
      reason: `${num(measured)} ${e.cluster.unit} is ${pct(measured / cluster)} of the cluster's NIC-bound ceiling (${num(cluster)} ${e.cluster.unit})`,
    };
  }
  if (job.measure === 'iops') {
    return {
      kind: 'not-modelled',
      reason: `${pct(cluster === null ? 0 : measured / cluster)} of the NIC-bound IOPS ceiling: small reads are limited by latency and queue depth, which the plan does not model`,
    };
  }
  const lowest = [cluster, clients].filter((x): x is number => x !== null);
  const ceiling = Math.min(...lowest);
  return {
    kind: 'below-every-ceiling',
    reason: `${num(measured)} GB/s is ${pct(measured / ceiling)} of the lowest ceiling (${num(ceiling)} GB/s): the limit is outside the model; check too few clients or processes, clients sharing a virtual IP, client CPU, and the per-client spread`,
  };
}

/** Compares one aggregated job with the plan. */
export function compareJob(
  plan: PlanningSummary,
  aggregate: JobAggregate,
  clientNicGbps: number | null,
): JobComparison {
  const job = BENCH_JOBS.find((j) => j.id === aggregate.jobId);
  if (!job) throw new Error(`unknown job ${aggregate.jobId}`);
  const e = expectationFor(plan, job, aggregate.perClient.length, clientNicGbps);
  const nodes = planNumber(plan, 'layout.nodeCount');
  const measured = aggregate.total.value;
  const nvme = planFigure(plan, 'throughput.nvmeReadGBps').value;
  return {
    job,
    aggregate,
    expectation: e,
    fractionOfPlanned: e.planned.value === null || e.planned.value === 0 ? null : measured / e.planned.value,
    perNodeMeasured: {
      value: job.measure === 'metadata' ? null : measured / nodes,
      unit: aggregate.total.unit,
      source:
        job.measure === 'metadata'
          ? 'not planned'
          : `measured total ÷ nodes (${nodes}, plan layout.nodeCount): assumes the clients' virtual IPs spread over every node`,
    },
    bottleneck: diagnose(job, measured, e, nvme, {
      k: planNumber(plan, 'layout.k'),
      m: planNumber(plan, 'layout.m'),
    }),
  };
}

/** Measured reads against one Azure Managed Lustre tier of the same capacity. */
export interface AmlfsRow {
  readonly sku: string;
  readonly bandwidth: SourcedFigure;
  /** measured seq-read ÷ tier bandwidth, `null` without a seq-read result. */
  readonly measuredReadRatio: number | null;
}

/** Everything the report shows. */
export interface Analysis {
  readonly profileName: string;
  readonly clients: readonly string[];
  readonly fioVersions: readonly string[];
  readonly clientNic: SourcedFigure;
  readonly jobs: readonly JobComparison[];
  readonly amlfs: readonly AmlfsRow[];
  /** Measured write ÷ read against the plan's k/(k+m), when both sequential jobs ran. */
  readonly writeReadRatio: { readonly measured: number; readonly planned: number; readonly source: string } | null;
  /** Things the reader must know (outliers, runs that did not overlap). */
  readonly warnings: readonly string[];
}

/** Options of {@link analyse}. */
export interface AnalyseOptions {
  /** One client's NIC, Gbps, and where the figure came from. */
  readonly clientNic?: { readonly gbps: number; readonly source: string };
}

/** Aggregates every job of a results folder and compares it with the plan. */
export function analyse(
  plan: PlanningSummary,
  profileName: string,
  results: readonly FioResult[],
  options: AnalyseOptions = {},
): Analysis {
  const nic = options.clientNic?.gbps ?? null;
  const jobs = BENCH_JOBS.filter((j) => results.some((r) => r.jobId === j.id)).map((j) =>
    compareJob(
      plan,
      aggregateJob(
        j,
        results.filter((r) => r.jobId === j.id),
      ),
      nic,
    ),
  );
  const warnings: string[] = [];
  for (const c of jobs) {
    for (const o of c.aggregate.outliers) {
      warnings.push(
        `${c.job.id}: ${o.client} measured ${num(o.value)} ${o.unit}, the median of ${c.aggregate.perClient.length} clients is ${num(c.aggregate.median)} (more than ${pct(SPREAD_TOLERANCE)} away; ${o.source})`,
      );
    }
    if (c.aggregate.endSpreadSeconds > CONCURRENCY_SLACK_SECONDS) {
      warnings.push(
        `${c.job.id}: the clients' runs ended ${c.aggregate.endSpreadSeconds} s apart (fio timestamp), more than ${CONCURRENCY_SLACK_SECONDS} s: they did not run together, so the sum overstates what the cluster delivered at once`,
      );
    }
  }
  const read = jobs.find((c) => c.job.id === 'seq-read');
  const write = jobs.find((c) => c.job.id === 'seq-write');
  const k = planNumber(plan, 'layout.k');
  const m = planNumber(plan, 'layout.m');
  return {
    profileName,
    clients: [...new Set(results.map((r) => r.client))].sort(compareStrings),
    fioVersions: [...new Set(results.map((r) => r.fioVersion))].sort(compareStrings),
    clientNic: options.clientNic
      ? { value: options.clientNic.gbps, unit: 'Gbps', source: options.clientNic.source }
      : { value: null, unit: 'Gbps', source: 'unknown: pass --client-nic-gbps' },
    jobs,
    amlfs: amlfsAtSameCapacity(plan).map((a) => ({
      sku: a.sku,
      bandwidth: a.bandwidth,
      measuredReadRatio:
        read && a.bandwidth.value !== null && a.bandwidth.value > 0
          ? read.aggregate.total.value / a.bandwidth.value
          : null,
    })),
    writeReadRatio:
      read && write && read.aggregate.total.value > 0
        ? {
            measured: write.aggregate.total.value / read.aggregate.total.value,
            planned: k / (k + m),
            source: `measured seq-write ÷ seq-read; planned k/(k+m) = ${k}/(${k}+${m}) (plan layout.k, layout.m)`,
          }
        : null,
    warnings,
  };
}
