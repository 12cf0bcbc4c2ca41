/**
 * Issue 10 item 18: address ranges Azure refuses in a virtual network, node subnets too small for the nodes, and
 * CIDRs written with leading zeros are refused before any Terraform is written.
 */
import { describe, expect, it } from 'vitest';
import { parseCidr } from '../../constructs/shared/cidr';
import { baseProfileData, profileIssues } from '../support/terraform';

function issues(
  network: Record<string, unknown>,
  nodes?: Record<string, unknown>,
): { field: string; message: string }[] {
  const data = baseProfileData();
  const patched = {
    ...data,
    network: { ...(data.network as object), ...network },
    ...(nodes ? { nodes: { ...(data.nodes as object), ...nodes } } : {}),
  };
  return profileIssues(patched);
}

describe('network.addressSpace', () => {
  for (const [space, range] of [
    ['224.0.0.0/16', 'multicast'],
    ['169.254.0.0/16', 'link-local'],
    ['168.63.128.0/22', '168.63.129.16'],
    ['127.0.0.0/16', 'loopback'],
    ['0.0.0.0/0', 'multicast'],
  ] as const) {
    it(`fails when it overlaps an address range Azure reserves (${space})`, () => {
      // GIVEN an address space over a reserved range (subnets inside it) WHEN validated
      const found = issues({ addressSpace: space, nodeSubnet: '10.40.0.0/24', privateEndpointSubnet: '10.40.1.0/27' });
      // THEN the address space is refused naming the range
      expect(found.filter((i) => i.field === 'network.addressSpace')).toEqual([
        {
          field: 'network.addressSpace',
          message: expect.stringContaining(`network.addressSpace must not overlap ${range}`),
        },
      ]);
    });
  }

  it('accepts a private address space next to the reserved ranges', () => {
    // GIVEN 10.40.0.0/16 WHEN validated THEN no network issue
    expect(issues({})).toEqual([]);
  });
});

describe('network.nodeSubnet size', () => {
  it('fails when the subnet cannot hold the nodes plus the five addresses Azure reserves', () => {
    // GIVEN 8 nodes in a /29 (8 addresses, 3 usable) WHEN validated THEN the subnet is refused with the arithmetic
    expect(issues({ nodeSubnet: '10.40.0.0/29' })).toEqual([
      {
        field: 'network.nodeSubnet',
        message:
          'network.nodeSubnet must hold nodes.count (8) plus the 5 addresses Azure reserves in every subnet, so /28 or larger, got "10.40.0.0/29" (3 usable addresses)',
      },
    ]);
  });

  it('accepts the smallest subnet that holds the nodes', () => {
    // GIVEN 8 nodes in a /28 (16 addresses, 11 usable) WHEN validated THEN it is accepted
    expect(issues({ nodeSubnet: '10.40.0.0/28' })).toEqual([]);
  });

  it('fails when 12 nodes are put in a /28 (11 usable addresses)', () => {
    // GIVEN 12 nodes in a /28 WHEN validated THEN a /27 is asked for
    expect(issues({ nodeSubnet: '10.40.0.0/28' }, { count: 12 })).toEqual([
      { field: 'network.nodeSubnet', message: expect.stringContaining('so /27 or larger, got "10.40.0.0/28"') },
    ]);
  });
});

describe('CIDR octets', () => {
  it('fails when an octet has a leading zero', () => {
    // GIVEN 010.040.000.000/16 (octal in some parsers) WHEN validated THEN it is refused, never emitted as written
    expect(issues({ addressSpace: '010.040.000.000/16' })).toContainEqual({
      field: 'network.addressSpace',
      message: expect.stringContaining('has a leading zero in an octet or the prefix (write 10.40.0.0/16)'),
    });
  });

  it('fails when the prefix length has a leading zero', () => {
    // GIVEN 10.40.0.0/016 WHEN parsed THEN it is refused
    expect(parseCidr('10.40.0.0/016')).toEqual({
      error: 'has a leading zero in an octet or the prefix (write 10.40.0.0/16)',
    });
  });

  it('fails when an admin CIDR has a leading zero', () => {
    // GIVEN 203.0.113.08/29-like input WHEN validated THEN the admin CIDR is refused
    expect(issues({ adminCidrs: ['203.000.113.0/24'] })).toEqual([
      { field: 'network.adminCidrs[0]', message: expect.stringContaining('has a leading zero') },
    ]);
  });
});
