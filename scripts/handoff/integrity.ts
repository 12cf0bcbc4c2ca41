/**
 * What makes the bundle trustworthy to hand over: `SHA256SUMS` over every file, and a scan that refuses content
 * which must never leave the machine (absolute paths of this machine, `node_modules` references, secrets).
 */
import { createHash } from 'node:crypto';
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

/** Parses `sha256sum` lines into path → hex. */
export function parseChecksums(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (!line) continue;
    const m = /^([0-9a-f]{64}) {2}(.+)$/.exec(line);
    if (!m) throw new Error(`not a sha256sum line: ${JSON.stringify(line)}`);
    out.set(m[2]!, m[1]!);
  }
  return out;
}

/** A rule content must not break, with what it matched. */
export interface CleanlinessFinding {
  readonly path: string;
  readonly rule: string;
  readonly match: string;
}

/** Patterns of secrets that must never appear in the bundle. */
export const SECRET_PATTERNS: ReadonlyArray<readonly [rule: string, pattern: RegExp]> = [
  ['private key', /-----BEGIN [A-Z ]*PRIVATE KEY-----/],
  ['storage account key', /AccountKey=[A-Za-z0-9+/=]{20,}/],
  ['SAS token signature', /[?&]sig=[A-Za-z0-9%+/=]{20,}/],
  ['client secret', /client_secret\s*[=:]\s*"[^"]+"/i],
  ['password assignment', /\b(admin_)?password\s*=\s*"[^"]+"/i],
];

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
 * folders), `node_modules`, and secret patterns.
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
    for (const [rule, pattern] of SECRET_PATTERNS) {
      const m = pattern.exec(f.content);
      if (m) findings.push({ path: f.path, rule, match: m[0].slice(0, 24) });
    }
  }
  return findings;
}
