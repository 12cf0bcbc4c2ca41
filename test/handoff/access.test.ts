import { describe, expect, it } from 'vitest';
import { buildBundle } from '../../scripts/handoff/bundle';
import type { BundleFile } from '../../scripts/handoff/integrity';
import { buildPlan } from '../../scripts/planning/plan';
import { synthesizeTerraform } from '../../scripts/handoff/terraform';
import { renderPortTable } from '../../constructs/network/vast-ports';
import { profileWith } from '../support/terraform';
import { bundleFor, file } from './support';

const HUB =
  '/subscriptions/00000000-0000-0000-0000-00000000abcd/resourceGroups/rg-hub/providers/Microsoft.Network/virtualNetworks/vnet-hub';

/** The bundle of the base test profile with `patch` applied. */
function bundleWith(patch: Record<string, unknown>): readonly BundleFile[] {
  const profile = profileWith(patch);
  return buildBundle({ profile, terraform: synthesizeTerraform(profile), plan: buildPlan(profile) });
}

/** One file of a bundle's file list. */
function fileOf(files: readonly BundleFile[], path: string): string {
  const f = files.find((x) => x.path === path);
  if (!f) throw new Error(`no ${path} in the bundle`);
  return f.content;
}

function section(markdown: string, title: string): string {
  const start = markdown.indexOf(`\n## ${title}\n`);
  if (start < 0) throw new Error(`no section ${title}`);
  const end = markdown.indexOf('\n## ', start + 1);
  return markdown.slice(start, end < 0 ? undefined : end);
}

describe('handoff: connecting clients', () => {
  it('prints the NFS mount with nconnect and the port table from the code for the profile protocols', () => {
    // GIVEN the default profile's bundle WHEN the README is read
    const readme = file(bundleFor(), 'README.md');
    const part = section(readme, 'Connecting clients');
    // THEN the section names the client_cidrs input, shows an nconnect mount and carries the rendered table
    expect(part).toContain('the networks you give in the `client_cidrs` input');
    expect(part).toMatch(/sudo mount -t nfs -o vers=3,proto=tcp,nconnect=8,.* <data VIP>:\/<view path> \/mnt\/vast/);
    expect(part).toContain(renderPortTable({ protocols: ['nfs'] }).trimEnd());
  });

  it('draws the management node, the client pool and a peered network in the topology', () => {
    const files = bundleWith({
      clientPool: { enabled: true, subnet: '10.40.2.0/24' },
      access: { peerings: [{ remoteVirtualNetworkId: HUB }] },
    });
    const topology = section(fileOf(files, 'README.md'), 'Topology');
    expect(topology).toMatch(/\["Management VM vm-unit-test-vms<br\/>Standard_D8s_v5 \(zone 1\)"\]/);
    expect(topology).toMatch(/\["Client pool vmss-unit-test-clients<br\/>2 × Standard_D16s_v5, NFS client and fio"\]/);
    expect(topology).toMatch(/\["Customer VNet vnet-hub<br\/>peered: its clients reach the nodes"\]/);
    expect(topology).toMatch(/ <-- peering --> /);
  });

  it("gives the remote network owner the peering command in the RUNBOOK when this side can't create it", () => {
    const files = bundleWith({ access: { peerings: [{ remoteVirtualNetworkId: HUB, createRemote: false }] } });
    const peering = section(fileOf(files, 'RUNBOOK.md'), 'Peering');
    expect(peering).toContain(
      "az network vnet peering create --subscription 00000000-0000-0000-0000-00000000abcd --resource-group 'rg-hub' --vnet-name 'vnet-hub' --name 'peer-vnet-hub-to-unit-test' --remote-vnet \"$VNET_ID\" --allow-vnet-access true",
    );
    expect(peering).toContain(
      'VNET_ID=$(az network vnet show --resource-group "$RG" --name vnet-unit-test --query id -o tsv)',
    );
  });

  it('says both sides are created when the profile lets it create the remote side', () => {
    const files = bundleWith({ access: { peerings: [{ remoteVirtualNetworkId: HUB, createRemote: true }] } });
    const peering = section(fileOf(files, 'RUNBOOK.md'), 'Peering');
    expect(peering).toContain('Both sides of every peering are created by this configuration.');
    expect(peering).not.toContain('az network vnet peering create');
  });
});
