/** Reads a profile file (YAML or JSON) from disk and validates it. */
import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { CORE_SCHEMA, load as parseYaml, YAMLException } from 'js-yaml';
import { jsonSyntaxProblem } from '../../lib/json';
import { readBootstrapScript } from './bootstrap';
import { findDuplicateKeys } from './json';
import { ProfileError, validateProfile, type Profile } from './schema';
import { echo } from './strings';
import { repoPath } from '../../lib/repo-root';

/** The folder of the shipped profiles, relative to the repository root. */
export const SHIPPED_PROFILES_FOLDER = 'stacks/profiles';

/** The folder of the shipped profiles in this checkout. */
export const SHIPPED_PROFILES_DIR = repoPath(SHIPPED_PROFILES_FOLDER);

/** The profile `synth`, `plan` and `handoff` use when none is named. */
export const DEFAULT_PROFILE_PATH = join(SHIPPED_PROFILES_DIR, 'default.yaml');

/**
 * The file names of the shipped profiles (every `*.yaml` of the folder), sorted.
 *
 * @param dir the folder to list; a copy of the checkout passes its own
 */
export function shippedProfileFiles(dir: string = SHIPPED_PROFILES_DIR): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort();
}

/** The environment variable that names a profile when no `--profile` flag is given. */
export const PROFILE_ENV = 'VAST_PROFILE';

/**
 * Which profile a command should use: the flag, else `VAST_PROFILE`, else the shipped default.
 */
export function resolveProfilePath(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const chosen = flag ?? env[PROFILE_ENV];
  return chosen ? resolve(chosen) : DEFAULT_PROFILE_PATH;
}

/**
 * Loads and validates a profile file. The error names the file relative to the working directory.
 *
 * @throws ProfileError when the file cannot be read or parsed, or fails validation.
 */
export function loadProfile(path: string): Profile {
  const shown = displayPath(path);
  let text: string;
  try {
    const st = statSync(path);
    // A FIFO or a device (/dev/zero) would block or never end: only a regular file is read.
    if (!st.isFile()) {
      throw new ProfileError(shown, [
        { field: '(file)', message: 'the profile must be a regular file (not a folder, FIFO or device)' },
      ]);
    }
    const size = st.size;
    if (size > MAX_PROFILE_BYTES) {
      throw new ProfileError(shown, [
        {
          field: '(file)',
          message: `the profile file must be at most ${MAX_PROFILE_BYTES} bytes, got ${size}: a profile is a page of settings`,
        },
      ]);
    }
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if (e instanceof ProfileError) throw e;
    const code = (e as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new ProfileError(shown, [{ field: '(file)', message: `the profile file could not be read (${code})` }]);
  }
  let data: unknown;
  try {
    // js-yaml refuses duplicate keys, so a field given twice is an error rather than a silent override. The core
    // schema keeps dates as the text written: no timestamp type that a time zone could move to another day.
    data = /\.json$/i.test(path) ? JSON.parse(text) : parseYaml(text, { filename: shown, schema: CORE_SCHEMA });
  } catch (e) {
    const detail = e instanceof YAMLException ? yamlProblem(e) : jsonSyntaxProblem(e, text);
    throw new ProfileError(shown, [
      { field: '(file)', message: `the profile is not valid ${/\.json$/i.test(path) ? 'JSON' : 'YAML'}: ${detail}` },
    ]);
  }
  if (!withinExpansionBudget(data, MAX_PROFILE_VALUES)) {
    throw new ProfileError(shown, [
      {
        field: '(file)',
        message: `the profile expands to more than ${MAX_PROFILE_VALUES} values once YAML aliases are followed: write the repeated parts out instead of nesting aliases`,
      },
    ]);
  }
  if (/\.json$/i.test(path)) {
    const duplicates = findDuplicateKeys(text);
    if (duplicates.length > 0) {
      throw new ProfileError(
        shown,
        duplicates.map((d) => ({
          field: d.path,
          message: `${echo(d.path)} is given twice in the JSON (line ${d.line}): give each field once`,
        })),
      );
    }
  }
  const base = dirname(path);
  return validateProfile(data, {
    source: shown,
    readFile: (p) => readBootstrapScript(base, p),
    machinePaths: machinePaths(base),
  });
}

/**
 * Where and why YAML parsing failed, without the file's text: js-yaml's message quotes the offending line (and its
 * reason can quote an alias or tag name), which for a profile pointing at the wrong file can be a secret.
 */
function yamlProblem(e: YAMLException): string {
  const reason = (e.reason || 'unreadable YAML').replace(/\s*"[^"]*"/g, '').replace(/\s*'[^']*'/g, '');
  const mark = e.mark as { line?: number; column?: number } | undefined;
  return mark && typeof mark.line === 'number'
    ? `${reason} at line ${mark.line + 1}, column ${(mark.column ?? 0) + 1}`
    : reason;
}

/** The largest profile file read: a profile is a page of settings (the shipped ones are about 1 KB). */
export const MAX_PROFILE_BYTES = 256 * 1024;

/**
 * The most values (maps, lists and scalars, counted each time an alias repeats them) a profile may hold. YAML
 * aliases share one parsed object, so a small file can stand for billions of values that any walk over it visits.
 */
export const MAX_PROFILE_VALUES = 10_000;

/** Whether walking `data` (following every alias again) visits at most `budget` values. Stops at the budget. */
function withinExpansionBudget(data: unknown, budget: number): boolean {
  let left = budget;
  const stack: unknown[] = [data];
  while (stack.length > 0) {
    const v = stack.pop();
    if (--left < 0) return false;
    if (v === null || typeof v !== 'object') continue;
    const children = Array.isArray(v) ? (v as unknown[]) : Object.values(v);
    if (children.length > left) return false;
    for (const child of children) stack.push(child);
  }
  return true;
}

/** Paths that exist only on this machine: a bootstrap script naming one would not work on a node, and leaks. */
function machinePaths(profileFolder: string): string[] {
  const candidates = [profileFolder, process.cwd(), homedir()];
  try {
    candidates.push(realpathSync(profileFolder));
  } catch {
    // the folder was readable a moment ago; without its real path the others still apply
  }
  // A home of "/" or "/root" is a folder every node has too.
  return [...new Set(candidates)].filter((p) => p.length > 1 && p !== '/root');
}

function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') ? rel : path;
}
