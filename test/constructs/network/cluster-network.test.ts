import { describe, expect, it } from 'vitest';
import { ClusterNetwork, type ClusterNetworkProps } from '../../../constructs/network/cluster-network';
import { only, resources, synthScope } from '../../support/terraform';

const props: ClusterNetworkProps = {
  namePrefix: 'poc',
  resourceGroupName: 'rg-poc',
  location: 'uksouth',
  zone: '2',
  addressSpace: '10.40.0.0/16',
  nodeSubnetCidr: '10.40.0.0/24',
  privateEndpointSubnetCidr: '10.40.1.0/27',
  adminCidrs: ['203.0.113.0/24'],
  tags: { owner: 't', purpose: 'p', expiry: '2027-01-01' },
};

function synth(overrides: Partial<ClusterNetworkProps> = {}) {
  return synthScope((scope) => new ClusterNetwork(scope, 'network', { ...props, ...overrides }));
}

describe('ClusterNetwork', () => {
  it('creates a VNet with the address space and two subnets without default outbound access', () => {
    const json = synth();
    expect(only(json, 'azurerm_virtual_network')).toMatchObject({ name: 'vnet-poc', address_space: ['10.40.0.0/16'] });
    const subnets = resources(json, 'azurerm_subnet');
    expect(subnets.map((s) => s.address_prefixes)).toEqual(
      expect.arrayContaining([['10.40.0.0/24'], ['10.40.1.0/27']]),
    );
    for (const s of subnets) expect(s.default_outbound_access_enabled).toBe(false);
  });

  it('allows inbound only within the node subnet and SSH from the admin CIDRs, then denies everything', () => {
    const json = synth();
    const rules = resources(json, 'azurerm_network_security_rule').filter((r) =>
      String(r.network_security_group_name).includes('node-nsg'),
    );
    const byName = Object.fromEntries(rules.map((r) => [r.name, r]));
    expect(byName.AllowIntraSubnetInbound).toMatchObject({
      direction: 'Inbound',
      access: 'Allow',
      priority: 100,
      source_address_prefix: '10.40.0.0/24',
      destination_address_prefix: '10.40.0.0/24',
    });
    expect(byName.AllowSshFromAdminCidrs).toMatchObject({
      access: 'Allow',
      protocol: 'Tcp',
      destination_port_range: '22',
      source_address_prefixes: ['203.0.113.0/24'],
    });
    expect(byName.DenyAllInbound).toMatchObject({ access: 'Deny', priority: 4096, source_address_prefix: '*' });
    // No allow rule takes traffic from anywhere.
    for (const r of rules.filter((x) => x.access === 'Allow')) {
      expect([r.source_address_prefix, ...((r.source_address_prefixes as string[]) ?? [])]).not.toContain('*');
    }
  });

  it('lets the endpoint subnet accept only HTTPS from the node subnet', () => {
    const json = synth();
    const rules = resources(json, 'azurerm_network_security_rule').filter((r) =>
      String(r.network_security_group_name).includes('endpoint-nsg'),
    );
    expect(rules.find((r) => r.access === 'Allow')).toMatchObject({
      source_address_prefix: '10.40.0.0/24',
      destination_port_range: '443',
      protocol: 'Tcp',
    });
    expect(rules.find((r) => r.access === 'Deny')).toMatchObject({ priority: 4096 });
    expect(resources(json, 'azurerm_subnet_network_security_group_association')).toHaveLength(2);
  });

  it('sends outbound traffic through a zonal NAT gateway with a zonal Standard public IP', () => {
    const json = synth();
    expect(only(json, 'azurerm_nat_gateway')).toMatchObject({ sku_name: 'Standard', zones: ['2'] });
    expect(only(json, 'azurerm_public_ip')).toMatchObject({
      sku: 'Standard',
      allocation_method: 'Static',
      zones: ['2'],
    });
    expect(only(json, 'azurerm_subnet_nat_gateway_association').subnet_id).toMatch(
      /azurerm_subnet\.network_node-subnet/,
    );
    expect(only(json, 'azurerm_nat_gateway_public_ip_association')).toMatchObject({
      nat_gateway_id: expect.stringMatching(/^\$\{azurerm_nat_gateway\./),
      public_ip_address_id: expect.stringMatching(/^\$\{azurerm_public_ip\./),
    });
  });

  it('tags every taggable resource', () => {
    const json = synth();
    for (const type of [
      'azurerm_virtual_network',
      'azurerm_network_security_group',
      'azurerm_nat_gateway',
      'azurerm_public_ip',
    ]) {
      for (const r of resources(json, type)) expect(r.tags).toEqual(props.tags);
    }
  });

  it('fails when the zone is outside 1–3', () => {
    expect(() => synth({ zone: '4' })).toThrow('zone must be one of "1", "2", "3", got "4"');
  });

  it('fails when a subnet lies outside the address space', () => {
    expect(() => synth({ nodeSubnetCidr: '10.99.0.0/24' })).toThrow(
      'nodeSubnetCidr must lie inside 10.40.0.0/16, got "10.99.0.0/24"',
    );
  });

  it('fails when the subnets overlap', () => {
    expect(() => synth({ privateEndpointSubnetCidr: '10.40.0.0/27' })).toThrow(
      'privateEndpointSubnetCidr must not overlap 10.40.0.0/24, got "10.40.0.0/27"',
    );
  });

  it('fails when no admin CIDR is given', () => {
    expect(() => synth({ adminCidrs: [] })).toThrow('adminCidrs must name at least one CIDR, got an empty list');
  });
});
