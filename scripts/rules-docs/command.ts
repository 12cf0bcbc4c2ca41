/**
 * The `rules:docs` command: writes `docs/rules.md` from the policy rule registry, or with `--check` says whether it is
 * up to date. `scripts/rules-docs.ts` runs it through `runCli`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderRulesMarkdown, RULES_DOC_PATH } from '../../constructs/policy/rules-doc';
import { EXIT, HELP_FLAG, parseFlags, writeFileAtomic } from '../lib/cli';
import { REPO_ROOT } from '../../lib/repo-root';

/** The flags rules:docs accepts. */
export const RULES_DOCS_FLAGS = { check: { type: 'boolean', default: false }, ...HELP_FLAG } as const;

/** Usage text of the command (`--help`). */
export const RULES_DOCS_USAGE = `Usage: npm run rules:docs [-- --check]

Writes ${RULES_DOC_PATH} from the policy rule registry (constructs/policy/); rewrites it only when it changed.

Options:
  --check      write nothing; exit 1 when ${RULES_DOC_PATH} is out of date (for CI; default: off)
  -h, --help   show this text

Environment: none.

Exit codes: 0 written or up to date; 1 out of date (--check); 2 bad flags; 70 a bug (or the file could not be written).
`;

/** Where the command writes and prints. */
export interface RulesDocsIo {
  readonly out: Pick<NodeJS.WritableStream, 'write'>;
  readonly err: Pick<NodeJS.WritableStream, 'write'>;
  /** The repository root, which holds `docs/`. @default the root of this checkout */
  readonly root?: string;
}

/**
 * Runs rules:docs.
 *
 * @returns 0 written, up to date or `--help`; 1 out of date under `--check`.
 * @throws UsageError (exit 2) for bad flags.
 */
export function rulesDocsMain(
  argv: readonly string[],
  io: RulesDocsIo = { out: process.stdout, err: process.stderr },
): number {
  const flags = parseFlags(argv, RULES_DOCS_FLAGS);
  if (flags.help) {
    io.out.write(RULES_DOCS_USAGE);
    return EXIT.ok;
  }
  const path = join(io.root ?? REPO_ROOT, RULES_DOC_PATH);
  const wanted = renderRulesMarkdown();
  const current = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
  if (flags.check) {
    if (current === wanted) return EXIT.ok;
    io.err.write(`${RULES_DOC_PATH} is out of date: run \`npm run rules:docs\` and commit it\n`);
    return EXIT.negative;
  }
  if (current !== wanted) writeFileAtomic(path, wanted);
  io.out.write(`${RULES_DOC_PATH}: ${current === wanted ? 'up to date' : 'written'}\n`);
  return EXIT.ok;
}
