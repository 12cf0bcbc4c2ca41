import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runHandoff } from '../../scripts/handoff/command';
import { verifyBundle } from '../../scripts/handoff/verify';
import { DEFAULT_PROFILE_PATH } from '../../stacks/profile/load';

let out: string;

beforeAll(async () => {
  // GIVEN the default profile deploying into a resource group the customer already has
  const dir = mkdtempSync(join(tmpdir(), 'handoff-rg-'));
  const profile = join(dir, 'existing-rg.yaml');
  writeFileSync(profile, `${readFileSync(DEFAULT_PROFILE_PATH, 'utf8')}\nresourceGroup:\n  create: false\n`);
  out = join(dir, 'bundle');
  // WHEN the bundle is built
  await runHandoff(['--profile', profile, '--out', out], {});
});

const read = (path: string) => readFileSync(join(out, path), 'utf8');

describe('handoff bundle for an existing resource group', () => {
  it('reads the group with a data source and never creates it', () => {
    expect(read('terraform/main.tf')).toContain('data "azurerm_resource_group" "resource_group" {');
    expect(read('terraform/main.tf')).not.toContain('resource "azurerm_resource_group"');
  });

  it('gives the group name an example value, since the variable has no default', () => {
    expect(read('terraform/terraform.tfvars.example')).toContain('resource_group_name = "rg-vast-poc-existing"');
  });

  it('tells the customer the group stays on tear-down and how to check what is left', () => {
    const readme = read('README.md');
    expect(readme).toContain('The resource group existed before this configuration and stays');
    expect(readme).toContain('subgraph rg["Resource group var.resource_group_name (existing) · uksouth"]');
    expect(read('RUNBOOK.md')).toContain('--tag vast-poc-profile=vast-poc');
    expect(read('RUNBOOK.md')).not.toContain('az group exists');
  });

  it('verifies: checksums match and the HCL is fmt canonical where terraform exists', async () => {
    const steps = await verifyBundle(out);
    expect(steps.filter((s) => s.status === 'failed')).toEqual([]);
  });
});
