import { describe, expect, it } from 'vitest';
import { baseProfileData, profileIssues, profileWith } from '../support/terraform';

const REMOTE =
  '/subscriptions/00000000-0000-0000-0000-00000000abcd/resourceGroups/rg-hub/providers/Microsoft.Network/virtualNetworks/vnet-hub';

/** Validates base data with one change and returns the issues (empty when valid). */
function issues(patch: (d: Record<string, any>) => void): { field: string; message: string }[] {
  const data = baseProfileData() as Record<string, any>;
  patch(data);
  return profileIssues(data).map((i) => ({ field: i.field, message: i.message }));
}

describe('profile access, management and client pool defaults', () => {
  it('offers NFS, leaves client CIDRs to apply time, enables the management node and no client pool', () => {
    const p = profileWith();
    expect(p.access).toEqual({ protocols: ['nfs'], peerings: [] });
    expect(p.management).toEqual({ enabled: true, vmSize: 'Standard_D8s_v5' });
    expect(p.clientPool).toEqual({ enabled: false, vmSize: 'Standard_D16s_v5', count: 2 });
  });

  it('accepts client CIDRs, protocols, a client pool and a peering', () => {
    const p = profileWith({
      access: {
        protocols: ['nfs', 's3'],
        clientCidrs: ['10.50.0.0/16'],
        peerings: [{ remoteVirtualNetworkId: REMOTE, createRemote: true }],
      },
      clientPool: { enabled: true, subnet: '10.40.2.0/24', count: 4 },
    });
    expect(p.access.clientCidrs).toEqual(['10.50.0.0/16']);
    expect(p.access.peerings).toEqual([{ remoteVirtualNetworkId: REMOTE, createRemote: true }]);
    expect(p.clientPool).toMatchObject({ enabled: true, subnet: '10.40.2.0/24', count: 4 });
  });
});

describe('bad access input', () => {
  it('fails when a client CIDR is wider than /8', () => {
    expect(issues((d) => (d.access = { clientCidrs: ['0.0.0.0/0'] }))).toEqual([
      {
        field: 'access.clientCidrs[0]',
        message:
          'access.clientCidrs[0] must not open the data ports to the internet (a prefix of /8 or longer is allowed), got "0.0.0.0/0"',
      },
    ]);
  });

  it('fails when a client CIDR is malformed', () => {
    expect(issues((d) => (d.access = { clientCidrs: ['10.50.0.1/16'] }))[0].message).toBe(
      'access.clientCidrs[0] must be an IPv4 CIDR block like 10.50.0.0/16, got "10.50.0.1/16": it has host bits set (the network address is 10.50.0.0/16)',
    );
  });

  it('fails when a client CIDR overlaps the node subnet', () => {
    expect(issues((d) => (d.access = { clientCidrs: ['10.40.0.0/20'] }))[0].message).toBe(
      'access.clientCidrs[0] must not overlap network.nodeSubnet 10.40.0.0/24 (hosts there are the cluster, not its clients), got "10.40.0.0/20"',
    );
  });

  it('fails when the client CIDRs are empty and there is no client pool', () => {
    expect(issues((d) => (d.access = { clientCidrs: [] }))[0].field).toBe('access.clientCidrs');
  });

  it('fails when a protocol is unknown', () => {
    expect(issues((d) => (d.access = { protocols: ['nfs', 'ftp'] }))).toEqual([
      {
        field: 'access.protocols[1]',
        message: 'access.protocols[1] must be one of "nfs", "smb", "s3", "block", got "ftp"',
      },
    ]);
  });

  it('fails when the management size is not in the catalog', () => {
    const [issue] = issues((d) => (d.management = { vmSize: 'Standard_L8s_v3' }));
    expect(issue.field).toBe('management.vmSize');
    expect(issue.message).toMatch(
      /^management\.vmSize must be one of the catalog general-purpose sizes \(Standard_D4s_v5, .*\), got "Standard_L8s_v3"$/,
    );
  });

  it('fails when the client size is not in the catalog', () => {
    const [issue] = issues(
      (d) => (d.clientPool = { enabled: true, subnet: '10.40.2.0/24', vmSize: 'standard_d16s_v5' }),
    );
    expect(issue.message).toMatch(/got "standard_d16s_v5"; did you mean "Standard_D16s_v5"\?$/);
  });

  it('fails when the client pool has no subnet', () => {
    expect(issues((d) => (d.clientPool = { enabled: true }))[0].field).toBe('clientPool.subnet');
  });

  it('fails when the client subnet lies outside the address space', () => {
    expect(issues((d) => (d.clientPool = { enabled: true, subnet: '10.99.0.0/24' }))[0].message).toBe(
      'clientPool.subnet must lie inside network.addressSpace 10.40.0.0/16, got "10.99.0.0/24"',
    );
  });

  it('fails when the client subnet overlaps another subnet', () => {
    expect(issues((d) => (d.clientPool = { enabled: true, subnet: '10.40.1.0/24' }))[0].message).toBe(
      'clientPool.subnet must not overlap network.privateEndpointSubnet 10.40.1.0/27, got "10.40.1.0/24"',
    );
  });

  it('fails when a peering id is malformed', () => {
    const [issue] = issues((d) => (d.access = { peerings: [{ remoteVirtualNetworkId: '/subscriptions/x/vnet' }] }));
    expect(issue.field).toBe('access.peerings[0].remoteVirtualNetworkId');
    expect(issue.message).toMatch(/must be a virtual network resource id: .*, got "\/subscriptions\/x\/vnet"$/);
  });

  it('fails when a peering id carries a Terraform expression', () => {
    const id = REMOTE.replace('vnet-hub', 'x${file("/etc/passwd")}');
    expect(issues((d) => (d.access = { peerings: [{ remoteVirtualNetworkId: id }] }))[0].field).toBe(
      'access.peerings[0].remoteVirtualNetworkId',
    );
  });

  it('fails when the same network is peered twice', () => {
    const twice = [
      { remoteVirtualNetworkId: REMOTE },
      {
        remoteVirtualNetworkId: REMOTE.toUpperCase()
          .replace('/SUBSCRIPTIONS', '/subscriptions')
          .replace('/RESOURCEGROUPS', '/resourceGroups')
          .replace('/PROVIDERS/MICROSOFT.NETWORK/VIRTUALNETWORKS', '/providers/Microsoft.Network/virtualNetworks'),
      },
    ];
    expect(issues((d) => (d.access = { peerings: twice }))[0].message).toMatch(/must not repeat another peering/);
  });

  it('fails when a client pool is asked for with an existing network', () => {
    const sub =
      '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v';
    const found = issues((d) => {
      d.network.existing = {
        virtualNetworkId: sub,
        nodeSubnetId: `${sub}/subnets/a`,
        privateEndpointSubnetId: `${sub}/subnets/b`,
      };
      d.clientPool = { enabled: true, subnet: '10.40.2.0/24' };
    });
    expect(found.map((i) => i.field)).toContain('clientPool.enabled');
  });
});

describe('address room for the management node and the clients', () => {
  it('fails when the node subnet holds the nodes but not the management node', () => {
    // GIVEN 11 nodes in a /28 (16 addresses: 5 reserved + 11 nodes, no room for VMS)
    const found = issues((d) => {
      d.nodes.count = 11;
      d.network.nodeSubnet = '10.40.0.0/28';
    });
    expect(found).toEqual([
      {
        field: 'management.enabled',
        message:
          'management.enabled needs one more address in network.nodeSubnet 10.40.0.0/28 (nodes.count 11 + the management node + 5 reserved = 17, the subnet has 16): enlarge the subnet or set management.enabled to false, got true',
      },
    ]);
  });

  it('fails when the client subnet cannot hold the client count', () => {
    const [issue] = issues((d) => (d.clientPool = { enabled: true, subnet: '10.40.2.0/29', count: 4 }));
    expect(issue).toEqual({
      field: 'clientPool.subnet',
      message:
        'clientPool.subnet must hold clientPool.count (4) plus the 5 addresses Azure reserves, and be /29 or larger, got "10.40.2.0/29" (8 addresses)',
    });
  });
});
