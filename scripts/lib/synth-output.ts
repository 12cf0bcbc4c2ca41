/**
 * Where `npm run synth` puts its output without deleting anything it did not write.
 *
 * cdktf synthesizes into a staging folder inside the output folder (`.staging-<pid>-*`, holding a marker written
 * first). Each file of the stack is then renamed over its counterpart in `stacks/<name>/`, one at a time, so every
 * file is old or new at every instant; nothing else in the stack folder is touched. That folder is where `cdktf
 * deploy` runs Terraform, so it may hold `terraform.tfstate` (the default local backend), `.terraform/` and a lock
 * file: they survive every synth. The manifest is merged and written atomically.
 *
 * The next run removes a staging folder a dead run left (its name, a process id that is not running, the marker);
 * folders it cannot prove are its own, such as the `stacks/<name>.old-<pid>` and `.staging-XXXXXX` folders older
 * versions left behind, are named and kept.
 */
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { assertOutputTarget, isProcessRunning, writeFileAtomic } from './cli';
import { lstatOrUndefined, removeStagingFolder } from './staging';

/** The marker file in a synth staging folder: says the folder was created by this tool. */
export const SYNTH_STAGING_MARKER = '.vast-azure-poc-synth-staging';

/** What {@link synthesizeTo} wrote and found. */
export interface SynthOutput<T> {
  /** The stack's `cdk.tf.json`, absolute. */
  readonly file: string;
  /** What the synth function returned. */
  readonly result: T;
  /** Leftovers of dead runs that were provably ours and were removed, by name. */
  readonly cleaned: readonly string[];
  /** Leftovers that could not be proved ours: kept, named for the user. */
  readonly leftAlone: readonly string[];
}

/**
 * Runs `synth` into a staging folder inside `outdir`, then moves the stack's files into `outdir/stacks/<stackName>`
 * and merges the manifest. A failure leaves the previous output untouched.
 *
 * @param hooks.afterFile test seam: called after each file is moved into place.
 * @param hooks.inputs files the command reads, never written over.
 * @throws UsageError when `outdir` or a file to be written is not a folder / regular file, or is an input.
 */
export function synthesizeTo<T>(
  stackName: string,
  outdir: string,
  synth: (staging: string) => T,
  hooks: { readonly afterFile?: (path: string) => void; readonly inputs?: readonly string[] } = {},
): SynthOutput<T> {
  const inputs = hooks.inputs ?? [];
  assertOutputTarget({ flag: '--out', path: outdir, kind: 'folder', inputs });
  const { cleaned, leftAlone } = recoverSynthLeftovers(outdir, stackName);
  mkdirSync(outdir, { recursive: true });
  const staging = mkdtempSync(join(outdir, `.staging-${process.pid}-`));
  try {
    writeFileSync(join(staging, SYNTH_STAGING_MARKER), 'a staging folder of `npm run synth` (vast-azure-poc)\n');
    const result = synth(staging);
    const from = join(staging, 'stacks', stackName);
    const target = join(outdir, 'stacks', stackName);
    const files = filesBelow(from);
    // Check every place first, so that a refusal changes nothing.
    for (const f of files) assertOutputTarget({ flag: '--out', path: join(target, f), kind: 'file', inputs });
    for (const f of files) {
      mkdirSync(join(target, f, '..'), { recursive: true });
      renameSync(join(from, f), join(target, f));
      hooks.afterFile?.(f);
    }
    writeFileAtomic(
      join(outdir, 'manifest.json'),
      mergeManifest(join(outdir, 'manifest.json'), join(staging, 'manifest.json')),
      { flag: '--out', inputs },
    );
    return { file: join(target, 'cdk.tf.json'), result, cleaned, leftAlone };
  } finally {
    removeStagingFolder(staging, SYNTH_STAGING_MARKER);
  }
}

/**
 * Removes staging folders of dead runs from `outdir` (name `.staging-<pid>-*`, the process not running, the marker
 * present) and names what it cannot prove: staging folders of older versions and `stacks/<name>.old-<pid>` folders
 * (which can hold Terraform state moved aside by an older version: never deleted).
 */
export function recoverSynthLeftovers(outdir: string, stackName: string): { cleaned: string[]; leftAlone: string[] } {
  const cleaned: string[] = [];
  const leftAlone: string[] = [];
  for (const entry of readdirOrEmpty(outdir)) {
    const m = /^\.staging-(?:(\d+)-)?[A-Za-z0-9]+$/.exec(entry);
    if (!m) continue;
    const path = join(outdir, entry);
    const pid = m[1] === undefined ? undefined : Number(m[1]);
    if (pid === undefined) {
      leftAlone.push(`${entry} (left by an older version; delete it yourself if it is not yours)`);
    } else if (pid !== process.pid && isProcessRunning(pid)) {
      leftAlone.push(`${entry} (process ${pid} is still running)`);
    } else if (!isDirectory(path) || !isFile(join(path, SYNTH_STAGING_MARKER))) {
      leftAlone.push(`${entry} (no ${SYNTH_STAGING_MARKER} file)`);
    } else {
      removeStagingFolder(path, SYNTH_STAGING_MARKER);
      cleaned.push(entry);
    }
  }
  const stacks = join(outdir, 'stacks');
  for (const entry of readdirOrEmpty(stacks)) {
    if (entry.startsWith(`${stackName}.old-`) && /\.old-\d+$/.test(entry)) {
      leftAlone.push(
        `stacks/${entry} (moved aside by an interrupted run of an older version; it may hold Terraform state: move back what you need, then delete it)`,
      );
    }
  }
  return { cleaned, leftAlone };
}

/** Every regular file below `dir`, relative, sorted. */
function filesBelow(dir: string, rel = ''): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(join(dir, rel))) {
    const path = rel ? join(rel, entry) : entry;
    if (lstatSync(join(dir, path)).isDirectory()) out.push(...filesBelow(dir, path));
    else out.push(path);
  }
  return out.sort();
}

interface Manifest {
  version: string;
  stacks: Record<string, unknown>;
}

function mergeManifest(existingPath: string, freshPath: string): string {
  const fresh = JSON.parse(readFileSync(freshPath, 'utf8')) as Manifest;
  if (existsSync(existingPath)) {
    try {
      const old = JSON.parse(readFileSync(existingPath, 'utf8')) as Manifest;
      if (old.version === fresh.version) fresh.stacks = { ...old.stacks, ...fresh.stacks };
    } catch {
      // An unreadable old manifest is replaced by the fresh one.
    }
  }
  return `${JSON.stringify(fresh, null, 2)}\n`;
}

function readdirOrEmpty(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function isDirectory(path: string): boolean {
  return lstatOrUndefined(path)?.isDirectory() === true;
}

function isFile(path: string): boolean {
  return lstatOrUndefined(path)?.isFile() === true;
}
