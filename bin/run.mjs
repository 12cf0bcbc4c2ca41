// `node bin/run.mjs <entry.ts> [args...]`: runs a command's compiled bundle (dist/<entry>.js) the way
// `tsx <entry.ts>` ran its source, after checking that the bundle was built from the current sources (bin/build.mjs
// rebuilds it first when not: a few milliseconds of stat calls when nothing changed, a second or so when something
// did). The entry is a path from the repository root, whatever the working folder. package.json's scripts,
// cdktf.json's `app` and bin/vast-poc all start here.
import { createRequire } from 'node:module';
import { ensureBuilt, entryOf, isEntry, outputOf } from './build.mjs';

const entry = process.argv[2] === undefined ? undefined : entryOf(process.argv[2]);
if (entry === undefined || !isEntry(entry)) {
  process.stderr.write(`bin/run.mjs: "${process.argv[2] ?? ''}" is not an entry point of bin/build.mjs\n`);
  process.exit(70);
}
await ensureBuilt([entry]);
// The command sees the arguments after the entry, as under `node dist/<entry>.js args...`.
process.argv.splice(1, 2, outputOf(entry));
createRequire(import.meta.url)(outputOf(entry));
