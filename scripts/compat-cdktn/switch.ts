/**
 * The switch from cdktf to its maintained fork, CDK Terrain (cdktn), as code: which packages replace which, the npm
 * override the fork's provider bindings need, and the mechanical rename of import specifiers. `npm run compat:cdktn`
 * applies it to a temporary copy of the repository; `npm run switch:cdktn` applies it to a checkout for real
 * (docs/dependencies.md). The text transforms are pure; {@link applySwitch} does the file input and output.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The fork's packages and the versions the compatibility run proves (docs/dependencies.md). */
export const FORK = {
  /** Replaces `cdktf`. */
  core: { name: 'cdktn', version: '0.24.0' },
  /** Replaces `cdktf-cli` (needs Node.js 22.19 or newer). */
  cli: { name: 'cdktn-cli', version: '0.24.0' },
  /** Replaces `@cdktf/provider-azurerm`; binds hashicorp/azurerm 4.73.0. */
  provider: { name: '@cdktn/provider-azurerm', version: '16.1.0' },
  /** cdktn 0.24 accepts constructs >= 10.6.0 < 10.8.0. */
  constructs: '10.7.2',
  /** Lowest Node.js version the fork's CLI supports (`cdktn-cli` engines). */
  cliNode: '22.19.0',
} as const;

/** Each cdktf package and the fork package that takes its place. */
const REPLACEMENTS = [
  { original: 'cdktf', fork: FORK.core },
  { original: 'cdktf-cli', fork: FORK.cli },
  { original: '@cdktf/provider-azurerm', fork: FORK.provider },
] as const;

/** The subset of package.json the switch reads and writes. */
export interface PackageJson {
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  scripts?: Record<string, string>;
  overrides?: Record<string, unknown>;
  [key: string]: unknown;
}

/**
 * package.json after the switch: each cdktf package replaced by its fork in the same section, pinned exactly;
 * `constructs` moved into the range the fork accepts; an override so that `@cdktn/provider-azurerm` 16.1.0 (peer
 * `cdktn ^0.23.0`) accepts cdktn 0.24; and `cdktf` CLI calls in npm scripts renamed to `cdktn`.
 *
 * @throws Error when a cdktf package is missing, since then this is not the tree the switch was written for.
 */
export function switchPackageJson(pkg: PackageJson): PackageJson {
  const out: PackageJson = structuredClone(pkg);
  for (const { original, fork } of REPLACEMENTS) {
    const section = (['dependencies', 'devDependencies'] as const).find((s) => out[s]?.[original] !== undefined);
    if (!section) throw new Error(`package.json does not depend on ${original}; nothing to switch`);
    const deps = out[section]!;
    delete deps[original];
    deps[fork.name] = fork.version;
    out[section] = sortKeys(deps);
  }
  const constructsSection = out.dependencies?.constructs !== undefined ? 'dependencies' : 'devDependencies';
  out[constructsSection] = sortKeys({ ...out[constructsSection], constructs: FORK.constructs });
  out.overrides = { ...out.overrides, [FORK.provider.name]: { [FORK.core.name]: `$${FORK.core.name}` } };
  if (out.scripts) {
    out.scripts = Object.fromEntries(
      Object.entries(out.scripts).map(([name, command]) => [name, command.replace(CLI_CALL, '$1cdktn')]),
    );
  }
  return out;
}

/** `cdktf` as a command word in an npm script (start of the line, or after whitespace or a shell operator). */
const CLI_CALL = /(^|[\s;&|(])cdktf(?=\s|$)/g;

/**
 * Module specifiers of the framework and the provider bindings in `import … from`, `export … from`, bare `import`,
 * `import()` and `require()`, quoted with ', " or ` (a template literal such as `@cdktf/provider-azurerm/lib/${name}`
 * keeps its placeholder): group 1 is everything up to the opening quote, group 2 the quote, group 3 the package,
 * group 4 an optional subpath.
 */
const SPECIFIER =
  /(\bfrom\s*|\bimport\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|\brequire\.resolve\s*\(\s*)(['"`])(cdktf|@cdktf\/provider-azurerm)((?:\/[^\n]*?)?)\2/g;

/** The fork's specifier for a cdktf one. */
const RENAMED: Readonly<Record<string, string>> = {
  cdktf: FORK.core.name,
  '@cdktf/provider-azurerm': FORK.provider.name,
};

/**
 * Rewrites cdktf module specifiers to the fork's in one source file: `cdktf` becomes `cdktn` and
 * `@cdktf/provider-azurerm/…` becomes `@cdktn/provider-azurerm/…`. Only module specifiers change: strings that
 * merely mention cdktf (annotation types such as `@cdktf/warn`, the `cdktf.out` folder) are left alone.
 *
 * @returns the new text and how many specifiers were rewritten.
 */
export function renameFrameworkImports(source: string): { text: string; count: number } {
  let count = 0;
  const text = source.replace(SPECIFIER, (_all, lead: string, quote: string, pkg: string, sub: string) => {
    count++;
    return `${lead}${quote}${RENAMED[pkg]}${sub}${quote}`;
  });
  return { text, count };
}

/** Folders never searched for sources: installed packages, outputs, version control. */
const SKIPPED_DIRS = new Set(['node_modules', 'cdktf.out', 'coverage', 'handoff-out']);

/** What {@link applySwitch} changed. */
export interface SwitchResult {
  /** Source files whose import specifiers were rewritten (relative to the root). */
  readonly files: readonly string[];
  /** Number of specifiers rewritten across those files. */
  readonly specifiers: number;
}

/**
 * Applies the switch to the checkout at `root`: rewrites package.json ({@link switchPackageJson}) and every
 * TypeScript and JavaScript source below the root ({@link renameFrameworkImports}; dot-folders, `node_modules` and
 * output folders are skipped). Installing the new packages (`npm install`) is left to the caller.
 */
export function applySwitch(root: string): SwitchResult {
  const pkgPath = join(root, 'package.json');
  if (!existsSync(pkgPath)) throw new Error(`${root} has no package.json`);
  const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as PackageJson;
  writeFileSync(pkgPath, `${JSON.stringify(switchPackageJson(pkg), null, 2)}\n`);
  const files: string[] = [];
  let specifiers = 0;
  for (const file of sourceFiles(root, '')) {
    const path = join(root, file);
    const { text, count } = renameFrameworkImports(readFileSync(path, 'utf8'));
    if (count === 0) continue;
    writeFileSync(path, text);
    files.push(file);
    specifiers += count;
  }
  return { files, specifiers };
}

function* sourceFiles(root: string, dir: string): Generator<string> {
  for (const entry of readdirSync(join(root, dir), { withFileTypes: true }).sort((a, b) =>
    a.name.localeCompare(b.name),
  )) {
    const rel = dir ? `${dir}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      if (!entry.name.startsWith('.') && !SKIPPED_DIRS.has(entry.name)) yield* sourceFiles(root, rel);
    } else if (entry.isFile() && /\.(ts|mts|cts|js|mjs|cjs)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) {
      yield rel;
    }
  }
}

function sortKeys(record: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
