import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PLAN_USAGE } from '../../scripts/planning/command';
import { UsageError } from '../../scripts/lib/cli';
import { VAST_POC_COMMANDS, vastPocMain } from '../../scripts/vast-poc';

function capture(): { write: (s: string) => boolean; text: () => string } {
  let text = '';
  return { write: (s) => ((text += s), true), text: () => text };
}

const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
  bin: Record<string, string>;
  scripts: Record<string, string>;
};

describe('vast-poc', () => {
  it('lists every command with --help and exits 0', async () => {
    // GIVEN the entry WHEN run with --help THEN every command is listed with the exit codes
    const out = capture();
    expect(await vastPocMain(['--help'], out)).toBe(0);
    for (const name of Object.keys(VAST_POC_COMMANDS)) expect(out.text()).toMatch(new RegExp(`^  ${name} `, 'm'));
    expect(out.text()).toMatch(/^Exit codes: 0 /m);
  });

  it("passes the rest of the arguments to the command's own main", async () => {
    // GIVEN `vast-poc plan --help` WHEN run THEN it prints the plan command's usage
    const out = capture();
    const writes: string[] = [];
    const original = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((s: string) => (writes.push(s), true)) as typeof process.stdout.write;
    try {
      expect(await vastPocMain(['plan', '--help'], out)).toBe(0);
    } finally {
      process.stdout.write = original;
    }
    expect(writes.join('')).toBe(PLAN_USAGE);
  });

  it('fails when the command is unknown, naming the nearest one (exit 2)', async () => {
    await expect(vastPocMain(['pln'], capture())).rejects.toThrow(
      new UsageError(
        `unknown command "pln" (did you mean plan?); commands: ${Object.keys(VAST_POC_COMMANDS).join(', ')}`,
      ),
    );
  });

  it('dispatches only to commands that npm run also has, and the bin points at its entry', () => {
    for (const name of Object.keys(VAST_POC_COMMANDS)) expect(pkg.scripts[name], name).toBeDefined();
    expect(pkg.bin['vast-poc']).toBe('bin/vast-poc');
  });
});
