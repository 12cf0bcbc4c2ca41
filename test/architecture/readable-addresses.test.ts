// Terraform addresses in comments and docs are the readable ones the stack synthesizes (construct path, no hash
// suffix, snake_case: see allocateLogicalId in stacks/vast-poc-stack.ts). Guards against examples such as
// `azurerm_storage_account.offload_account_3329713A` (issue 12, item 7) or the hyphenated
// `azurerm_subnet.network_node-subnet` (issue 13, item 4) coming back.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProfile, SHIPPED_PROFILES_DIR } from '../../stacks/profile/load';
import { profileWith, synthStack, type TerraformJson } from '../support/terraform';

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

/** `azurerm_<type>.<name>` where the name has a hyphen: an address from before snake_case names. */
const HYPHENATED_ADDRESS = /\bazurerm_[a-z0-9_]+\.[a-z0-9_]*-[\w-]*/g;

/** A Terraform name in Terraform's own convention. */
const SNAKE_CASE = /^[a-z_][a-z0-9_]*$/;

/** Every hyphenated address in `text` (hash-suffixed ones are the other test's), as "<file>: <address>". */
function hyphenatedAddresses(file: string, text: string): string[] {
  return [...text.matchAll(HYPHENATED_ADDRESS)]
    .filter((m) => !/_[0-9A-F]{8}$/.test(m[0]))
    .map((m) => `${relative(ROOT, file)}: ${m[0]}`);
}

/** Every name a document declares: resources, data sources, locals, variables and outputs, as addresses. */
function declaredNames(json: TerraformJson & { data?: Record<string, Record<string, unknown>>; locals?: object }) {
  const typed = (kind: string, byType: Record<string, Record<string, unknown>> | undefined) =>
    Object.entries(byType ?? {}).flatMap(([type, byName]) => Object.keys(byName).map((n) => [kind + type, n] as const));
  return [
    ...typed('', json.resource),
    ...typed('data.', json.data),
    ...Object.keys(json.locals ?? {}).map((n) => ['local', n] as const),
    ...Object.keys(json.variable ?? {}).map((n) => ['var', n] as const),
    ...Object.keys(json.output ?? {}).map((n) => ['output', n] as const),
  ];
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
    const text = '/** e.g. `azurerm_subnet.network_node-subnet_A124BC81`, now `azurerm_subnet.network_node_subnet` */';
    expect(hashedAddresses(join(ROOT, 'x.ts'), text)).toEqual(['x.ts: azurerm_subnet.network_node-subnet_A124BC81']);
  });
});

describe('Terraform addresses the stack synthesizes', () => {
  // Every optional part on, so each construct family's ids are covered (shipped profiles leave most of them off).
  const everything = {
    resourceGroup: { create: false },
    clientPool: { enabled: true, subnet: '10.40.2.0/24', count: 2 },
    diagnostics: { enabled: true },
    capacityReservation: { enabled: true },
    access: {
      peerings: [
        {
          remoteVirtualNetworkId:
            '/subscriptions/00000000-0000-0000-0000-00000000abcd/resourceGroups/rg-hub/providers/Microsoft.Network/virtualNetworks/vnet-hub',
        },
      ],
    },
  };
  const cases: [string, () => TerraformJson][] = [
    ['default.yaml', () => synthStack(loadProfile(join(SHIPPED_PROFILES_DIR, 'default.yaml')))],
    ['fault-domains.yaml', () => synthStack(loadProfile(join(SHIPPED_PROFILES_DIR, 'fault-domains.yaml')))],
    ['every optional part enabled', () => synthStack(profileWith(everything))],
  ];

  it.each(cases)('are snake_case in %s', (_name, synth) => {
    // GIVEN the profile WHEN synthesized THEN every declared name is [a-z0-9_], starting with a letter or "_"
    const names = declaredNames(synth());
    expect(names.length).toBeGreaterThan(20);
    expect(names.filter(([, n]) => !SNAKE_CASE.test(n)).map(([k, n]) => `${k}.${n}`)).toEqual([]);
  });

  it.each(cases.slice(0, 2))('of %s are all in the CHANGELOG address mapping', (_name, synth) => {
    // GIVEN the mapping's "New address" column WHEN the shipped profile is synthesized THEN each address is in it
    const mapped = new Set(
      [
        ...readFileSync(join(ROOT, 'CHANGELOG.md'), 'utf8').matchAll(
          /^\| `[^`]+` \| (?:\(unchanged\) )?`([^`]+)` \|/gm,
        ),
      ].map((m) => m[1]),
    );
    const addresses = declaredNames(synth())
      .filter(([kind]) => !['local', 'var', 'output'].includes(kind))
      .map(([kind, n]) => `${kind}.${n}`);
    expect(addresses.length).toBeGreaterThan(30);
    expect(addresses.filter((a) => !mapped.has(a))).toEqual([]);
  });

  it('are never shown hyphenated in sources and docs', () => {
    // GIVEN every source and document WHEN scanned THEN no azurerm address has a hyphen in its name
    const found = SCANNED.flatMap((p) => [...files(p)]).flatMap((f) => hyphenatedAddresses(f, readFileSync(f, 'utf8')));
    expect(found).toEqual([]);
  });

  it('fails when a doc shows a hyphenated address, and not for the snake_case one', () => {
    // GIVEN a line with an old and a current address WHEN scanned THEN only the old one is reported
    const text =
      'unlock with `azurerm_management_lock.offload_delete-lock`, now `azurerm_management_lock.offload_delete_lock`';
    expect(hyphenatedAddresses(join(ROOT, 'x.md'), text)).toEqual([
      'x.md: azurerm_management_lock.offload_delete-lock',
    ]);
  });
});
