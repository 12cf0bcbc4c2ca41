import { describe, expect, it } from 'vitest';
import { ManagementNode, type ManagementNodeProps } from '../../../constructs/compute/management-node';
import { only, synthScope } from '../../support/terraform';

const props: ManagementNodeProps = {
  namePrefix: 'poc',
  resourceGroupName: 'rg-poc',
  location: 'uksouth',
  vmSize: 'Standard_D8s_v5',
  zone: '2',
  subnetId: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/nodes',
  identityId: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id',
  adminUsername: 'vastadmin',
  sshPublicKey: '${var.ssh_public_key}',
  tags: { owner: 't', purpose: 'p', expiry: '2027-01-01' },
};

function synth(overrides: Partial<ManagementNodeProps> = {}) {
  return synthScope((scope) => new ManagementNode(scope, 'management', { ...props, ...overrides }));
}

describe('ManagementNode', () => {
  it('is one Linux VM of the catalog size in the nodes zone, SSH keys only, with the nodes identity', () => {
    const vm = only(synth(), 'azurerm_linux_virtual_machine');
    expect(vm).toMatchObject({
      name: 'vm-poc-vms',
      size: 'Standard_D8s_v5',
      zone: '2',
      disable_password_authentication: true,
      admin_ssh_key: [{ username: 'vastadmin', public_key: '${var.ssh_public_key}' }],
      identity: { type: 'UserAssigned', identity_ids: [props.identityId] },
      encryption_at_host_enabled: true,
      priority: 'Regular',
      os_disk: { storage_account_type: 'Premium_LRS', caching: 'ReadWrite', disk_size_gb: 64 },
    });
    expect(vm.admin_password).toBeUndefined();
    expect(vm.proximity_placement_group_id).toBeUndefined();
    expect(vm.custom_data).toBeUndefined();
  });

  it('has a private NIC with accelerated networking and no public IP', () => {
    const nic = only(synth(), 'azurerm_network_interface');
    expect(nic).toMatchObject({
      accelerated_networking_enabled: true,
      ip_forwarding_enabled: false,
      ip_configuration: [{ subnet_id: props.subnetId, private_ip_address_allocation: 'Dynamic' }],
    });
    expect(JSON.stringify(nic)).not.toContain('public_ip');
  });

  it('joins the nodes proximity placement group instead of a zone when given one', () => {
    const vm = only(
      synth({ zone: undefined, proximityPlacementGroupId: '${azurerm_proximity_placement_group.p.id}' }),
      'azurerm_linux_virtual_machine',
    );
    expect(vm.zone).toBeUndefined();
    expect(vm.proximity_placement_group_id).toBe('${azurerm_proximity_placement_group.p.id}');
  });

  it('fails when the size is not in the general-purpose catalog', () => {
    expect(() => synth({ vmSize: 'Standard_L8s_v3' as never })).toThrow(
      /^vmSize must be one of the catalog general-purpose sizes \(.*\), got "Standard_L8s_v3"$/,
    );
  });

  it('fails when the zone is not 1, 2 or 3', () => {
    expect(() => synth({ zone: '4' })).toThrow('zone must be one of "1", "2", "3", got "4"');
  });
});
