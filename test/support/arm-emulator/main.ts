/**
 * `npm run arm-emulator`: runs the ARM emulator on its own until interrupted. See ./command.ts and `--help`.
 */
import { armEmulatorMain } from './command';

armEmulatorMain(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`error: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 2;
  },
);
