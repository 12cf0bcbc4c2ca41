/** Issue 10 item 7: the bundle scan reads inside base64 custom data, where a text search sees nothing. */
import { describe, expect, it } from 'vitest';
import { buildBundle, decodedCustomData } from '../../scripts/handoff/bundle';
import { synthesizeTerraform } from '../../scripts/handoff/terraform';
import { buildPlan } from '../../scripts/planning/plan';
import { profileWith } from '../support/terraform';

/** A validated profile with a bootstrap script put on it directly (the loader's own scan is bypassed). */
function withScript(script: string) {
  const p = profileWith();
  return { ...p, nodes: { ...p.nodes, bootstrapScript: script, bootstrapScriptPath: 'install.sh' } };
}

describe('bundle scan of custom data', () => {
  it('fails when the decoded custom data names a path of this machine', () => {
    // GIVEN a bootstrap script that sources a file from the producing machine's repository
    const profile = withScript('#!/bin/sh\n. /srv/work/vast-azure-poc/secrets.env\n');
    const terraform = synthesizeTerraform(profile);
    // WHEN the bundle is built with that repository as a machine path
    const build = () =>
      buildBundle({ profile, terraform, plan: buildPlan(profile), machinePaths: ['/srv/work/vast-azure-poc'] });
    // THEN it refuses, naming the custom data of the scale set
    expect(build).toThrow(
      /main\.tf\.json \(azurerm_orchestrated_virtual_machine_scale_set\.nodes_vmss\.custom_data, decoded\): absolute machine path/,
    );
  });

  it('decodes the cloud-init document and the script inside it', () => {
    // GIVEN a script with a marker WHEN the custom data is decoded THEN both layers are readable
    const terraform = synthesizeTerraform(withScript('#!/bin/sh\necho MARKER-42\n'));
    const [decoded] = decodedCustomData(terraform.document);
    expect(decoded?.content).toContain('#cloud-config');
    expect(decoded?.content).toContain('echo MARKER-42');
  });

  it('builds the bundle of a clean script', () => {
    // GIVEN a harmless script WHEN the bundle is built THEN no finding stops it
    const profile = withScript('#!/bin/sh\necho ready\n');
    const files = buildBundle({
      profile,
      terraform: synthesizeTerraform(profile),
      plan: buildPlan(profile),
      machinePaths: ['/srv/work/vast-azure-poc'],
    });
    expect(files.some((f) => f.path === 'README.md')).toBe(true);
  });
});
