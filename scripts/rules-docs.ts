/**
 * `npm run rules:docs [-- --check]`: writes `docs/rules.md` from the policy rule registry. With `--check`, writes
 * nothing and exits 1 when the file is out of date (for CI).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderRulesMarkdown, RULES_DOC_PATH } from '../constructs/policy/rules-doc';
import { EXIT, parseFlags, runCli, writeFileAtomic } from './lib/cli';

runCli((argv) => {
  const flags = parseFlags(argv, { check: { type: 'boolean', default: false } });
  const path = join(__dirname, '..', RULES_DOC_PATH);
  const wanted = renderRulesMarkdown();
  const current = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
  if (flags.check) {
    if (current === wanted) return EXIT.ok;
    process.stderr.write(`${RULES_DOC_PATH} is out of date: run \`npm run rules:docs\` and commit it\n`);
    return EXIT.negative;
  }
  if (current !== wanted) writeFileAtomic(path, wanted);
  process.stdout.write(`${RULES_DOC_PATH}: ${current === wanted ? 'up to date' : 'written'}\n`);
  return EXIT.ok;
});
