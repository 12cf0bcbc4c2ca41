// Terraform addresses in comments and docs are the readable ones the stack synthesizes (construct path, no hash
// suffix: see allocateLogicalId in stacks/vast-poc-stack.ts). Guards against examples such as
// `azurerm_storage_account.offload_account_3329713A` coming back (issue 12, item 7).
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '..', '..');
const SCANNED = ['lib', 'constructs', 'stacks', 'scripts', 'docs', 'README.md'];

/** `<type>.<name>_<8 hex digits>`: an address with cdktf's default hash suffix. */
const HASHED_ADDRESS = /\b[a-z][a-z0-9]*_[a-z0-9_]+\.[\w-]+_[0-9A-F]{8}\b/g;

function* files(path: string): Generator<string> {
  const full = join(ROOT, path);
  if (/\.(ts|md)$/.test(path)) {
    yield full;
    return;
  }
  for (const entry of readdirSync(full, { withFileTypes: true })) {
    const rel = join(path, entry.name);
    if (entry.isDirectory()) yield* files(rel);
    else if (/\.(ts|md)$/.test(entry.name)) yield join(ROOT, rel);
  }
}

/** Every hash-suffixed address in `text`, as "<file>: <address>". */
function hashedAddresses(file: string, text: string): string[] {
  return [...text.matchAll(HASHED_ADDRESS)].map((m) => `${relative(ROOT, file)}: ${m[0]}`);
}

describe('Terraform addresses in sources and docs', () => {
  it('are never shown with a hash suffix', () => {
    // GIVEN every source and document WHEN scanned THEN no address carries a hash suffix
    const found = SCANNED.flatMap((p) => [...files(p)]).flatMap((f) => hashedAddresses(f, readFileSync(f, 'utf8')));
    expect(found).toEqual([]);
  });

  it('fails when a comment shows a hash-suffixed address, and not for the readable one', () => {
    // GIVEN a comment with a stale and a readable address WHEN scanned THEN only the stale one is reported
    const text = '/** e.g. `azurerm_subnet.network_node-subnet_A124BC81`, now `azurerm_subnet.network_node-subnet` */';
    expect(hashedAddresses(join(ROOT, 'x.ts'), text)).toEqual(['x.ts: azurerm_subnet.network_node-subnet_A124BC81']);
  });
});
