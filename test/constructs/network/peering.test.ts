import { describe, expect, it } from 'vitest';
import { ClusterPeerings, parseVirtualNetworkId, remotePeeringCommand } from '../../../constructs/network/peering';
import { resources, synthScope } from '../../support/terraform';

const HUB =
  '/subscriptions/00000000-0000-0000-0000-00000000abcd/resourceGroups/rg-hub/providers/Microsoft.Network/virtualNetworks/vnet-hub';
const SPOKE =
  '/subscriptions/00000000-0000-0000-0000-00000000ef01/resourceGroups/rg-app/providers/Microsoft.Network/virtualNetworks/vnet-app';
const base = {
  namePrefix: 'poc',
  resourceGroupName: 'rg-poc',
  virtualNetworkName: 'vnet-poc',
  virtualNetworkId: '${azurerm_virtual_network.network_vnet.id}',
};

describe('ClusterPeerings', () => {
  it('creates the cluster side of each peering, traffic only', () => {
    const json = synthScope(
      (s) =>
        new ClusterPeerings(s, 'peering', {
          ...base,
          peerings: [{ remoteVirtualNetworkId: HUB, createRemote: false }],
        }),
    );
    expect(resources(json, 'azurerm_virtual_network_peering')).toEqual([
      expect.objectContaining({
        name: 'peer-poc-to-vnet-hub',
        resource_group_name: 'rg-poc',
        virtual_network_name: 'vnet-poc',
        remote_virtual_network_id: HUB,
        allow_virtual_network_access: true,
        allow_forwarded_traffic: false,
        allow_gateway_transit: false,
        use_remote_gateways: false,
      }),
    ]);
    expect(json.provider).toBeUndefined();
  });

  it('creates the remote side through a provider aliased to the remote subscription when asked', () => {
    const json = synthScope(
      (s) =>
        new ClusterPeerings(s, 'peering', {
          ...base,
          peerings: [
            { remoteVirtualNetworkId: HUB, createRemote: true },
            { remoteVirtualNetworkId: SPOKE, createRemote: true },
          ],
        }),
    );
    const remote = resources(json, 'azurerm_virtual_network_peering').filter(
      (p) => p.virtual_network_name !== 'vnet-poc',
    );
    expect(remote.map((p) => [p.name, p.resource_group_name, p.remote_virtual_network_id, p.provider])).toEqual([
      ['peer-vnet-hub-to-poc', 'rg-hub', base.virtualNetworkId, 'azurerm.peer0'],
      ['peer-vnet-app-to-poc', 'rg-app', base.virtualNetworkId, 'azurerm.peer1'],
    ]);
    expect((json.provider!.azurerm as Record<string, unknown>[]).map((p) => [p.alias, p.subscription_id])).toEqual([
      ['peer0', '00000000-0000-0000-0000-00000000abcd'],
      ['peer1', '00000000-0000-0000-0000-00000000ef01'],
    ]);
  });

  it('writes the command the remote network owner runs', () => {
    const peering = {
      remote: { ...parseVirtualNetworkId(HUB, 'id'), id: HUB },
      localName: 'a',
      remoteName: 'peer-vnet-hub-to-poc',
      createRemote: false,
    };
    expect(remotePeeringCommand(peering, '<cluster vnet id>')).toBe(
      "az network vnet peering create --subscription 00000000-0000-0000-0000-00000000abcd --resource-group 'rg-hub' --vnet-name 'vnet-hub' --name 'peer-vnet-hub-to-poc' --remote-vnet '<cluster vnet id>' --allow-vnet-access true",
    );
  });

  it('fails when a remote id is malformed', () => {
    expect(() =>
      parseVirtualNetworkId('/subscriptions/abc/resourceGroups/rg', 'peerings[0].remoteVirtualNetworkId'),
    ).toThrow(
      /^peerings\[0\]\.remoteVirtualNetworkId must be a virtual network resource id \(.*\), got "\/subscriptions\/abc\/resourceGroups\/rg"$/,
    );
  });

  it('fails when the same network is peered twice', () => {
    expect(() =>
      synthScope(
        (s) =>
          new ClusterPeerings(s, 'peering', {
            ...base,
            peerings: [
              { remoteVirtualNetworkId: HUB, createRemote: false },
              { remoteVirtualNetworkId: HUB, createRemote: true },
            ],
          }),
      ),
    ).toThrow(`peerings[1].remoteVirtualNetworkId must not repeat another peering, got "${HUB}"`);
  });
});
