import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderHcl, renderTemplate } from '../../scripts/handoff/hcl';
import { cleanTerraform, type TerraformModel } from '../../scripts/handoff/terraform';
import { AZURERM_PROVIDER_VERSION } from '../../stacks/vast-poc-stack';
import { bundleFor, FAULT_DOMAINS_PROFILE_PATH } from './support';

const terraformOnPath = spawnSync('terraform', ['version'], { encoding: 'utf8' }).status === 0;

function model(resource: Record<string, unknown>, blocks: string[] = []): TerraformModel {
  return {
    document: cleanTerraform({
      terraform: { required_providers: { azurerm: { source: 'azurerm', version: AZURERM_PROVIDER_VERSION } } },
      resource: resource as never,
    }),
    blocks: new Set(blocks),
  };
}

describe('renderTemplate', () => {
  it('unwraps a string that is one interpolation', () => {
    // GIVEN "${var.x}" WHEN rendered THEN it is the bare expression
    expect(renderTemplate('${var.resource_group_name}')).toEqual(['var.resource_group_name']);
  });

  it('keeps quotes inside an interpolation and escapes them in literal text', () => {
    // GIVEN a template mixing literal quotes and an expression with a string WHEN rendered THEN only the literal is escaped
    expect(renderTemplate('say "${format("%s", var.x)}"')).toEqual(['"say \\"${format("%s", var.x)}\\""']);
  });

  it('keeps escaped template sequences escaped', () => {
    // GIVEN a literal "$${" WHEN rendered THEN it stays "$${"
    expect(renderTemplate('cost $${x}')).toEqual(['"cost $${x}"']);
  });
});

describe('renderHcl', () => {
  it('writes nested blocks as blocks and maps as attributes', () => {
    // GIVEN a resource with a block (os_disk) and a map (tags) WHEN rendered THEN os_disk is a block and tags an object
    const hcl = renderHcl(
      model({ azurerm_thing: { a: { name: 'x', os_disk: { caching: 'ReadWrite' }, tags: { owner: 'me' } } } }, [
        'resource:azurerm_thing/os_disk',
      ]),
    )['main.tf'];
    expect(hcl).toBe(
      'resource "azurerm_thing" "a" {\n  name = "x"\n  tags = {\n    owner = "me"\n  }\n\n  os_disk {\n    caching = "ReadWrite"\n  }\n}\n',
    );
  });

  it('writes depends_on as bare references', () => {
    // GIVEN depends_on strings WHEN rendered THEN they are references, not strings
    const hcl = renderHcl(model({ azurerm_thing: { a: { name: 'x', depends_on: ['azurerm_other.b'] } } }))['main.tf'];
    expect(hcl).toContain('depends_on = [\n    azurerm_other.b,\n  ]');
  });

  it('fails when a resource uses a meta-argument the renderer does not cover', () => {
    // GIVEN a resource with for_each WHEN rendered THEN the renderer refuses it
    expect(() => renderHcl(model({ azurerm_thing: { a: { for_each: '${var.x}' } } }))).toThrow(
      /"for_each" is not supported/,
    );
  });

  it('fails when the local backend path is absolute', () => {
    // GIVEN a local backend with an absolute path WHEN cleaned THEN it is refused
    expect(() =>
      cleanTerraform({
        terraform: { backend: { local: { path: '/home/someone/state' } }, required_providers: {} },
      }),
    ).toThrow(/must be relative/);
  });
});

describe('terraform fmt', () => {
  const reason = terraformOnPath ? '' : ' (SKIPPED: no terraform binary on PATH)';
  for (const [label, path] of [
    ['default profile', undefined],
    ['fault-domains profile', FAULT_DOMAINS_PROFILE_PATH],
  ] as const) {
    it.skipIf(!terraformOnPath)(`accepts the HCL and tfvars examples of the ${label} unchanged${reason}`, () => {
      // GIVEN the bundle's .tf files, the tfvars example saved as .tfvars and examples/*.tfvars
      // WHEN terraform fmt -check runs THEN it passes
      const dir = mkdtempSync(join(tmpdir(), 'handoff-fmt-'));
      const files = bundleFor(path).files;
      expect(files.filter((f) => f.path.startsWith('examples/') && f.path.endsWith('.tfvars'))).toHaveLength(1);
      for (const f of files) {
        if (!f.path.startsWith('terraform/') && !f.path.startsWith('examples/')) continue;
        const target = join(dir, f.path.replace(/\.example$/, ''));
        mkdirSync(dirname(target), { recursive: true });
        writeFileSync(target, f.content);
      }
      const run = spawnSync('terraform', ['fmt', '-check', '-diff', '-recursive', dir], { encoding: 'utf8' });
      expect(run.stdout).toBe('');
      expect(run.status).toBe(0);
    });
  }
});
