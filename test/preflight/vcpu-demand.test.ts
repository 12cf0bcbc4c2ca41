import { describe, expect, it } from 'vitest';
import { contributor, describeContributor, profileVcpuDemand, vcpuDemand } from '../../scripts/preflight/vcpu-demand';
import { loadProfile } from '../../stacks/profile/load';
import { writeProfile } from './support';

describe('vcpuDemand', () => {
  it('adds the VMs of one family up, comparing family names case-insensitively, and totals every family', () => {
    // GIVEN nodes, a management node and clients whose family names differ only in case
    const d = vcpuDemand([
      contributor('node', 8, 'Standard_L80as_v4'),
      contributor('management node', 1, 'Standard_D8s_v5'),
      { ...contributor('client', 2, 'Standard_D16s_v5'), family: 'STANDARDDSV5FAMILY' },
    ]);
    // WHEN the demand is read THEN the D family holds both D contributors and the total is the sum of all
    expect(d.families.map((f) => [f.family, f.vcpus, f.contributors.length])).toEqual([
      ['standardLasv4Family', 640, 1],
      ['standardDSv5Family', 40, 2],
    ]);
    expect(d.total).toBe(680);
  });

  it('names a contributor with its count, size and role', () => {
    // GIVEN one and several VMs WHEN described THEN the role is singular for one, plural otherwise
    expect(describeContributor(contributor('management node', 1, 'Standard_D8s_v5'))).toBe(
      '1 × 8 vCPUs of Standard_D8s_v5 management node',
    );
    expect(describeContributor(contributor('client', 3, 'Standard_D4s_v5'))).toBe(
      '3 × 4 vCPUs of Standard_D4s_v5 clients',
    );
  });

  it('refuses a size that is in neither catalog, naming it', () => {
    // GIVEN a size outside both catalogs WHEN a contributor is made THEN the error names the size and the role
    expect(() => contributor('client', 1, 'Standard_E8s_v5')).toThrow(
      'Standard_E8s_v5 (client) is in neither the L-series nor the general-purpose catalog',
    );
  });
});

describe('profileVcpuDemand', () => {
  it('counts the management node by default and leaves it out when disabled', () => {
    // GIVEN the default profile and one without the management node
    const on = profileVcpuDemand(loadProfile(writeProfile()));
    const off = profileVcpuDemand(loadProfile(writeProfile({ management: { enabled: false } })));
    // WHEN the demand is read THEN only the first has the general-purpose family and its 8 vCPUs
    expect(on.contributors.map((c) => c.role)).toEqual(['node', 'management node']);
    expect(on.total - off.total).toBe(8);
    expect(off.families.map((f) => f.family)).toEqual([on.families[0]!.family]);
  });
});
