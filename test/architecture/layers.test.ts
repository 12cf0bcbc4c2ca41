// Layering guard (issue 12 item 6): lib/ is the bottom layer, then constructs/, then stacks/, then scripts/.
// A lower layer never imports from a higher one; in particular stacks/ and constructs/ never import scripts/.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '..', '..');

/** For each guarded layer, the top-level folders it must not import from. */
const FORBIDDEN: Record<string, readonly string[]> = {
  lib: ['constructs', 'stacks', 'scripts', 'test'],
  constructs: ['stacks', 'scripts', 'test'],
  stacks: ['scripts', 'test'],
};

function* sourceFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(full);
    else if (/\.(ts|mts|cts|js|mjs|cjs)$/.test(entry.name)) yield full;
  }
}

/**
 * Every module specifier in `text`: static imports and re-exports, `import type`, dynamic `import()` and
 * `require()`, as TypeScript's own pre-processor finds them (comments and strings are not mistaken for imports).
 */
function importSpecifiers(text: string): string[] {
  return ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName);
}

/**
 * The imports in the file at `file` (absolute, inside ROOT) that reach a top-level folder its layer must not
 * import from, as "<file>: <specifier>" lines. Only relative specifiers can reach project folders.
 */
function violations(file: string, text: string): string[] {
  const layer = relative(ROOT, file).split(sep)[0]!;
  const forbidden = FORBIDDEN[layer] ?? [];
  return importSpecifiers(text)
    .filter((spec) => spec.startsWith('.'))
    .filter((spec) => forbidden.includes(relative(ROOT, resolve(dirname(file), spec)).split(sep)[0]!))
    .map((spec) => `${relative(ROOT, file)}: ${spec}`);
}

describe('layer boundaries', () => {
  it('no file under lib/, constructs/ or stacks/ imports from a higher layer (scripts/ above all)', () => {
    // GIVEN every source file of the guarded layers
    const files = Object.keys(FORBIDDEN).flatMap((layer) => [...sourceFiles(join(ROOT, layer))]);
    expect(files.length).toBeGreaterThan(20);
    // WHEN their import specifiers are resolved
    const found = files.flatMap((file) => violations(file, readFileSync(file, 'utf8')));
    // THEN none reaches a forbidden folder
    expect(found).toEqual([]);
  });

  it('fails when a stacks/ file imports scripts/ statically, as a type, dynamically or through require', () => {
    // GIVEN a stacks/ source with each kind of import into scripts/ (and one harmless comment)
    const file = join(ROOT, 'stacks', 'profile', 'example.ts');
    const text = [
      `// import { x } from '../../scripts/lib/cli';`,
      `import { reportFailure } from '../../scripts/lib/cli';`,
      `import type { Plan } from '../../scripts/planning/plan';`,
      `export { EXIT } from '../../scripts/lib/cli';`,
      `const m = await import('../../scripts/handoff/model');`,
      `const r = require('../../scripts/report');`,
      `import { loadProfile } from './load';`,
    ].join('\n');
    // WHEN it is checked
    const found = violations(file, text);
    // THEN the five real imports are reported, the comment and the same-layer import are not
    expect(found).toEqual([
      'stacks/profile/example.ts: ../../scripts/lib/cli',
      'stacks/profile/example.ts: ../../scripts/planning/plan',
      'stacks/profile/example.ts: ../../scripts/lib/cli',
      'stacks/profile/example.ts: ../../scripts/handoff/model',
      'stacks/profile/example.ts: ../../scripts/report',
    ]);
  });

  it('fails when a constructs/ file imports stacks/ or lib/ imports constructs/', () => {
    // GIVEN a construct importing the stack layer and a lib module importing a construct
    const construct = join(ROOT, 'constructs', 'network', 'example.ts');
    const libModule = join(ROOT, 'lib', 'example.ts');
    // WHEN they are checked
    const found = [
      ...violations(construct, `import { Profile } from '../../stacks/profile/schema';`),
      ...violations(libModule, `import { x } from '../constructs/shared/validation';`),
      ...violations(construct, `import { EXIT } from '../../lib/failure';`),
    ];
    // THEN the two upward imports are reported and the downward one into lib/ is not
    expect(found).toEqual([
      'constructs/network/example.ts: ../../stacks/profile/schema',
      'lib/example.ts: ../constructs/shared/validation',
    ]);
  });
});
