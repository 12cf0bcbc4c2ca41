/**
 * The pure parts of `npm run compat:cdktn`: the Terraform comparison and the switch (package.json and the import
 * rename). The full run installs packages and takes minutes, so it runs in CI (.ci/run), not here.
 *
 * Module specifiers in the fixtures are built from variables, so that the rename never rewrites this file itself.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareStacks, diffJson, formatDifferences, formatPath, type Json } from '../../scripts/compat-cdktn/compare';
import {
  applySwitch,
  FORK,
  renameFrameworkImports,
  switchPackageJson,
  type PackageJson,
} from '../../scripts/compat-cdktn/switch';

const CDKTF = 'cdktf';
const PROVIDER = '@cdktf/provider-azurerm';

/** A small stack as cdktf writes it: metadata, the provider pin and one resource. */
function stack(version: string, framework: string, extra: Record<string, Json> = {}): Json {
  return {
    '//': { metadata: { backend: 'local', stackName: 'vast-poc', version: framework } },
    terraform: {
      backend: { local: { path: 'terraform.tfstate' } },
      required_providers: { azurerm: { source: 'azurerm', version } },
    },
    resource: {
      azurerm_subnet: {
        nodes: {
          '//': { metadata: { path: 'vast-poc/network/nodes', uniqueId: 'nodes' } },
          address_prefixes: ['10.40.0.0/24'],
          name: 'snet-nodes',
          ...extra,
        },
      },
    },
  };
}

describe('compareStacks', () => {
  it('accepts output that differs only in metadata and the azurerm version pin', () => {
    // GIVEN cdktf output and fork output with another framework version in metadata and another azurerm pin
    const baseline = stack('1.0.0', '0.21.0');
    const candidate = stack('1.1.0', '0.24.0');
    // WHEN compared
    const c = compareStacks(baseline, candidate);
    // THEN nothing is unexpected and the pin change is reported as the allowed difference
    expect(c.unexpected).toEqual([]);
    expect(c.allowed).toEqual([
      {
        path: ['terraform', 'required_providers', 'azurerm', 'version'],
        kind: 'changed',
        before: '1.0.0',
        after: '1.1.0',
      },
    ]);
  });

  it('fails when a resource attribute changes', () => {
    // GIVEN fork output whose subnet name differs
    const baseline = stack('1.0.0', '0.21.0');
    const candidate = stack('1.1.0', '0.24.0', { name: 'snet-other' });
    // WHEN compared THEN the name is an unexpected difference, named by its path
    const c = compareStacks(baseline, candidate);
    expect(c.unexpected).toEqual([
      {
        path: ['resource', 'azurerm_subnet', 'nodes', 'name'],
        kind: 'changed',
        before: 'snet-nodes',
        after: 'snet-other',
      },
    ]);
  });

  it('fails when the fork adds an attribute or drops a list element', () => {
    // GIVEN fork output with an extra attribute and an empty address list
    const baseline = stack('1.0.0', '0.21.0');
    const candidate = stack('1.0.0', '0.24.0', { address_prefixes: [], default_outbound_access_enabled: false });
    // WHEN compared THEN both are unexpected
    const c = compareStacks(baseline, candidate);
    expect(c.unexpected.map((d) => [formatPath(d.path), d.kind])).toEqual([
      ['resource.azurerm_subnet.nodes.address_prefixes[0]', 'removed'],
      ['resource.azurerm_subnet.nodes.default_outbound_access_enabled', 'added'],
    ]);
  });

  it('fails when the provider source changes, even though the version beside it may', () => {
    // GIVEN fork output pinning another provider source
    const baseline = stack('1.0.0', '0.21.0');
    const candidate = stack('1.1.0', '0.24.0') as { terraform: { required_providers: { azurerm: object } } };
    candidate.terraform.required_providers.azurerm = { source: 'hashicorp/azurerm', version: '1.1.0' };
    // WHEN compared THEN the source is unexpected and only the version is allowed
    const c = compareStacks(baseline, candidate as Json);
    expect(c.unexpected.map((d) => formatPath(d.path))).toEqual(['terraform.required_providers.azurerm.source']);
    expect(c.allowed).toHaveLength(1);
  });

  it('fails when a version pin is added where the baseline had none', () => {
    // GIVEN a baseline without required_providers and a candidate with it
    const baseline: Json = { terraform: {} };
    const candidate: Json = { terraform: { required_providers: { azurerm: { version: '1.1.0' } } } };
    // WHEN compared THEN the addition is not the allowed change of an existing pin
    expect(compareStacks(baseline, candidate).unexpected.map((d) => d.kind)).toEqual(['added']);
  });
});

describe('diffJson', () => {
  it('ignores metadata keys at every depth', () => {
    // GIVEN documents that differ only under // keys WHEN diffed THEN there is no difference
    expect(diffJson({ '//': 1, a: { '//': { x: 1 }, b: [1] } }, { '//': 2, a: { '//': { y: 2 }, b: [1] } })).toEqual(
      [],
    );
  });

  it('reports a type change as a changed value', () => {
    // GIVEN a number that became a string WHEN diffed THEN one change with both values
    expect(diffJson({ n: 8 }, { n: '8' })).toEqual([{ path: ['n'], kind: 'changed', before: 8, after: '8' }]);
  });
});

describe('formatDifferences', () => {
  it('prints one line per difference and counts the rest beyond the limit', () => {
    // GIVEN three differences and a limit of two WHEN formatted THEN two lines and a remainder line
    const lines = formatDifferences(diffJson({ a: 1, b: 2, 'c.d': 3 }, { a: 2, b: 3 }), 2);
    expect(lines).toEqual(['~ a: 1 -> 2', '~ b: 2 -> 3', '… and 1 more']);
  });
});

describe('renameFrameworkImports', () => {
  it('renames cdktf and provider specifiers in every import form', () => {
    // GIVEN imports, a type import, a re-export, a dynamic import and requires (one a template) of both packages
    const source = [
      `import { App, TerraformStack } from '${CDKTF}';`,
      `import type { ITerraformDependable } from "${CDKTF}";`,
      `import { Subnet } from '${PROVIDER}/lib/subnet';`,
      `export { ResourceGroup } from '${PROVIDER}/lib/resource-group';`,
      `const lazy = await import('${CDKTF}');`,
      `const { AzurermProvider } = require('${PROVIDER}/lib/provider');`,
      `import pkg from '${PROVIDER}/package.json';`,
      'const mod = require(`' + PROVIDER + "/lib/${type.replace(/_/g, '-')}`);",
    ].join('\n');
    // WHEN renamed
    const { text, count } = renameFrameworkImports(source);
    // THEN every specifier points at the fork and nothing else changed
    expect(count).toBe(8);
    expect(text).toBe(
      [
        `import { App, TerraformStack } from 'cdktn';`,
        `import type { ITerraformDependable } from "cdktn";`,
        `import { Subnet } from '@cdktn/provider-azurerm/lib/subnet';`,
        `export { ResourceGroup } from '@cdktn/provider-azurerm/lib/resource-group';`,
        `const lazy = await import('cdktn');`,
        `const { AzurermProvider } = require('@cdktn/provider-azurerm/lib/provider');`,
        `import pkg from '@cdktn/provider-azurerm/package.json';`,
        "const mod = require(`@cdktn/provider-azurerm/lib/${type.replace(/_/g, '-')}`);",
      ].join('\n'),
    );
  });

  it('leaves strings that only mention cdktf alone', () => {
    // GIVEN annotation types, the output folder, a CLI call and a look-alike package
    const source = [
      `const type = '@cdktf/warn';`,
      `const out = '${CDKTF}.out';`,
      `run('${CDKTF} deploy');`,
      `import { x } from '${CDKTF}-cli';`,
      `import { y } from '@cdktf/provider-azuread/lib/user';`,
    ].join('\n');
    // WHEN renamed THEN nothing changes
    expect(renameFrameworkImports(source)).toEqual({ text: source, count: 0 });
  });
});

describe('switchPackageJson', () => {
  const original: PackageJson = {
    name: 'vast-azure-poc',
    dependencies: { '@cdktf/provider-azurerm': '14.23.1', cdktf: '0.21.0', constructs: '10.4.2', zx: '8.8.5' },
    devDependencies: { 'cdktf-cli': '0.21.0', tsx: '4.23.15' },
    scripts: { deploy: 'CHECKPOINT_DISABLE=1 cdktf deploy', synth: 'tsx scripts/synth.ts' },
  };

  it('swaps each cdktf package for its fork in the same section, pinned exactly, with the provider override', () => {
    // GIVEN the project's package.json WHEN switched
    const pkg = switchPackageJson(original);
    // THEN the fork packages replace cdktf's, constructs is in the fork's range and the provider accepts cdktn 0.24
    expect(pkg.dependencies).toEqual({
      '@cdktn/provider-azurerm': FORK.provider.version,
      cdktn: FORK.core.version,
      constructs: FORK.constructs,
      zx: '8.8.5',
    });
    expect(pkg.devDependencies).toEqual({ 'cdktn-cli': FORK.cli.version, tsx: '4.23.15' });
    expect(pkg.overrides).toEqual({ '@cdktn/provider-azurerm': { cdktn: '$cdktn' } });
    expect(pkg.scripts).toEqual({ deploy: 'CHECKPOINT_DISABLE=1 cdktn deploy', synth: 'tsx scripts/synth.ts' });
  });

  it('fails when the package.json has already been switched', () => {
    // GIVEN a switched package.json WHEN switched again THEN the error names the missing cdktf package
    expect(() => switchPackageJson(switchPackageJson(original))).toThrow(
      'package.json does not depend on cdktf; nothing to switch',
    );
  });
});

describe('applySwitch', () => {
  it('rewrites package.json and every source file below the root, skipping node_modules', () => {
    // GIVEN a checkout with sources at two depths and an installed package that imports cdktf
    const root = mkdtempSync(join(tmpdir(), 'switch-'));
    const pkg: PackageJson = {
      dependencies: { cdktf: '0.21.0', [PROVIDER]: '14.23.1', constructs: '10.4.2' },
      devDependencies: { 'cdktf-cli': '0.21.0' },
    };
    writeFileSync(join(root, 'package.json'), JSON.stringify(pkg));
    mkdirSync(join(root, 'stacks'));
    mkdirSync(join(root, 'node_modules', 'dep'), { recursive: true });
    writeFileSync(join(root, 'stacks', 'app.ts'), `import { App } from '${CDKTF}';\n`);
    writeFileSync(join(root, 'main.ts'), `import { Subnet } from '${PROVIDER}/lib/subnet';\nconst x = 1;\n`);
    writeFileSync(join(root, 'node_modules', 'dep', 'index.ts'), `import { App } from '${CDKTF}';\n`);
    // WHEN the switch is applied
    const result = applySwitch(root);
    // THEN both sources are renamed, the installed package is untouched and package.json names the fork
    expect(result).toEqual({ files: ['main.ts', 'stacks/app.ts'], specifiers: 2 });
    expect(readFileSync(join(root, 'stacks', 'app.ts'), 'utf8')).toBe(`import { App } from 'cdktn';\n`);
    expect(readFileSync(join(root, 'node_modules', 'dep', 'index.ts'), 'utf8')).toBe(
      `import { App } from '${CDKTF}';\n`,
    );
    expect(Object.keys(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).dependencies)).toEqual([
      '@cdktn/provider-azurerm',
      'cdktn',
      'constructs',
    ]);
  });
});
