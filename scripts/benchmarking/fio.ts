/**
 * Reads fio 3 JSON output (`--output-format=json`) as the benchmark kit's runner collects it, and reads a results
 * folder (`<client>/<job>.json`). Every problem names the file, the field and what was expected; all problems of a
 * folder are collected so one run of the report lists them all.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { jsonSyntaxProblem } from '../../lib/json';
import { compareStrings } from '../handoff/terraform';
import { BENCH_JOBS, benchJob, type JobDirection } from './jobs';
import { KIT_MANIFEST, KIT_VERSION, parseFioDescription } from './kit';

/** The fio major version the report reads. */
export const FIO_MAJOR = 3;

/** One client's result of one job, as the report uses it. */
export interface FioResult {
  /** The result file, relative to the results folder (`client-a/seq-read.json`). */
  readonly file: string;
  readonly client: string;
  readonly jobId: string;
  /** The profile the kit was generated for (from the job's fio `description`). */
  readonly profileName: string;
  /** fio's version string, e.g. `fio-3.33`. */
  readonly fioVersion: string;
  /** fio's `timestamp`: when the run ended, seconds since the epoch. */
  readonly endedAt: number;
  /** The side of the JSON the figures come from. */
  readonly direction: JobDirection;
  /** `jobs[0].<direction>.bw_bytes`: bytes per second. */
  readonly bwBytes: number;
  /** `jobs[0].<direction>.iops`: operations per second. */
  readonly iops: number;
  /** `jobs[0].<direction>.io_bytes`: bytes moved. */
  readonly ioBytes: number;
  /** `jobs[0].<direction>.runtime`: milliseconds measured. */
  readonly runtimeMs: number;
  /** `jobs[0].error`: 0, or the errno fio stopped with. */
  readonly error: number;
}

/** Bad results: the report's input (exit 2). Holds every problem found. */
export class ResultsError extends Error {
  override readonly name = 'ResultsError';
  constructor(readonly problems: readonly string[]) {
    super(
      problems.length === 1
        ? problems[0]!
        : `${problems.length} problems:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
  }
}

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Parses one fio JSON file of the kit.
 *
 * @param file the file's path as shown in messages (relative to the results folder).
 * @param client the client the file belongs to (its folder).
 * @param jobId the job the file name says it holds.
 * @returns the result, or the problems found (a result with `error` ≠ 0 is returned; the caller decides).
 */
export function parseFioJson(text: string, file: string, client: string, jobId: string): FioResult | string[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    const first = text.trimStart().slice(0, 40).replace(/\s+/g, ' ');
    return [
      `${file} is not fio JSON (${jsonSyntaxProblem(e, text)}; it starts with "${first}"); run.sh writes fio --output-format=json there`,
    ];
  }
  if (!isObject(doc) || typeof doc['fio version'] !== 'string') {
    return [`${file} is not fio JSON: it has no "fio version" field; expected the output of fio --output-format=json`];
  }
  const version = doc['fio version'];
  const major = /^fio-(\d+)\./.exec(version)?.[1];
  const problems: string[] = [];
  const need = (path: string, v: unknown, kind: 'number' | 'string' | 'object' | 'array'): boolean => {
    const ok = kind === 'array' ? Array.isArray(v) : kind === 'object' ? isObject(v) : typeof v === kind;
    if (!ok)
      problems.push(
        `${file}: field ${path} is missing or not a${kind === 'array' || kind === 'object' ? 'n' : ''} ${kind} (${version})`,
      );
    return ok;
  };
  const versionNote =
    major !== String(FIO_MAJOR)
      ? ` The report reads fio ${FIO_MAJOR} JSON and this file is from ${version}: run the kit with fio ${FIO_MAJOR}.x.`
      : '';
  need('timestamp', doc['timestamp'], 'number');
  const globals = doc['global options'];
  const jobs = doc['jobs'];
  if (need('jobs', jobs, 'array') && (jobs as unknown[]).length !== 1) {
    problems.push(
      `${file}: expected one job group (the kit's job files set group_reporting), got ${(jobs as unknown[]).length}`,
    );
  }
  const job = Array.isArray(jobs) ? (jobs[0] as unknown) : undefined;
  const kitJob = benchJob(jobId);
  const direction: JobDirection = kitJob?.direction ?? 'read';
  let side: Json | undefined;
  if (need('jobs[0]', job, 'object')) {
    const j = job as Json;
    need('jobs[0].jobname', j['jobname'], 'string');
    need('jobs[0].error', j['error'], 'number');
    if (need(`jobs[0].${direction}`, j[direction], 'object')) {
      side = j[direction] as Json;
      for (const f of ['bw_bytes', 'iops', 'io_bytes', 'runtime']) need(`jobs[0].${direction}.${f}`, side[f], 'number');
    }
    if (typeof j['jobname'] === 'string' && j['jobname'] !== jobId) {
      problems.push(`${file}: fio job "${j['jobname']}" is in a file named for job "${jobId}"`);
    }
  }
  let profileName = '';
  const description = isObject(globals) ? globals['description'] : undefined;
  const parsed = typeof description === 'string' ? parseFioDescription(description) : undefined;
  if (!parsed) {
    problems.push(
      `${file}: global option "description" is ${typeof description === 'string' ? `"${description}"` : 'missing'}; expected the kit's "vast-azure-poc bench-kit ${KIT_VERSION} profile=<name> job=<job>" (results must come from the kit's job files)`,
    );
  } else {
    profileName = parsed.profileName;
    if (parsed.kitVersion !== KIT_VERSION) {
      problems.push(
        `${file}: made by kit version ${parsed.kitVersion}, this report reads version ${KIT_VERSION}: regenerate the kit`,
      );
    }
    if (parsed.jobId !== jobId) {
      problems.push(`${file}: its job file was "${parsed.jobId}", but the file is named for job "${jobId}"`);
    }
  }
  if (problems.length > 0) return problems.map((p, i) => (i === 0 ? `${p}${versionNote}` : p));
  const j = job as Json;
  const s = side!;
  return {
    file,
    client,
    jobId,
    profileName,
    fioVersion: version,
    endedAt: doc['timestamp'] as number,
    direction,
    bwBytes: s['bw_bytes'] as number,
    iops: s['iops'] as number,
    ioBytes: s['io_bytes'] as number,
    runtimeMs: s['runtime'] as number,
    error: j['error'] as number,
  };
}

/** Client folder names the runner accepts (the same rule as run.sh). */
const CLIENT_NAME = /^[A-Za-z0-9._-]+$/;

/** What a results folder holds. */
export interface ResultsFolder {
  readonly results: readonly FioResult[];
  /** The kit manifest run.sh copied beside the results, when present. */
  readonly manifest: unknown;
}

/**
 * Reads every `<client>/<job>.json` of a results folder.
 *
 * @throws ResultsError when the folder is empty, holds files that are not the kit's fio JSON, or misses results.
 */
export function readResultsFolder(dir: string, shownAs: string = dir): ResultsFolder {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new ResultsError([`${shownAs} is not a folder; give the folder run.sh wrote`]);
  }
  const problems: string[] = [];
  const results: FioResult[] = [];
  let manifest: unknown;
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => compareStrings(a.name, b.name));
  for (const e of entries) {
    if (e.isFile() && e.name === KIT_MANIFEST) {
      const text = readFileSync(join(dir, e.name), 'utf8');
      try {
        manifest = JSON.parse(text);
      } catch (err) {
        problems.push(`${KIT_MANIFEST} is not JSON (${jsonSyntaxProblem(err, text)})`);
      }
      continue;
    }
    if (e.isFile() && e.name.endsWith('.json')) {
      problems.push(`${e.name}: results belong in <client>/<job>.json, not at the top of the folder`);
      continue;
    }
    if (!e.isDirectory()) continue;
    if (!CLIENT_NAME.test(e.name)) {
      problems.push(`${e.name}/: a client folder name may hold only letters, digits and . _ -`);
      continue;
    }
    for (const f of readdirSync(join(dir, e.name)).sort(compareStrings)) {
      if (!f.endsWith('.json')) continue;
      const rel = `${e.name}/${f}`;
      const jobId = f.slice(0, -'.json'.length);
      if (!benchJob(jobId)) {
        problems.push(`${rel}: "${jobId}" is not a kit job; expected one of ${BENCH_JOBS.map((j) => j.id).join(', ')}`);
        continue;
      }
      const r = parseFioJson(readFileSync(join(dir, e.name, f), 'utf8'), rel, e.name, jobId);
      if (Array.isArray(r)) problems.push(...r);
      else results.push(r);
    }
  }
  if (results.length === 0 && problems.length === 0) {
    problems.push(
      `${shownAs} holds no fio results: expected <client>/<job>.json files as run.sh writes them (jobs ${BENCH_JOBS.map((j) => j.id).join(', ')})`,
    );
  }
  // Every client must have every job that any client has: a missing file would understate the sum.
  const clients = [...new Set(results.map((r) => r.client))].sort(compareStrings);
  const jobs = BENCH_JOBS.map((j) => j.id).filter((id) => results.some((r) => r.jobId === id));
  for (const job of jobs) {
    for (const c of clients) {
      if (!results.some((r) => r.client === c && r.jobId === job)) {
        problems.push(
          `${c}/${job}.json is missing: ${job} ran on ${results
            .filter((r) => r.jobId === job)
            .map((r) => r.client)
            .join(', ')} but not on ${c}`,
        );
      }
    }
  }
  for (const r of results) {
    if (r.error !== 0) {
      problems.push(
        `${r.file}: fio reported error ${r.error} (errno) for job ${r.jobId}; see ${r.client}/${r.jobId}.log, fix the cause and run the job again (sh run.sh -o <new folder> ${r.jobId})`,
      );
    }
  }
  if (problems.length > 0) throw new ResultsError(problems);
  return { results, manifest };
}
