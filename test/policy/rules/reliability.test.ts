import { NetworkInterface } from '@cdktf/provider-azurerm/lib/network-interface';
import { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group';
import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';
import { StorageAccount } from '@cdktf/provider-azurerm/lib/storage-account';
import { TerraformLocal } from 'cdktf';
import { describe, expect, it } from 'vitest';
import { ClusterNetwork } from '../../../constructs/network/cluster-network';
import { compliantPaths, evaluate, findingsOf, profile, profileStack, RAW, rawStack } from '../support';

const VMSS = 'vast-poc/nodes/vmss';

describe('VAZ-REL-001 zonal resources in the profile zone', () => {
  it('passes the NAT gateway, its public IP, the scale set and the management node in zone 1', () => {
    const report = evaluate(profileStack());
    expect(compliantPaths(report, 'VAZ-REL-001').sort()).toEqual([
      'vast-poc/management/vm',
      'vast-poc/network/nat',
      'vast-poc/network/nat-ip',
      VMSS,
    ]);
  });

  it('passes the zone-less NAT gateway, public IP, PPG, scale set and VMs of a regional (fault-domains) cluster', () => {
    // GIVEN the fault-domains profile (regional scale set, PPG without a zone)
    const report = evaluate(profileStack(profile('fault-domains')));
    // THEN every zone-capable resource is checked and none carries a zone
    const paths = compliantPaths(report, 'VAZ-REL-001');
    expect(paths).toEqual(
      expect.arrayContaining([
        'vast-poc-fd/placement/ppg',
        'vast-poc-fd/network/nat',
        'vast-poc-fd/network/nat-ip',
        'vast-poc-fd/nodes/vmss',
        'vast-poc-fd/nodes/vm-00',
      ]),
    );
    expect(findingsOf(report, 'VAZ-REL-001')).toEqual([]);
  });

  it("fails when a regional cluster's NAT gateway is given a zone", () => {
    // GIVEN the fault-domains profile with the NAT gateway overridden to zone 1
    const stack = profileStack(profile('fault-domains'));
    if (!(stack.network instanceof ClusterNetwork)) throw new Error('the profile creates its network');
    stack.network.natGateway.addOverride('zones', ['1']);
    // WHEN the pack runs  THEN the NAT gateway is reported as zonal in a regional cluster
    expect(findingsOf(evaluate(stack), 'VAZ-REL-001').map((f) => [f.path, f.detail])).toEqual([
      ['vast-poc-fd/network/nat', 'zones is ["1"] but the cluster is regional (placement fault-domains)'],
    ]);
  });

  it('fails when the NAT gateway is moved to another zone', () => {
    // GIVEN a NAT gateway overridden to zone 2 in a zone-1 profile
    const stack = profileStack();
    if (!(stack.network instanceof ClusterNetwork)) throw new Error('the default profile creates its network');
    stack.network.natGateway.addOverride('zones', ['2']);
    // WHEN the pack runs
    const [finding] = findingsOf(evaluate(stack), 'VAZ-REL-001');
    // THEN the gateway and both zones are named
    expect(finding).toMatchObject({
      path: 'vast-poc/network/nat',
      detail: 'zones holds "2", not the profile zone "1"',
    });
  });
});

describe('VAZ-REL-002 no zones with more than one fault domain on a Flexible scale set', () => {
  it('passes the zonal scale set with one fault domain', () => {
    expect(compliantPaths(evaluate(profileStack()), 'VAZ-REL-002')).toEqual([VMSS]);
  });

  it('fails when a zonal scale set gets three fault domains', () => {
    // GIVEN the zonal scale set overridden to 3 fault domains (the construct refuses this)
    const stack = profileStack();
    stack.nodes.scaleSet.addOverride('platform_fault_domain_count', 3);
    // WHEN the pack runs
    const [finding] = findingsOf(evaluate(stack), 'VAZ-REL-002');
    // THEN both attributes are named
    expect(finding?.detail).toBe('zones is ["1"] and platform_fault_domain_count is 3');
  });
});

describe('VAZ-REL-003 accelerated networking on every NIC', () => {
  it('passes the node pool NIC and the management node NIC', () => {
    expect(compliantPaths(evaluate(profileStack()), 'VAZ-REL-003').sort()).toEqual(['vast-poc/management/nic', VMSS]);
  });

  it('fails when the scale set NIC turns accelerated networking off', () => {
    // GIVEN the node NIC without accelerated networking
    const stack = profileStack();
    stack.nodes.scaleSet.addOverride('network_interface', [
      {
        name: 'nic',
        primary: true,
        enable_accelerated_networking: false,
        ip_configuration: [{ name: 'ipconfig', primary: true, subnet_id: 'snet' }],
      },
    ]);
    // WHEN the pack runs
    const [finding] = findingsOf(evaluate(stack), 'VAZ-REL-003');
    // THEN the NIC is named
    expect(finding?.detail).toBe('network_interface "nic" does not enable accelerated networking');
  });

  it('fails when a NIC resource leaves accelerated networking unset', () => {
    // GIVEN a raw NIC with the provider default (off)
    const stack = rawStack();
    new NetworkInterface(stack, 'nic', {
      ...RAW,
      name: 'nic',
      ipConfiguration: [{ name: 'ip', subnetId: 'snet', privateIpAddressAllocation: 'Dynamic' }],
    });
    // WHEN the pack runs  THEN the NIC is reported
    expect(findingsOf(evaluate(stack), 'VAZ-REL-003').map((f) => f.path)).toEqual(['raw/nic']);
  });
});

describe('VAZ-REL-004..007 NVMe node safety', () => {
  it('passes the node pool on every NVMe rule', () => {
    const report = evaluate(profileStack());
    for (const id of ['VAZ-REL-004', 'VAZ-REL-005', 'VAZ-REL-006', 'VAZ-REL-007']) {
      expect(compliantPaths(report, id), id).toEqual([VMSS]);
    }
  });

  it.each([
    ['VAZ-REL-004', 'priority', 'Spot', 'priority is "Spot" on Standard_L96s_v4'],
    ['VAZ-REL-005', 'automatic_instance_repair.enabled', true, 'automatic_instance_repair.enabled is true'],
    ['VAZ-REL-006', 'upgrade_mode', 'Automatic', 'upgrade_mode is "Automatic" on Standard_L96s_v4'],
    [
      'VAZ-REL-007',
      'os_disk.diff_disk_settings',
      { option: 'Local', placement: 'ResourceDisk' },
      'os_disk.diff_disk_settings makes the OS disk ephemeral',
    ],
  ])('fails %s when %s is overridden', (id, attribute, value, detail) => {
    // GIVEN the scale set with one NVMe safeguard removed through an escape hatch
    const stack = profileStack();
    stack.nodes.scaleSet.addOverride(attribute, value);
    // WHEN the pack runs
    const findings = findingsOf(evaluate(stack), id);
    // THEN exactly that rule reports the scale set
    expect(findings).toHaveLength(1);
    expect(findings[0]?.path).toBe(VMSS);
    expect(findings[0]?.detail.startsWith(detail)).toBe(true);
  });

  it('ignores Spot on a size without local NVMe', () => {
    // GIVEN a Spot scale set on a general-purpose size
    const stack = profileStack();
    stack.nodes.scaleSet.addOverride('sku_name', 'Standard_D4s_v5');
    stack.nodes.scaleSet.addOverride('priority', 'Spot');
    // WHEN the pack runs  THEN the Spot rule does not apply to it
    const report = evaluate(stack);
    expect(report.checks.filter((c) => c.ruleId === 'VAZ-REL-004')).toEqual([]);
  });
});

describe('VAZ-REL-008 Gen2 NVMe-capable image on v4/v5 sizes', () => {
  it('passes the default Ubuntu 24.04 image on a v4 size', () => {
    expect(compliantPaths(evaluate(profileStack()), 'VAZ-REL-008')).toEqual([VMSS]);
  });

  it('does not apply to v3 sizes, which boot Gen1 images', () => {
    // GIVEN the fault-domains profile on Standard_L80s_v3
    const report = evaluate(profileStack(profile('fault-domains')));
    // THEN the rule has no verdict
    expect(report.checks.filter((c) => c.ruleId === 'VAZ-REL-008')).toEqual([]);
  });

  it('fails when a v4 size gets a Gen1 image through an override', () => {
    // GIVEN a Gen1 SKU on Standard_L96s_v4 (the construct refuses this)
    const stack = profileStack();
    stack.nodes.scaleSet.addOverride('source_image_reference.sku', '22_04-lts');
    // WHEN the pack runs
    const [finding] = findingsOf(evaluate(stack), 'VAZ-REL-008');
    // THEN the SKU and size are named
    expect(finding?.detail).toBe('source_image_reference.sku "22_04-lts" is a Gen1 image on Standard_L96s_v4');
  });
});

describe('VAZ-REL-009 soft delete on the offload account', () => {
  it('passes the offload account', () => {
    expect(compliantPaths(evaluate(profileStack()), 'VAZ-REL-009')).toEqual(['vast-poc/offload/account']);
  });

  it('fails when an account has no retention policies', () => {
    // GIVEN a storage account without blob_properties
    const stack = rawStack();
    new StorageAccount(stack, 'account', {
      ...RAW,
      name: 'stnosoftdelete',
      accountTier: 'Standard',
      accountReplicationType: 'LRS',
    });
    // WHEN the pack runs
    const [finding] = findingsOf(evaluate(stack), 'VAZ-REL-009');
    // THEN both missing policies are named
    expect(finding?.detail).toBe(
      'blob_properties.delete_retention_policy is unset; blob_properties.container_delete_retention_policy is unset',
    );
  });
});

describe('VAZ-REL-010 required tags', () => {
  it('passes every taggable resource of the default stack', () => {
    // GIVEN the default profile  WHEN the pack runs
    const report = evaluate(profileStack());
    // THEN every taggable resource was checked (17 of them, the management VM and its NIC included) and none is
    // missing a tag
    expect(compliantPaths(report, 'VAZ-REL-010')).toHaveLength(17);
    expect(compliantPaths(report, 'VAZ-REL-010')).toEqual(
      expect.arrayContaining(['vast-poc/management/vm', 'vast-poc/management/nic']),
    );
    expect(findingsOf(report, 'VAZ-REL-010')).toEqual([]);
  });

  it('does not apply to resources that take no tags', () => {
    // GIVEN a role assignment (no tags attribute)
    const stack = rawStack();
    new RoleAssignment(stack, 'ra', {
      scope: '${azurerm_storage_account.x.id}',
      roleDefinitionName: 'R',
      principalId: 'p',
    });
    // WHEN the pack runs  THEN the tag rule has no verdict on it
    expect(evaluate(stack).checks.filter((c) => c.ruleId === 'VAZ-REL-010')).toEqual([]);
  });

  it('fails when a taggable resource has no tags', () => {
    // GIVEN a resource group without tags
    const stack = rawStack();
    new ResourceGroup(stack, 'rg', { name: 'rg', location: RAW.location });
    // WHEN the pack runs
    const [finding] = findingsOf(evaluate(stack), 'VAZ-REL-010');
    // THEN the required tags are listed
    expect(finding?.detail).toBe('tags is unset; required: owner, purpose, expiry');
  });

  it('follows a reference to a local: the stack keeps its tags in local.common_tags', () => {
    // GIVEN a resource group whose tags are a reference to a local holding the required tags
    const stack = rawStack();
    const tags = new TerraformLocal(stack, 'common_tags', { ...RAW.tags }).asStringMap;
    new ResourceGroup(stack, 'rg', { name: 'rg', location: RAW.location, tags });
    // WHEN the pack runs  THEN the local's value is checked and complies
    const report = evaluate(stack);
    expect(compliantPaths(report, 'VAZ-REL-010')).toEqual(['raw/rg']);
    expect(findingsOf(report, 'VAZ-REL-010')).toEqual([]);
  });

  it('fails when the local the tags reference lacks a required tag', () => {
    // GIVEN tags from a local without "expiry"
    const stack = rawStack();
    const tags = new TerraformLocal(stack, 'common_tags', { owner: 'me', purpose: 'poc' }).asStringMap;
    new ResourceGroup(stack, 'rg', { name: 'rg', location: RAW.location, tags });
    // WHEN the pack runs
    const [finding] = findingsOf(evaluate(stack), 'VAZ-REL-010');
    // THEN the missing tag is named, as for literal tags
    expect(finding?.detail).toBe('tag "expiry" is missing');
  });

  it('fails when the expiry tag is not a date', () => {
    // GIVEN a resource group whose expiry is free text
    const stack = rawStack();
    new ResourceGroup(stack, 'rg', {
      name: 'rg',
      location: RAW.location,
      tags: { owner: 'me', purpose: 'poc', expiry: 'soon' },
    });
    // WHEN the pack runs
    const [finding] = findingsOf(evaluate(stack), 'VAZ-REL-010');
    // THEN the value is named
    expect(finding?.detail).toBe('tag "expiry" is "soon", not a YYYY-MM-DD date');
  });
});
