/**
 * `npm run switch:cdktn -- --dir <checkout>`: moves a checkout from cdktf to CDK Terrain in one step, with the same
 * code the compatibility run (`npm run compat:cdktn`) proves on a temporary copy: package.json gets the fork's
 * packages, the constructs version it accepts and the provider override, and every `cdktf` and
 * `@cdktf/provider-azurerm/…` import specifier is renamed. Run `npm install` afterwards (docs/dependencies.md).
 *
 * Exit codes: 0 switched; 2 bad flags or a folder that is not a cdktf checkout of this project.
 */
import { resolve } from 'node:path';
import { EXIT, parseFlags, runCli, UsageError } from '../lib/cli';
import { applySwitch } from './switch';

runCli((argv) => {
  const flags = parseFlags(argv, { dir: { type: 'string' } });
  if (!flags.dir) throw new UsageError('--dir is required: the checkout to switch, e.g. --dir .');
  let result: ReturnType<typeof applySwitch>;
  try {
    result = applySwitch(resolve(flags.dir));
  } catch (e) {
    throw new UsageError(`--dir ${flags.dir}: ${(e as Error).message}`);
  }
  process.stdout.write(
    `package.json switched to the fork; ${result.specifiers} import specifier(s) renamed in ${result.files.length} file(s). Next: npm install\n`,
  );
  return EXIT.ok;
});
