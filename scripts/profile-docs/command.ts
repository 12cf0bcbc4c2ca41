/**
 * The `profile:docs` command: writes `docs/profile.schema.json` and the generated sections of `docs/profile.md` (the
 * field table and the complete example) from the profile model, or with `--check` says whether they are up to date.
 * `scripts/profile-docs.ts` runs it through `runCli`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  PROFILE_DOC_PATH,
  PROFILE_EXAMPLE_PATH,
  PROFILE_SCHEMA_PATH,
  renderProfileDoc,
  renderProfileJsonSchema,
} from '../../stacks/profile/docs';
import { REPO_ROOT } from '../../lib/repo-root';
import { EXIT, HELP_FLAG, parseFlags, writeFileAtomic } from '../lib/cli';

/** The flags profile:docs accepts. */
export const PROFILE_DOCS_FLAGS = { check: { type: 'boolean', default: false }, ...HELP_FLAG } as const;

/** Usage text of the command (`--help`). */
export const PROFILE_DOCS_USAGE = `Usage: npm run profile:docs [-- --check]

Writes ${PROFILE_SCHEMA_PATH} and the field table and complete example of ${PROFILE_DOC_PATH} from the profile
model (stacks/profile/model.ts; the example is ${PROFILE_EXAMPLE_PATH}); rewrites a file only when it changed.

Options:
  --check      write nothing; exit 1 when a file is out of date (for CI; default: off)
  -h, --help   show this text

Environment: none.

Exit codes: 0 written or up to date; 1 out of date (--check); 2 bad flags; 70 a bug (or a file could not be written).
`;

/** Where the command writes and prints. */
export interface ProfileDocsIo {
  readonly out: Pick<NodeJS.WritableStream, 'write'>;
  readonly err: Pick<NodeJS.WritableStream, 'write'>;
  /** The repository root, which holds `docs/`. @default the root of this checkout */
  readonly root?: string;
}

/** The generated files with the content they should have, relative to `root`. */
export function profileDocsWanted(root: string): { readonly path: string; readonly content: string }[] {
  const doc = readFileSync(join(root, PROFILE_DOC_PATH), 'utf8');
  const example = readFileSync(join(root, PROFILE_EXAMPLE_PATH), 'utf8');
  return [
    { path: PROFILE_SCHEMA_PATH, content: renderProfileJsonSchema() },
    { path: PROFILE_DOC_PATH, content: renderProfileDoc(doc, example) },
  ];
}

/**
 * Runs profile:docs.
 *
 * @returns 0 written, up to date or `--help`; 1 out of date under `--check`.
 * @throws UsageError (exit 2) for bad flags.
 */
export function profileDocsMain(
  argv: readonly string[],
  io: ProfileDocsIo = { out: process.stdout, err: process.stderr },
): number {
  const flags = parseFlags(argv, PROFILE_DOCS_FLAGS);
  if (flags.help) {
    io.out.write(PROFILE_DOCS_USAGE);
    return EXIT.ok;
  }
  const root = io.root ?? REPO_ROOT;
  let stale = 0;
  for (const { path, content } of profileDocsWanted(root)) {
    const full = join(root, path);
    const current = existsSync(full) ? readFileSync(full, 'utf8') : undefined;
    if (current === content) {
      if (!flags.check) io.out.write(`${path}: up to date\n`);
      continue;
    }
    stale++;
    if (flags.check) {
      io.err.write(`${path} is out of date: run \`npm run profile:docs\` and commit it\n`);
    } else {
      writeFileAtomic(full, content);
      io.out.write(`${path}: written\n`);
    }
  }
  return flags.check && stale > 0 ? EXIT.negative : EXIT.ok;
}
