/**
 * `npm run bench`: runs every `scripts/bench/*.bench.ts` as its own process, one after another, and passes their
 * markdown output through. Figures belong in docs/benchmarks.md, never in timed tests.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const dir = __dirname;
const only = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.startsWith(o)))
  .sort();
let failed = 0;
for (const f of files) {
  process.stdout.write(`\n<!-- ${f} -->\n`);
  const r = spawnSync(
    process.execPath,
    [join(dir, '..', '..', 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(dir, f)],
    {
      stdio: 'inherit',
      env: { ...process.env, CHECKPOINT_DISABLE: '1' },
    },
  );
  if (r.status !== 0) {
    failed += 1;
    process.stderr.write(`benchmark ${f} failed with exit code ${r.status}\n`);
  }
}
process.exitCode = failed > 0 ? 1 : 0;
