/**
 * What makes the bundle trustworthy to hand over: `SHA256SUMS` over every file, and a scan that refuses content
 * which must never leave the machine (absolute paths of this machine, `node_modules` references, secrets).
 */
import { createHash } from 'node:crypto';
import { findSecrets } from '../../constructs/shared/secrets';
import { compareStrings } from './terraform';

/** One file of the bundle: a relative POSIX path and its contents. */
export interface BundleFile {
  readonly path: string;
  readonly content: string;
}

/** The checksum file's name. */
export const CHECKSUM_FILE = 'SHA256SUMS';

/** Hex SHA-256 of a text (UTF-8). */
export function sha256(content: string | Uint8Array): string {
  return createHash('sha256').update(content).digest('hex');
}

/** `sha256sum` format (`<hex>  <path>`), one line per file, sorted by path. */
export function renderChecksums(files: readonly BundleFile[]): string {
  return [...files]
    .sort((a, b) => compareStrings(a.path, b.path))
    .map((f) => `${sha256(f.content)}  ${f.path}\n`)
    .join('');
}

/** The bundle marker's file name: says that the folder is a bundle written by this tool, and in which format. */
export const BUNDLE_MARKER = '.vast-azure-poc-bundle';

/** The tool name the marker carries. */
export const BUNDLE_TOOL = 'vast-azure-poc';

/** The bundle format this version writes (and the only one `--force` replaces). */
export const BUNDLE_FORMAT = 1;

/**
 * The marker file of every bundle. `handoff --force` replaces a folder only when it holds this marker and nothing
 * but the files its `SHA256SUMS` lists, unchanged.
 */
export function bundleMarkerFile(): BundleFile {
  const marker = {
    tool: BUNDLE_TOOL,
    bundleFormat: BUNDLE_FORMAT,
    note: 'Written by `npm run handoff`. Regenerating with --force replaces this folder only while it holds exactly the files listed in SHA256SUMS, unchanged; keep Terraform state and variables elsewhere or the regeneration is refused.',
  };
  return { path: BUNDLE_MARKER, content: `${JSON.stringify(marker, null, 2)}\n` };
}

/** Why a marker text is not this tool's marker of a known format, or undefined when it is. */
export function bundleMarkerProblem(text: string): string | undefined {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return `${BUNDLE_MARKER} is not JSON`;
  }
  const o = (typeof data === 'object' && data !== null ? data : {}) as Record<string, unknown>;
  if (o.tool !== BUNDLE_TOOL) return `${BUNDLE_MARKER} does not name the tool ${BUNDLE_TOOL}`;
  if (o.bundleFormat !== BUNDLE_FORMAT) {
    return `${BUNDLE_MARKER} has bundle format ${JSON.stringify(o.bundleFormat)}, and this version writes and replaces only bundle format ${BUNDLE_FORMAT}`;
  }
  return undefined;
}

/**
 * Why a listed path is unsafe to open inside a bundle (absolute, `..`, `.`, empty segments, backslashes, control
 * characters), or undefined when it is a plain relative POSIX path.
 */
export function unsafeBundlePath(path: string): string | undefined {
  if (path.startsWith('/')) return 'an absolute path';
  if (/[\\\u0000-\u001f\u007f]/.test(path)) return 'a backslash or control character';
  const parts = path.split('/');
  if (parts.some((p) => p === '..')) return 'a ".." segment that leaves the bundle';
  if (parts.some((p) => p === '' || p === '.')) return 'an empty or "." segment';
  return undefined;
}

/**
 * Parses `sha256sum` lines into path → hex.
 *
 * @throws Error naming the line when a line is malformed, a path is listed twice, or a path is unsafe (see
 *   {@link unsafeBundlePath}): a checksum file that could mean two things means nothing.
 */
export function parseChecksums(text: string): Map<string, string> {
  const out = new Map<string, string>();
  let n = 0;
  for (const line of text.split('\n')) {
    n++;
    if (!line) continue;
    const m = /^([0-9a-f]{64}) {2}(.+)$/.exec(line);
    if (!m) throw new Error(`line ${n} is not a sha256sum line: ${JSON.stringify(line.slice(0, 120))}`);
    const path = m[2]!;
    const unsafe = unsafeBundlePath(path);
    if (unsafe) throw new Error(`line ${n} lists ${JSON.stringify(path.slice(0, 120))}, ${unsafe}`);
    if (out.has(path)) throw new Error(`line ${n} lists ${JSON.stringify(path)} a second time`);
    out.set(path, m[1]!);
  }
  return out;
}

/** A rule content must not break, with what it matched (for a secret: its line, never the secret). */
export interface CleanlinessFinding {
  readonly path: string;
  readonly rule: string;
  readonly match: string;
}

/** Folders every Linux machine has; a bundle may name paths below them without leaking anything. */
const SYSTEM_FOLDERS = new Set([
  '/tmp',
  '/var',
  '/var/lib',
  '/var/tmp',
  '/usr',
  '/usr/local',
  '/etc',
  '/opt',
  '/srv',
  '/home',
  '/mnt',
  '/run',
]);

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Finds content that must not be handed over: the given machine paths (the repository root, the home and temp
 * folders), `node_modules`, and the secret shapes of `constructs/shared/secrets.ts` ({@link findSecrets}).
 */
export function findUncleanContent(
  files: readonly BundleFile[],
  machinePaths: readonly string[],
): CleanlinessFinding[] {
  const findings: CleanlinessFinding[] = [];
  // Standard system folders are the same on every machine (the bundle documents in-guest paths such as
  // /var/lib/vast-poc): only paths specific to this machine count, matched as whole path prefixes.
  const paths = machinePaths
    .map((p) => p.replace(/\/+$/, ''))
    .filter((p) => p.length > 1 && !SYSTEM_FOLDERS.has(p))
    .map((p) => [p, new RegExp(`${escapeRegExp(p)}(?![A-Za-z0-9._-])`)] as const);
  for (const f of files) {
    for (const [p, re] of paths) {
      if (re.test(f.content)) findings.push({ path: f.path, rule: 'absolute machine path', match: p });
    }
    if (f.content.includes('node_modules'))
      findings.push({ path: f.path, rule: 'node_modules', match: 'node_modules' });
    for (const secret of findSecrets(f.content)) {
      findings.push({ path: f.path, rule: secret.what, match: `line ${secret.line}` });
    }
  }
  return findings;
}
