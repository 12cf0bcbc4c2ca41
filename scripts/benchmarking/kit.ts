/**
 * The POC benchmark kit's files: fio job files, the runner and mount scripts, a client list example, the kit
 * manifest and its README. Pure and deterministic (no clock, no machine paths): `npm run bench-kit` writes these
 * files and the handoff bundle includes the same files under `benchmarks/`.
 */
import type { BundleFile } from '../handoff/integrity';
import type { PlanningSummary } from '../handoff/planning';
import { compareStrings, stableJson } from '../handoff/terraform';
import { round } from '../planning/units';
import {
  BENCH_JOBS,
  DATASET_RAM_MULTIPLE,
  DEFAULT_CLIENT_MEMORY_GIB,
  expectationFor,
  NFS_NCONNECT,
  planNumber,
  sizeJobs,
  type BenchJob,
  type JobSizing,
  type SourcedFigure,
} from './jobs';

/** The generator named in the manifest; the bench-kit command replaces only folders whose manifest names it. */
export const KIT_GENERATOR = 'vast-azure-poc bench-kit';
/** Version of the kit's layout and of the `description` line fio copies into every result. */
export const KIT_VERSION = 1;
/** The manifest's file name inside the kit (and inside a results folder, where the runner copies it). */
export const KIT_MANIFEST = 'kit.json';
/** Folder of the fio job files inside the kit. */
export const KIT_JOBS_DIR = 'jobs';
/** Where the runner expects the cluster mounted on every client, unless told otherwise. */
export const DEFAULT_MOUNT_POINT = '/mnt/vast';
/** The NFS mount options the kit uses (NFSv3 over TCP, `nconnect` connections, 1 MiB transfers). */
export const NFS_MOUNT_OPTIONS = `vers=3,proto=tcp,nconnect=${NFS_NCONNECT},rsize=1048576,wsize=1048576,hard,timeo=600,retrans=2,noatime`;

/** Inputs of {@link buildKitFiles}. */
export interface KitInput {
  /** The profile's name: written into every job's fio `description`, so every result names its profile. */
  readonly profileName: string;
  /** The planner's metrics for the profile. */
  readonly plan: PlanningSummary;
  /** One client's memory, GiB. @default {@link DEFAULT_CLIENT_MEMORY_GIB} */
  readonly clientMemoryGiB?: number;
  /** One client's NIC (Azure's expected bandwidth), Gbps. @default - unknown */
  readonly clientNicGbps?: number;
  /**
   * Replaces the derived sizing (a test and fixture seam: the fixture generator runs the same job shapes with tiny
   * sizes on one machine). Never used by the commands.
   *
   * @default - sized from the plan and the client facts
   */
  readonly sizingOverride?: (job: BenchJob, derived: JobSizing) => JobSizing;
}

/** The `description` fio copies into each result's `global options`: how the report ties a result to its kit. */
export function fioDescription(profileName: string, jobId: string): string {
  return `vast-azure-poc bench-kit ${KIT_VERSION} profile=${profileName} job=${jobId}`;
}

/** Parses a {@link fioDescription}; `undefined` when the text is not one. */
export function parseFioDescription(
  text: string,
): { readonly kitVersion: number; readonly profileName: string; readonly jobId: string } | undefined {
  const m = /^vast-azure-poc bench-kit (\d+) profile=([a-z0-9-]+) job=([a-z0-9-]+)$/.exec(text);
  return m ? { kitVersion: Number(m[1]), profileName: m[2]!, jobId: m[3]! } : undefined;
}

/** One job as the manifest records it. */
export interface KitManifestJob {
  readonly id: string;
  readonly title: string;
  readonly measure: BenchJob['measure'];
  readonly direction: BenchJob['direction'];
  readonly numjobs: number;
  readonly sizing: JobSizing;
  readonly planned: SourcedFigure;
  readonly plannedMeaning: string;
}

/** The kit manifest (`kit.json`). */
export interface KitManifest {
  readonly generator: typeof KIT_GENERATOR;
  readonly kitVersion: typeof KIT_VERSION;
  readonly profile: string;
  readonly assumptions: {
    readonly clientMemoryGiB: number;
    readonly clientNicGbps: number | null;
    readonly dataSetRamMultiple: number;
    readonly mountOptions: string;
  };
  readonly jobs: readonly KitManifestJob[];
}

function fig(f: SourcedFigure): SourcedFigure {
  return { ...f, value: f.value === null ? null : round(f.value, 6) };
}

/** Builds the manifest: sizing and planned figure of every job. */
export function buildKitManifest(input: KitInput): KitManifest {
  const sizing = sizeJobs(input.plan, {
    ...(input.clientMemoryGiB === undefined ? {} : { clientMemoryGiB: input.clientMemoryGiB }),
    ...(input.clientNicGbps === undefined ? {} : { clientNicGbps: input.clientNicGbps }),
  });
  return {
    generator: KIT_GENERATOR,
    kitVersion: KIT_VERSION,
    profile: input.profileName,
    assumptions: {
      clientMemoryGiB: input.clientMemoryGiB ?? DEFAULT_CLIENT_MEMORY_GIB,
      clientNicGbps: input.clientNicGbps ?? null,
      dataSetRamMultiple: DATASET_RAM_MULTIPLE,
      mountOptions: NFS_MOUNT_OPTIONS,
    },
    jobs: BENCH_JOBS.map((job) => {
      const derived = sizing.get(job.id)!;
      const e = expectationFor(input.plan, job, null, null);
      return {
        id: job.id,
        title: job.title,
        measure: job.measure,
        direction: job.direction,
        numjobs: job.numjobs,
        sizing: input.sizingOverride ? input.sizingOverride(job, derived) : derived,
        planned: fig(e.planned),
        plannedMeaning: e.meaning,
      };
    }),
  };
}

/** A figure for a person: value and unit, or "none". */
export function showFigure(f: SourcedFigure): string {
  if (f.value === null) return 'none';
  const v = f.value;
  const text = Math.abs(v) >= 1000 ? Math.round(v).toLocaleString('en-GB') : String(round(v, 3));
  return `${text} ${f.unit}`;
}

/** A size in GiB as fio reads it (binary suffixes): whole GiB as `g`, anything smaller in MiB. */
export function fioSize(gib: number): string {
  return Number.isInteger(gib) ? `${gib}g` : `${Math.max(1, Math.round(gib * 1024))}m`;
}

/** The fio job file of one job. */
export function renderJobFile(profileName: string, job: BenchJob, entry: KitManifestJob): string {
  const s = entry.sizing;
  const dataDir = job.usesDataSet ? '${BENCH_DIR}' : '${BENCH_DIR}/md';
  const lines = [
    `; vast-azure-poc POC benchmark kit for profile "${profileName}": ${job.id} (${job.title}).`,
    `; ${job.purpose}.`,
    `; Planned: ${showFigure(entry.planned)} for all clients together (${entry.plannedMeaning}).`,
    `;   Source: ${entry.planned.source}.`,
    `; Sizing: ${s.rationale}.`,
    "; run.sh sets BENCH_DIR to this client's own folder on the NFS mount and collects --output-format=json.",
    '[global]',
    `description=${fioDescription(profileName, job.id)}`,
    `directory=${dataDir}`,
    `filename_format=${job.usesDataSet ? 'vastbench' : 'md'}.$jobnum.$filenum`,
    'group_reporting=1',
    'thread=0',
    '',
    `[${job.id}]`,
    ...job.options.map(([k, v]) => `${k}=${v}`),
    `numjobs=${job.numjobs}`,
  ];
  if (s.sizePerProcessGiB !== null) lines.push(`size=${fioSize(s.sizePerProcessGiB)}`);
  if (s.filesPerProcess !== null) lines.push(`nrfiles=${s.filesPerProcess}`);
  if (s.runtimeSeconds !== null) lines.push('time_based=1', `runtime=${s.runtimeSeconds}`);
  if (s.rampSeconds > 0) lines.push(`ramp_time=${s.rampSeconds}`);
  return `${lines.join('\n')}\n`;
}

/** The runner: runs each job on every client at once (over SSH, or locally) and collects fio's JSON. */
export function renderRunScript(manifest: KitManifest): string {
  const jobs = manifest.jobs.map((j) => j.id).join(' ');
  const maxMemKiB = manifest.assumptions.clientMemoryGiB * 1024 * 1024;
  return `#!/bin/sh
# vast-azure-poc POC benchmark runner for profile "${manifest.profile}" (generated by npm run bench-kit; regenerate
# rather than edit). Runs each fio job on every client in clients.txt at the same time, one job after another, and
# collects fio's JSON output as RESULTS/<client>/<job>.json, with fio's messages in RESULTS/<client>/<job>.log.
#
# Usage: sh run.sh [-c clients.txt] [-o results] [-m ${DEFAULT_MOUNT_POINT}] [job ...]
#   clients.txt lines: <name> <ssh destination, or "local" to run on this machine>; # starts a comment
#   jobs (default all, in this order): ${jobs}
# Environment: VASTBENCH_ALLOW_NON_NFS=1 runs against a folder that is not an NFS mount (a smoke test only).
# Exit codes: 0 every run succeeded; 1 a fio run failed (its result is kept); 2 bad arguments or clients.
set -eu

KIT_DIR=$(cd "$(dirname "$0")" && pwd)
CLIENTS_FILE=$KIT_DIR/clients.txt
RESULTS=$KIT_DIR/results
MOUNT=${DEFAULT_MOUNT_POINT}
ALL_JOBS="${jobs}"
MAX_CLIENT_MEM_KIB=${maxMemKiB}

fail() { echo "run.sh: error: $*" >&2; exit 2; }

while getopts c:o:m:h opt; do
  case $opt in
    c) CLIENTS_FILE=$OPTARG ;;
    o) RESULTS=$OPTARG ;;
    m) MOUNT=$OPTARG ;;
    h) sed -n '2,12p' "$0"; exit 0 ;;
    *) fail "unknown option; usage: sh run.sh [-c clients.txt] [-o results] [-m mount point] [job ...]" ;;
  esac
done
shift $((OPTIND - 1))
JOBS=\${*:-$ALL_JOBS}

for job in $JOBS; do
  [ -f "$KIT_DIR/${KIT_JOBS_DIR}/$job.fio" ] || fail "unknown job \\"$job\\"; jobs: $ALL_JOBS"
done
case $MOUNT in
  /*) ;;
  *) fail "-m must be an absolute path, got \\"$MOUNT\\"" ;;
esac
case $MOUNT in
  *[!A-Za-z0-9._/-]*) fail "-m may hold only letters, digits and . _ / -, got \\"$MOUNT\\"" ;;
esac
[ -r "$CLIENTS_FILE" ] || fail "no client list at $CLIENTS_FILE: copy clients.example to clients.txt and name your clients"

CLIENTS=""
while read -r name target rest; do
  case $name in ''|'#'*) continue ;; esac
  [ -n "$target" ] || fail "client \\"$name\\" has no ssh destination (or \\"local\\") in $CLIENTS_FILE"
  [ -z "$rest" ] || fail "client \\"$name\\": expected <name> <destination>, got extra words \\"$rest\\""
  case $name in
    *[!A-Za-z0-9._-]*) fail "client name \\"$name\\" may hold only letters, digits and . _ -" ;;
  esac
  case " $CLIENTS " in *" $name="*) fail "client \\"$name\\" is listed twice" ;; esac
  CLIENTS="$CLIENTS $name=$target"
done < "$CLIENTS_FILE"
[ -n "$CLIENTS" ] || fail "$CLIENTS_FILE names no client"

if [ -e "$RESULTS" ] && [ -n "$(ls -A "$RESULTS")" ]; then
  fail "$RESULTS is not empty: choose a new results folder with -o (nothing is overwritten)"
fi
mkdir -p "$RESULTS"
cp "$KIT_DIR/${KIT_MANIFEST}" "$RESULTS/${KIT_MANIFEST}"

# Runs a shell command on a client: locally, or through ssh (standard input is passed on).
on_client() {
  if [ "$2" = local ]; then sh -c "$3"; else ssh -o BatchMode=yes "$2" "$3"; fi
}

# Checks each client once: fio 3, memory no larger than the kit was sized for, the folder on an NFS mount.
for entry in $CLIENTS; do
  name=\${entry%%=*}; target=\${entry#*=}
  mkdir -p "$RESULTS/$name"
  on_client "$name" "$target" "fio --version; uname -r; nproc; grep MemTotal /proc/meminfo; stat -f -c %T '$MOUNT'; grep ' $MOUNT ' /proc/mounts || true" \\
    > "$RESULTS/$name/client.txt" 2>&1 || fail "client $name ($target): cannot run fio or read $MOUNT; see $RESULTS/$name/client.txt"
  grep -q '^fio-3\\.' "$RESULTS/$name/client.txt" || fail "client $name: fio 3 is required; see $RESULTS/$name/client.txt"
  mem=$(sed -n 's/^MemTotal: *\\([0-9]*\\) kB$/\\1/p' "$RESULTS/$name/client.txt")
  [ -n "$mem" ] && [ "$mem" -le "$MAX_CLIENT_MEM_KIB" ] ||
    fail "client $name has \${mem:-unknown} KiB of memory, more than the ${manifest.assumptions.clientMemoryGiB} GiB the kit was sized for: the page cache would hide the storage; regenerate with npm run bench-kit -- --client-memory-gib <GiB>"
  if [ "\${VASTBENCH_ALLOW_NON_NFS:-0}" != 1 ]; then
    grep -q '^nfs' "$RESULTS/$name/client.txt" || fail "client $name: $MOUNT is not an NFS mount; mount the cluster first (mount.sh)"
  fi
done

failed=0
for job in $JOBS; do
  echo "run.sh: $job on$(for e in $CLIENTS; do printf ' %s' "\${e%%=*}"; done)"
  pids=""
  for entry in $CLIENTS; do
    name=\${entry%%=*}; target=\${entry#*=}
    dir="$MOUNT/vastbench/$name"
    # md-create measures file creation, so it starts from an empty md folder (inside the kit's own folder).
    prep="mkdir -p '$dir'"
    [ "$job" = md-create ] && prep="$prep && rm -rf '$dir/md' && mkdir -p '$dir/md'"
    cmd="$prep && out=\\$(mktemp) && BENCH_DIR='$dir' fio --output-format=json --output=\\"\\$out\\" - 1>&2; rc=\\$?; cat \\"\\$out\\"; rm -f \\"\\$out\\"; exit \\$rc"
    on_client "$name" "$target" "$cmd" < "$KIT_DIR/${KIT_JOBS_DIR}/$job.fio" \\
      > "$RESULTS/$name/$job.json" 2> "$RESULTS/$name/$job.log" &
    pids="$pids $!:$name"
  done
  for p in $pids; do
    if ! wait "\${p%%:*}"; then
      echo "run.sh: $job failed on \${p#*:}; see $RESULTS/\${p#*:}/$job.log" >&2
      failed=1
    fi
  done
done

echo "run.sh: results in $RESULTS; send the folder back (tar czf results.tgz -C $(dirname "$RESULTS") $(basename "$RESULTS"))"
exit $failed
`;
}

/** The mount script: mounts one VAST virtual IP with the kit's NFS options. */
export function renderMountScript(): string {
  return `#!/bin/sh
# Mounts the VAST cluster on this client with the options the benchmark kit expects (generated by npm run bench-kit).
# Usage: sudo sh mount.sh <VAST virtual IP> [export path, default /] [mount point, default ${DEFAULT_MOUNT_POINT}]
# Give each client a different virtual IP from the cluster's VIP pool so the load spreads over every node.
set -eu
[ $# -ge 1 ] || { echo "usage: sudo sh mount.sh <VAST virtual IP> [export] [mount point]" >&2; exit 2; }
VIP=$1
EXPORT=\${2:-/}
MOUNT=\${3:-${DEFAULT_MOUNT_POINT}}
mkdir -p "$MOUNT"
mount -t nfs -o ${NFS_MOUNT_OPTIONS} "$VIP:$EXPORT" "$MOUNT"
grep " $MOUNT " /proc/mounts
`;
}

/** The example client list. */
export function renderClientsExample(): string {
  return [
    '# Benchmark clients: one per line, <name> <ssh destination or "local">. Copy to clients.txt and edit.',
    '# The name becomes the results folder; the destination is anything `ssh` accepts (user@host, a Host alias).',
    'client-01 azureuser@10.40.2.4',
    'client-02 azureuser@10.40.2.5',
    '',
  ].join('\n');
}

/** The kit's README. */
export function renderKitReadme(manifest: KitManifest, plan: PlanningSummary): string {
  const nodes = planNumber(plan, 'layout.nodeCount');
  const perNode = planNumber(plan, 'throughput.perNodeNetworkGBps');
  const read = planNumber(plan, 'throughput.readGBps');
  const nic = manifest.assumptions.clientNicGbps;
  const lines: string[] = [
    `# POC benchmark kit: ${manifest.profile}`,
    '',
    'Generated by `npm run bench-kit` from the profile and its plan; regenerate it rather than edit it. It measures what',
    'the cluster delivers to NFS clients and compares it with the plan: `npm run report` reads the results.',
    '',
    '## Jobs and what the plan expects',
    '',
    'Figures are for all clients together. Bandwidth is decimal GB/s (10^9 bytes/s); data sets are GiB.',
    '',
    '| job | what it measures | per client | measured time | planned | source |',
    '|---|---|---|---|---|---|',
  ];
  for (const j of manifest.jobs) {
    const size =
      j.sizing.dataSetGiBPerClient === null
        ? `${j.numjobs} processes`
        : `${j.sizing.dataSetGiBPerClient} GiB, ${j.numjobs} processes`;
    const time = j.sizing.runtimeSeconds === null ? 'until done' : `${j.sizing.runtimeSeconds} s`;
    lines.push(
      `| \`${j.id}\` | ${j.title} | ${size} | ${time} | ${showFigure(j.planned)} | ${j.planned.source} (${j.plannedMeaning}) |`,
    );
  }
  lines.push(
    '',
    `Sizing: the data set is ${manifest.assumptions.dataSetRamMultiple} × the client's memory (${manifest.assumptions.clientMemoryGiB} GiB assumed; run.sh refuses a client with more), so the page cache cannot serve the reads; the measured time is long enough to move the data set once after a ${manifest.jobs[0]!.sizing.rampSeconds} s warm-up that fio does not count.`,
    '',
    nic === null
      ? `Client NIC: not given, so the kit cannot say how many clients fill the cluster's ${read} GB/s; regenerate with \`--client-nic-gbps\` to see it.`
      : `Client NIC: ${nic} Gbps (${nic / 8} GB/s) each; filling the cluster's ${read} GB/s of reads takes at least ${Math.ceil(read / (nic / 8))} clients.`,
    `One client mounts one virtual IP, and one VIP is served by one node (${perNode} GB/s each): use at least ${nodes} clients, each on a different VIP, to load all ${nodes} nodes.`,
    '',
    '## Running it',
    '',
    '1. Every client: Linux with the NFS client and fio 3 (`sudo apt-get install -y nfs-common fio` on Debian/Ubuntu),',
    '   reachable over SSH without a password prompt from the machine that runs the kit.',
    `2. Mount the cluster on every client, each on a different virtual IP: \`sudo sh mount.sh <VIP> [export] [mount point]\` (options \`${manifest.assumptions.mountOptions}\`, mount point ${DEFAULT_MOUNT_POINT}).`,
    '   For example: `ssh azureuser@10.40.2.4 sudo sh -s 10.40.0.200 < mount.sh`.',
    '3. `cp clients.example clients.txt` and list the clients (`<name> <ssh destination>`, or `<name> local`).',
    '4. `sh run.sh -o results` runs every job on all clients at once, one job after another, and writes',
    '   `results/<client>/<job>.json` (fio `--output-format=json`), fio messages in `.log` files and each client',
    '   description in `client.txt`. Each client writes only below `<mount point>/vastbench/<client>/`. It never',
    '   overwrites a results folder. `sh run.sh -h` shows the options; `sh run.sh seq-read` runs one job.',
    '',
    '## Sending the results back',
    '',
    '`tar czf results.tgz results` and send `results.tgz` to the field engineer, who runs',
    `\`npm run report -- --results results --profile <profile file> --out report.md\`: measured against planned per job,`,
    'the per-client spread, the Azure Managed Lustre tiers of the same capacity, and the bottleneck it points to. The',
    'results contain host names you chose, fio versions, kernel versions and mount options; no credentials.',
    '',
  );
  return lines.join('\n');
}

/**
 * Builds every file of the kit, sorted by path (no checksum file: the bench-kit command adds one, and the handoff
 * bundle's own checksum file covers the kit there).
 */
export function buildKitFiles(input: KitInput): BundleFile[] {
  const manifest = buildKitManifest(input);
  const files: BundleFile[] = [
    { path: KIT_MANIFEST, content: stableJson(manifest) },
    { path: 'README.md', content: renderKitReadme(manifest, input.plan) },
    { path: 'run.sh', content: renderRunScript(manifest) },
    { path: 'mount.sh', content: renderMountScript() },
    { path: 'clients.example', content: renderClientsExample() },
  ];
  for (const job of BENCH_JOBS) {
    const entry = manifest.jobs.find((j) => j.id === job.id)!;
    files.push({ path: `${KIT_JOBS_DIR}/${job.id}.fio`, content: renderJobFile(input.profileName, job, entry) });
  }
  return files.sort((a, b) => compareStrings(a.path, b.path));
}
