import { TerraformVariable } from 'cdktf';
import { describe, expect, it } from 'vitest';
import { NodePool, type NodePoolProps } from '../../../constructs/compute/node-pool';
import { only, synthScope } from '../../support/terraform';
import { NODE_POOL_PROPS } from './fixtures';

const props: NodePoolProps = NODE_POOL_PROPS;

function synth(overrides: Partial<NodePoolProps> = {}) {
  return only(
    synthScope((scope) => new NodePool(scope, 'nodes', { ...props, ...overrides })),
    'azurerm_orchestrated_virtual_machine_scale_set',
  );
}

describe('NodePool', () => {
  it('deploys the catalog size with the requested instance count in one zone', () => {
    expect(synth()).toMatchObject({
      name: 'vmss-poc',
      sku_name: 'Standard_L80s_v3',
      instances: 6,
      zones: ['1'],
      platform_fault_domain_count: 1,
    });
  });

  it('takes the instance count from a Terraform variable in a zonal scale set', () => {
    // GIVEN instances as a variable token WHEN synthesized THEN the scale set references the variable
    const json = synthScope((scope) => {
      const count = new TerraformVariable(scope, 'node_count', { type: 'number', default: 8 }).numberValue;
      new NodePool(scope, 'nodes', { ...props, instances: count });
    });
    expect(only(json, 'azurerm_orchestrated_virtual_machine_scale_set').instances).toBe('${var.node_count}');
  });

  it('fails when the instance count is a Terraform expression with explicit fault domains (one VM per node)', () => {
    // GIVEN a regional pool with explicit fault domains WHEN instances is a variable THEN it is refused by name
    expect(() =>
      synthScope((scope) => {
        const count = new TerraformVariable(scope, 'node_count', { type: 'number', default: 4 }).numberValue;
        new NodePool(scope, 'nodes', {
          ...props,
          instances: count,
          zones: undefined,
          platformFaultDomainCount: 2,
          explicitFaultDomains: true,
        });
      }),
    ).toThrow(/instances must be a number, not a Terraform expression, when explicitFaultDomains is true/);
  });

  it('defaults to 8 instances', () => {
    const { instances: _omit, ...rest } = props;
    expect(
      only(
        synthScope((s) => new NodePool(s, 'n', rest)),
        'azurerm_orchestrated_virtual_machine_scale_set',
      ).instances,
    ).toBe(8);
  });

  it('gives every node one NIC with accelerated networking and no public IP', () => {
    const nics = synth().network_interface as Array<Record<string, any>>;
    expect(nics).toHaveLength(1);
    for (const nic of nics) {
      expect(nic.enable_accelerated_networking).toBe(true);
      for (const ip of nic.ip_configuration) {
        expect(ip.public_ip_address).toBeUndefined();
        expect(ip.subnet_id).toBe(props.subnetId);
      }
    }
  });

  it('allows SSH keys only, from a variable', () => {
    const linux = (synth().os_profile as any).linux_configuration;
    expect(linux.disable_password_authentication).toBe(true);
    expect(linux.admin_password).toBeUndefined();
    expect(linux.admin_ssh_key).toEqual([{ username: 'vastadmin', public_key: '${var.ssh_public_key}' }]);
  });

  it('runs as the user-assigned identity', () => {
    expect(synth().identity).toEqual({ type: 'UserAssigned', identity_ids: [props.identityId] });
  });

  it('protects ephemeral NVMe: regular priority, manual upgrades, no automatic repair block at all', () => {
    const vmss = synth();
    expect(vmss).toMatchObject({ priority: 'Regular', upgrade_mode: 'Manual' });
    // azurerm refuses any automatic_instance_repair block without a health extension, even enabled = false.
    expect(vmss).not.toHaveProperty('automatic_instance_repair');
  });

  it('uses a managed, uncached Premium OS disk, never an ephemeral one', () => {
    const disk = synth().os_disk as Record<string, unknown>;
    // "None": Lsv3 sizes and L96s_v4 do not support Premium Storage caching.
    expect(disk).toMatchObject({ storage_account_type: 'Premium_LRS', caching: 'None', disk_size_gb: 64 });
    expect(disk.diff_disk_settings).toBeUndefined();
  });

  it('boots a Gen2 NVMe-capable image with boot diagnostics and encryption at host', () => {
    expect(synth()).toMatchObject({
      source_image_reference: { publisher: 'Canonical', offer: 'ubuntu-24_04-lts', sku: 'server' },
      boot_diagnostics: {},
      encryption_at_host_enabled: true,
    });
  });

  it('turns encryption at host off when asked', () => {
    expect(synth({ encryptionAtHost: false }).encryption_at_host_enabled).toBe(false);
  });

  it('carries cloud-init custom data that checks the NVMe disks the size promises', () => {
    const data = Buffer.from(String((synth().os_profile as any).custom_data), 'base64').toString('utf8');
    expect(data.startsWith('#cloud-config\n')).toBe(true);
    const script = /path: \/usr\/local\/sbin\/vast-node-prepare[\s\S]*?content: (\S+)/.exec(data)![1];
    expect(Buffer.from(script, 'base64').toString('utf8')).toContain('EXPECTED=10');
  });

  it('places a regional set with three fault domains in a proximity placement group', () => {
    const vmss = synth({ zones: undefined, platformFaultDomainCount: 3, proximityPlacementGroupId: 'ppg-id' });
    expect(vmss.zones).toBeUndefined();
    expect(vmss).toMatchObject({ platform_fault_domain_count: 3, proximity_placement_group_id: 'ppg-id' });
  });

  it('fails when zones and fault-domain count 3 are combined', () => {
    expect(() => synth({ platformFaultDomainCount: 3 })).toThrow(
      'platformFaultDomainCount must be 1 when zones are set (Azure refuses a zonal Flexible scale set with more fault domains), got 3',
    );
  });

  it('fails when a proximity placement group and a capacity reservation group are combined', () => {
    expect(() => synth({ zones: undefined, proximityPlacementGroupId: 'p', capacityReservationGroupId: 'c' })).toThrow(
      /capacityReservationGroupId must not be set together with proximityPlacementGroupId/,
    );
  });

  it('fails when the size is not an L-series size', () => {
    expect(() => synth({ vmSize: 'Standard_D4s_v5' as never })).toThrow(
      /vmSize must be one of the catalog L-series sizes .*got "Standard_D4s_v5"/,
    );
  });

  it('fails when more than one zone is given', () => {
    expect(() => synth({ zones: ['1', '2'] })).toThrow(
      'zones must hold exactly one zone (the cluster is pinned to one), got [1, 2]',
    );
  });

  it('fails when a v4 size is given a Gen1 image', () => {
    expect(() =>
      synth({
        vmSize: 'Standard_L96s_v4',
        image: { publisher: 'Canonical', offer: '0001-com-ubuntu-server-jammy', sku: '22_04-lts', version: 'latest' },
      }),
    ).toThrow(
      'image.sku must be a Gen2 image for Standard_L96s_v4 (v4 and v5 sizes boot only Gen2 images with NVMe support), got "22_04-lts"',
    );
  });

  it('fails when the instance count is out of range', () => {
    expect(() => synth({ instances: 0 })).toThrow('instances must be a whole number from 1 to 1000, got 0');
  });
});
