import { describe, expect, it } from 'vitest';
import { TerraformVariable } from 'cdktf';
import { ClusterNetwork, type ClusterNetworkProps } from '../../../constructs/network/cluster-network';
import { INTERNAL_PORTS, PROTOCOL_PORTS, portsOverlap, protocolPorts } from '../../../constructs/network/vast-ports';
import { named, resources, synthScope } from '../../support/terraform';

const props: ClusterNetworkProps = {
  namePrefix: 'poc',
  resourceGroupName: 'rg-poc',
  location: 'uksouth',
  zone: '1',
  addressSpace: '10.40.0.0/16',
  nodeSubnetCidr: '10.40.0.0/24',
  privateEndpointSubnetCidr: '10.40.1.0/27',
  adminCidrs: ['203.0.113.0/24'],
  clientCidrs: ['10.50.0.0/16'],
  tags: { owner: 't', purpose: 'p', expiry: '2027-01-01' },
};

function synth(overrides: Partial<ClusterNetworkProps> = {}) {
  return synthScope((scope) => new ClusterNetwork(scope, 'network', { ...props, ...overrides }));
}

function nodeRules(json: ReturnType<typeof synth>) {
  return resources(json, 'azurerm_network_security_rule').filter((r) =>
    String(r.network_security_group_name).includes('node-nsg'),
  );
}

/** The ports an inbound Allow rule opens, as NSG writes them. */
function portsOf(rule: Record<string, unknown>): string[] {
  return rule.destination_port_ranges
    ? (rule.destination_port_ranges as string[])
    : [String(rule.destination_port_range)];
}

describe('ClusterNetwork client access', () => {
  it('lets an NFS client in a client CIDR reach every node on 111 and 2049 over TCP and UDP by default', () => {
    // GIVEN the default protocols (NFS) WHEN synthesized
    const rules = nodeRules(synth());
    // THEN one TCP and one UDP rule carry 111 and 2049 from the client CIDRs to the node subnet
    for (const [name, protocol] of [
      ['AllowNfsTcpFromClientCidrs', 'Tcp'],
      ['AllowNfsUdpFromClientCidrs', 'Udp'],
    ]) {
      const rule = rules.find((r) => r.name === name);
      expect(rule).toMatchObject({
        direction: 'Inbound',
        access: 'Allow',
        protocol,
        source_address_prefixes: ['10.50.0.0/16'],
        destination_address_prefix: '10.40.0.0/24',
        destination_port_ranges: ['111', '2049'],
      });
    }
  });

  it('opens nothing else from the client CIDRs when only NFS is offered', () => {
    const fromClients = nodeRules(synth()).filter(
      (r) => r.access === 'Allow' && JSON.stringify(r.source_address_prefixes) === '["10.50.0.0/16"]',
    );
    expect(fromClients.flatMap(portsOf).sort()).toEqual(['111', '111', '2049', '2049']);
  });

  it('keeps the deny-all rule last, below every allow rule', () => {
    const rules = nodeRules(synth({ protocols: ['nfs', 'smb', 's3', 'block'] }));
    const deny = rules.find((r) => r.name === 'DenyAllInbound')!;
    for (const r of rules.filter((x) => x.access === 'Allow')) {
      expect(r.priority as number).toBeLessThan(deny.priority as number);
    }
    expect(new Set(rules.map((r) => r.priority)).size).toBe(rules.length);
  });

  it('opens each offered protocol on the ports of the table, and only those', () => {
    const rules = nodeRules(synth({ protocols: ['smb', 's3', 'block'] }));
    expect(rules.find((r) => r.name === 'AllowSmbTcpFromClientCidrs')).toMatchObject({ destination_port_range: '445' });
    expect(rules.find((r) => r.name === 'AllowS3TcpFromClientCidrs')).toMatchObject({
      destination_port_ranges: protocolPorts(['s3'], 'Tcp'),
    });
    expect(rules.find((r) => r.name === 'AllowBlockTcpFromClientCidrs')).toMatchObject({
      destination_port_range: PROTOCOL_PORTS.block[0].port,
    });
    expect(rules.some((r) => String(r.name).startsWith('AllowNfs'))).toBe(false);
  });

  it('opens the VMS web UI and API (443) and SSH only from the admin CIDRs', () => {
    const rules = nodeRules(synth());
    const admin = rules.filter((r) => JSON.stringify(r.source_address_prefixes) === '["203.0.113.0/24"]');
    expect(admin.map((r) => [r.name, portsOf(r)])).toEqual([
      ['AllowManagementHttpsFromAdminCidrs', ['443']],
      ['AllowSshFromAdminCidrs', ['22']],
    ]);
  });

  it('never opens an internal cluster port from outside the node subnet', () => {
    const rules = nodeRules(synth({ protocols: ['nfs', 'smb', 's3', 'block'], clientSubnetCidr: '10.40.2.0/24' }));
    for (const r of rules.filter((x) => x.access === 'Allow' && x.source_address_prefix !== '10.40.0.0/24')) {
      for (const port of portsOf(r)) {
        for (const internal of INTERNAL_PORTS) expect(portsOverlap(port, internal.port)).toBe(false);
      }
    }
  });

  it('takes the client CIDRs from a Terraform variable when given a token', () => {
    const json = synthScope((scope) => {
      const v = new TerraformVariable(scope, 'client_cidrs', { type: 'list(string)' });
      new ClusterNetwork(scope, 'network', { ...props, clientCidrs: v.listValue });
    });
    expect(named(json, 'azurerm_network_security_rule', 'AllowNfsTcpFromClientCidrs').source_address_prefixes).toBe(
      '${var.client_cidrs}',
    );
  });

  it('writes no client rule when there are no client CIDRs and no client subnet', () => {
    const rules = nodeRules(synth({ clientCidrs: [] }));
    expect(rules.filter((r) => String(r.name).includes('Client'))).toEqual([]);
  });

  it('creates a client subnet with its own NSG and NAT association, and lets it reach the data ports', () => {
    const json = synth({ clientSubnetCidr: '10.40.2.0/24' });
    expect(named(json, 'azurerm_subnet', 'snet-poc-clients')).toMatchObject({
      address_prefixes: ['10.40.2.0/24'],
      default_outbound_access_enabled: false,
    });
    expect(named(json, 'azurerm_network_security_group', 'nsg-poc-clients')).toBeDefined();
    const clientNsgRules = resources(json, 'azurerm_network_security_rule').filter((r) =>
      String(r.network_security_group_name).includes('client-nsg'),
    );
    expect(clientNsgRules.map((r) => [r.name, r.access])).toEqual([
      ['AllowSshFromAdminCidrs', 'Allow'],
      ['DenyAllInbound', 'Deny'],
    ]);
    expect(resources(json, 'azurerm_subnet_nat_gateway_association')).toHaveLength(2);
    expect(resources(json, 'azurerm_subnet_network_security_group_association')).toHaveLength(3);
    expect(named(json, 'azurerm_network_security_rule', 'AllowNfsUdpFromClientSubnet')).toMatchObject({
      source_address_prefixes: ['10.40.2.0/24'],
      destination_port_ranges: ['111', '2049'],
    });
  });

  it('fails when a client CIDR is wider than /8', () => {
    expect(() => synth({ clientCidrs: ['0.0.0.0/0'] })).toThrow(
      'clientCidrs[0] must be /8 or longer (never the internet), got "0.0.0.0/0"',
    );
  });

  it('fails when a client CIDR overlaps the node subnet', () => {
    expect(() => synth({ clientCidrs: ['10.40.0.0/16'] })).toThrow(
      'clientCidrs[0] must not overlap 10.40.0.0/24, got "10.40.0.0/16"',
    );
  });

  it('fails when a client CIDR is malformed', () => {
    expect(() => synth({ clientCidrs: ['10.50.0.0'] })).toThrow(
      'clientCidrs[0] must be an IPv4 CIDR block, got "10.50.0.0"',
    );
  });

  it('fails when the client subnet lies outside the address space', () => {
    expect(() => synth({ clientSubnetCidr: '10.41.0.0/24' })).toThrow(
      'clientSubnetCidr must lie inside 10.40.0.0/16, got "10.41.0.0/24"',
    );
  });

  it('fails when the client subnet overlaps the endpoint subnet', () => {
    expect(() => synth({ clientSubnetCidr: '10.40.1.0/24' })).toThrow(
      'clientSubnetCidr must not overlap 10.40.1.0/27, got "10.40.1.0/24"',
    );
  });

  it('fails when a protocol is unknown', () => {
    expect(() => synth({ protocols: ['ftp' as never] })).toThrow(
      'protocols[0] must be one of "nfs", "smb", "s3", "block", got "ftp"',
    );
  });
});
