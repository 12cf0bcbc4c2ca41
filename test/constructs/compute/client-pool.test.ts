import { describe, expect, it } from 'vitest';
import { ClientPool, renderClientCloudInit, type ClientPoolProps } from '../../../constructs/compute/client-pool';
import { only, synthScope } from '../../support/terraform';

const props: ClientPoolProps = {
  namePrefix: 'poc',
  resourceGroupName: 'rg-poc',
  location: 'uksouth',
  vmSize: 'Standard_D16s_v5',
  instances: 3,
  zone: '1',
  subnetId: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/clients',
  adminUsername: 'vastadmin',
  sshPublicKey: '${var.ssh_public_key}',
  tags: { owner: 't', purpose: 'p', expiry: '2027-01-01' },
};

function synth(overrides: Partial<ClientPoolProps> = {}) {
  return synthScope((scope) => new ClientPool(scope, 'clients', { ...props, ...overrides }));
}

describe('ClientPool', () => {
  it('is a Flexible scale set of the catalog size and count in the nodes zone', () => {
    expect(only(synth(), 'azurerm_orchestrated_virtual_machine_scale_set')).toMatchObject({
      name: 'vmss-poc-clients',
      sku_name: 'Standard_D16s_v5',
      instances: 3,
      zones: ['1'],
      platform_fault_domain_count: 1,
      encryption_at_host_enabled: true,
    });
  });

  it('gives each client one private NIC with accelerated networking in the client subnet', () => {
    const vmss = only(synth(), 'azurerm_orchestrated_virtual_machine_scale_set');
    expect(vmss.network_interface).toEqual([
      expect.objectContaining({
        enable_accelerated_networking: true,
        ip_configuration: [expect.objectContaining({ subnet_id: props.subnetId })],
      }),
    ]);
    expect(JSON.stringify(vmss.network_interface)).not.toContain('public_ip');
  });

  it('installs the NFS client and fio at first boot and logs in with SSH keys only', () => {
    const vmss = only(synth(), 'azurerm_orchestrated_virtual_machine_scale_set');
    const os = vmss.os_profile as { custom_data: string; linux_configuration: Record<string, unknown> };
    const cloudInit = Buffer.from(os.custom_data, 'base64').toString('utf8');
    expect(cloudInit).toBe(renderClientCloudInit());
    expect(cloudInit).toMatch(/^#cloud-config\n/);
    expect(cloudInit).toContain('  - nfs-common\n  - fio\n');
    expect(os.linux_configuration).toMatchObject({ disable_password_authentication: true });
  });

  it('takes the nodes proximity placement group when there is no zone', () => {
    const vmss = only(
      synth({ zone: undefined, proximityPlacementGroupId: '${azurerm_proximity_placement_group.p.id}' }),
      'azurerm_orchestrated_virtual_machine_scale_set',
    );
    expect(vmss.zones).toBeUndefined();
    expect(vmss.proximity_placement_group_id).toBe('${azurerm_proximity_placement_group.p.id}');
  });

  it('fails when the count is out of range', () => {
    expect(() => synth({ instances: 0 })).toThrow('instances must be a whole number from 1 to 64, got 0');
  });

  it('fails when the size is not in the catalog', () => {
    expect(() => synth({ vmSize: 'Standard_D2s_v5' as never })).toThrow(/got "Standard_D2s_v5"$/);
  });
});
