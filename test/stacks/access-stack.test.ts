import { describe, expect, it } from 'vitest';
import { DEFAULT_PROFILE_PATH, loadProfile } from '../../stacks/profile/load';
import { named, only, profileWith, resources, synthStack } from '../support/terraform';

const HUB =
  '/subscriptions/00000000-0000-0000-0000-00000000abcd/resourceGroups/rg-hub/providers/Microsoft.Network/virtualNetworks/vnet-hub';

describe('client access in the stack', () => {
  it('lets an NFS client from the client_cidrs variable reach every node on 111 and 2049 in the default profile', () => {
    // GIVEN the shipped default profile WHEN synthesized
    const json = synthStack(loadProfile(DEFAULT_PROFILE_PATH));
    // THEN the client rules take the validated variable and open NFS over TCP and UDP to the node subnet
    for (const name of ['AllowNfsTcpFromClientCidrs', 'AllowNfsUdpFromClientCidrs']) {
      expect(named(json, 'azurerm_network_security_rule', name)).toMatchObject({
        source_address_prefixes: '${var.client_cidrs}',
        destination_address_prefix: '10.40.0.0/24',
        destination_port_ranges: ['111', '2049'],
      });
    }
    expect(JSON.stringify(json.variable!.client_cidrs.validation)).toContain('>= 8');
  });

  it('places the management node in the node subnet, in the nodes zone, and outputs its private IP', () => {
    const json = synthStack(profileWith({ zone: '2' }));
    const vm = only(json, 'azurerm_linux_virtual_machine');
    expect(vm.zone).toBe('2');
    expect(only(json, 'azurerm_network_interface').ip_configuration).toEqual([
      expect.objectContaining({ subnet_id: '${azurerm_subnet.network_node_subnet.id}' }),
    ]);
    expect(json.output!.management_private_ip.value).toBe(
      '${azurerm_network_interface.management_nic.private_ip_address}',
    );
  });

  it('puts the management node in the nodes proximity placement group, with no zone, in fault-domains mode', () => {
    // GIVEN fault-domains placement (regional: no zone) WHEN synthesized
    const json = synthStack(
      profileWith({ zone: undefined, placement: { mode: 'fault-domains' }, nodes: { count: 4 } }),
    );
    // THEN the management VM joins the zone-less group, is in no scale set, and its size is allowed by the group
    const vm = named(json, 'azurerm_linux_virtual_machine', 'vm-unit-test-vms');
    expect(vm.proximity_placement_group_id).toBe('${azurerm_proximity_placement_group.placement_ppg.id}');
    expect(vm.zone).toBeUndefined();
    expect(vm.virtual_machine_scale_set_id).toBeUndefined();
    expect(only(json, 'azurerm_proximity_placement_group').allowed_vm_sizes).toContain(vm.size);
  });

  it('puts the client pool in the nodes proximity placement group, with no zone, in fault-domains mode', () => {
    // GIVEN fault-domains placement with a client pool WHEN synthesized
    const json = synthStack(
      profileWith({
        zone: undefined,
        placement: { mode: 'fault-domains' },
        nodes: { count: 4 },
        clientPool: { enabled: true, subnet: '10.40.2.0/24', count: 2 },
      }),
    );
    // THEN the pool has no zones, joins the group, and the group allows the pool's size
    const pool = named(json, 'azurerm_orchestrated_virtual_machine_scale_set', 'vmss-unit-test-clients');
    expect(pool.zones).toBeUndefined();
    expect(pool.proximity_placement_group_id).toBe('${azurerm_proximity_placement_group.placement_ppg.id}');
    expect(only(json, 'azurerm_proximity_placement_group').allowed_vm_sizes).toEqual([
      'Standard_L96s_v4',
      'Standard_D8s_v5',
      'Standard_D16s_v5',
    ]);
  });

  it('creates no management node when management.enabled is false', () => {
    const json = synthStack(profileWith({ management: { enabled: false } }));
    expect(resources(json, 'azurerm_linux_virtual_machine')).toEqual([]);
    expect(json.output!.management_private_ip).toBeUndefined();
  });

  it('adds the client pool in its own subnet, with the nodes zone, when enabled', () => {
    const json = synthStack(profileWith({ clientPool: { enabled: true, subnet: '10.40.2.0/24', count: 3 } }));
    const pool = named(json, 'azurerm_orchestrated_virtual_machine_scale_set', 'vmss-unit-test-clients');
    expect(pool).toMatchObject({ instances: 3, zones: ['1'], sku_name: 'Standard_D16s_v5' });
    expect(json.output!.client_subnet_id.value).toBe('${azurerm_subnet.network_client_subnet.id}');
    expect(named(json, 'azurerm_network_security_rule', 'AllowNfsTcpFromClientSubnet').source_address_prefixes).toEqual(
      ['10.40.2.0/24'],
    );
    // The variable may be empty: the pool alone is a client.
    expect(json.variable!.client_cidrs.default).toEqual([]);
  });

  it('lists the open ports and where they are open from as an output', () => {
    const json = synthStack(profileWith({ access: { clientCidrs: ['10.50.0.0/16'] } }));
    expect(json.output!.open_ports.value).toEqual([
      'AllowSshFromAdminCidrs: TCP 22 from admin CIDRs',
      'AllowManagementHttpsFromAdminCidrs: TCP 443 from admin CIDRs',
      'AllowNfsTcpFromClientCidrs: TCP 111, 2049 from client CIDRs',
      'AllowNfsUdpFromClientCidrs: UDP 111, 2049 from client CIDRs',
    ]);
    expect(json.variable!.client_cidrs).toBeUndefined();
  });

  it('peers the cluster network with a customer network', () => {
    const json = synthStack(profileWith({ access: { peerings: [{ remoteVirtualNetworkId: HUB }] } }));
    expect(only(json, 'azurerm_virtual_network_peering')).toMatchObject({
      virtual_network_name: '${azurerm_virtual_network.network_vnet.name}',
      remote_virtual_network_id: HUB,
    });
  });
});
