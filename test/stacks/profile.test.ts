import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProfile, DEFAULT_PROFILE_PATH } from '../../stacks/profile/load';
import { offloadAccountName } from '../../stacks/profile/schema';
import { baseProfileData, profileIssues, profileWith } from '../support/terraform';

/** Validates base data with one change and returns the messages (empty when valid). */
function problems(patch: (d: Record<string, any>) => void): string[] {
  const data = baseProfileData() as Record<string, any>;
  patch(data);
  return profileIssues(data).map((i) => i.message);
}

describe('profile defaults', () => {
  it('applies documented defaults to a minimal profile', () => {
    // GIVEN the base data with no optional fields WHEN validated
    const p = profileWith();
    // THEN the defaults from docs/profile.md are filled in
    expect(p.nodes.adminUsername).toBe('vastadmin');
    expect(p.nodes.encryptionAtHost).toBe(true);
    expect(p.nodes.osDiskSizeGiB).toBe(64);
    expect(p.nodes.image).toEqual({
      publisher: 'Canonical',
      offer: 'ubuntu-24_04-lts',
      sku: 'server',
      version: 'latest',
    });
    expect(p.offload).toMatchObject({ replication: 'LRS', containerName: 'vast-offload', softDeleteDays: 7 });
    expect(p.offload.lifecycle).toEqual({ prefix: 'vast-offload/', coolAfterDays: 30 });
    expect(p.backend).toEqual({ type: 'local', path: 'terraform.tfstate' });
    expect(p.capacityReservation.enabled).toBe(false);
    expect(p.network.adminCidrs).toBeUndefined();
  });

  it('derives a stable, valid account name from a prefix', () => {
    // GIVEN a prefix WHEN the name is derived twice THEN it is the same, valid, and differs per profile name
    const a = offloadAccountName('vastpoc', 'alpha', 'uksouth');
    expect(a).toMatch(/^vastpoc[0-9a-f]{6}$/);
    expect(offloadAccountName('vastpoc', 'alpha', 'uksouth')).toBe(a);
    expect(offloadAccountName('vastpoc', 'beta', 'uksouth')).not.toBe(a);
  });

  it('gives the same profile a different account name in every subscription that names itself', () => {
    // GIVEN one shipped profile deployed by two customers who set subscriptionId
    const one = profileWith({ subscriptionId: '11111111-1111-1111-1111-111111111111' }).offload.accountName;
    const two = profileWith({ subscriptionId: '22222222-2222-2222-2222-222222222222' }).offload.accountName;
    // THEN the derived (global) storage account names differ, and stay valid
    expect(one).not.toBe(two);
    for (const n of [one, two]) expect(n).toMatch(/^vastpoc[0-9a-f]{6}$/);
  });

  it('accepts a numeric zone from YAML and keeps it as a string', () => {
    expect(profileWith({ zone: 3 }).zone).toBe('3');
  });

  it('loads the shipped default profile', () => {
    const p = loadProfile(DEFAULT_PROFILE_PATH);
    expect(p.name).toBe('vast-poc');
    expect(p.nodes.vmSize).toBe('Standard_L96s_v4');
  });
});

describe('profile validation', () => {
  const cases: Array<[string, (d: Record<string, any>) => void, RegExp]> = [
    [
      'an unknown VM size',
      (d) => (d.nodes.vmSize = 'Standard_L999s_v9'),
      /nodes\.vmSize must be one of the catalog L-series sizes .*got "Standard_L999s_v9"/,
    ],
    ['a non-L-series size', (d) => (d.nodes.vmSize = 'Standard_D8s_v5'), /got "Standard_D8s_v5": only L-series/],
    ['a size in the wrong case', (d) => (d.nodes.vmSize = 'standard_l80s_v3'), /did you mean "Standard_L80s_v3"/],
    [
      'the node count is below the zonal minimum',
      (d) => (d.nodes.count = 3),
      /nodes\.count must be at least 4 for placement mode "zonal".*got 3/,
    ],
    [
      'the node count is below the fault-domain minimum',
      (d) => ((d.placement.mode = 'fault-domains'), delete d.zone, (d.nodes.count = 1)),
      /nodes\.count must be at least 2 .*"fault-domains".*got 1/,
    ],
    [
      'a fault-domain node count is not a multiple of the fault-domain count',
      (d) => ((d.placement.mode = 'fault-domains'), delete d.zone, (d.nodes.count = 9)),
      /nodes\.count must be a multiple of 2 \(the fault-domain count\).*got 9/,
    ],
    [
      'the fault-domain count is above the region maximum',
      (d) => ((d.placement.mode = 'fault-domains'), delete d.zone, (d.placement.faultDomainCount = 3)),
      /placement\.faultDomainCount must be at most 2 in uksouth \(the region's MaximumPlatformFaultDomainCount\), got 3/,
    ],
    [
      'a zone is named in fault-domain mode',
      (d) => (d.placement.mode = 'fault-domains'),
      /zone must be left out when placement\.mode is "fault-domains", got "1"/,
    ],
    [
      'a fault-domain count is named in zonal mode',
      (d) => (d.placement.faultDomainCount = 2),
      /placement\.faultDomainCount must be left out when placement\.mode is "zonal".*got 2/,
    ],
    [
      'fault-domain mode is asked for in a region whose maximum is 1',
      (d) => ((d.placement.mode = 'fault-domains'), delete d.zone, (d.location = 'qatarcentral')),
      /qatarcentral allows 1 platform fault domain: mode "fault-domains" needs at least 2/,
    ],
    [
      'the node count is above the Flexible limit',
      (d) => (d.nodes.count = 1001),
      /nodes\.count must be a whole number from 1 to 1000, got 1001/,
    ],
    ['the zone is outside 1–3', (d) => (d.zone = '4'), /zone must be one of "1", "2", "3", got "4"/],
    [
      'the region has no availability zones',
      (d) => (d.location = 'ukwest'),
      /location must be an Azure region with availability zones .*got "ukwest" \(it has no availability zones\)/,
    ],
    ['the region is unknown', (d) => (d.location = 'moonbase1'), /location must be an Azure region .*got "moonbase1"/],
    [
      'the placement mode is unknown',
      (d) => (d.placement.mode = 'spread'),
      /placement\.mode must be one of "zonal", "fault-domains", got "spread"/,
    ],
    [
      'a CIDR is malformed',
      (d) => (d.network.nodeSubnet = '10.40.0/24'),
      /network\.nodeSubnet must be an IPv4 CIDR block .*got "10\.40\.0\/24"/,
    ],
    ['a CIDR has host bits set', (d) => (d.network.addressSpace = '10.40.0.1/16'), /has host bits set/],
    [
      'subnets overlap',
      (d) => (d.network.privateEndpointSubnet = '10.40.0.128/27'),
      /privateEndpointSubnet must not overlap network\.nodeSubnet 10\.40\.0\.0\/24, got "10\.40\.0\.128\/27"/,
    ],
    [
      'a subnet lies outside the address space',
      (d) => (d.network.nodeSubnet = '10.50.0.0/24'),
      /nodeSubnet must lie inside network\.addressSpace 10\.40\.0\.0\/16/,
    ],
    [
      'an admin CIDR is 0.0.0.0/0',
      (d) => (d.network.adminCidrs = ['0.0.0.0/0']),
      /adminCidrs\[0\] must not open SSH to the internet .*got "0\.0\.0\.0\/0"/,
    ],
    [
      'admin CIDRs overlap',
      (d) => (d.network.adminCidrs = ['203.0.113.0/24', '203.0.113.8/29']),
      /adminCidrs\[1\] must not overlap another admin CIDR/,
    ],
    [
      'the account name breaks Azure rules',
      (d) => (d.offload = { accountName: 'Vast_Offload' }),
      /offload\.accountName must be 3–24 lowercase letters and digits .*got "Vast_Offload"/,
    ],
    [
      'the account name is too long',
      (d) => (d.offload = { accountName: 'a'.repeat(25) }),
      /offload\.accountName must be 3–24/,
    ],
    [
      'both account name and prefix are set',
      (d) => (d.offload = { accountName: 'vastpoc1', namePrefix: 'vastpoc' }),
      /namePrefix must not be set together with offload\.accountName/,
    ],
    [
      'replication is not LRS or ZRS',
      (d) => (d.offload.replication = 'GRS'),
      /offload\.replication must be one of "LRS", "ZRS", got "GRS"/,
    ],
    ['a required tag is missing', (d) => delete d.tags.expiry, /tags\.expiry is required/],
    [
      'the expiry tag is not a date',
      (d) => (d.tags.expiry = 'soon'),
      /tags\.expiry must be a real calendar date written YYYY-MM-DD, got "soon"/,
    ],
    [
      'a field is unknown',
      (d) => (d.nodes.vmsize = 'x'),
      /nodes\.vmsize is not a known field; allowed in nodes: count, vmSize/,
    ],
    [
      'a capacity reservation is combined with fault domains',
      (d) => ((d.placement.mode = 'fault-domains'), (d.nodes.count = 9), (d.capacityReservation = { enabled: true })),
      /capacityReservation\.enabled must be false when placement\.mode is "fault-domains"/,
    ],
    [
      'the local backend path is absolute',
      (d) => (d.backend = { type: 'local', path: '/home/me/state.tfstate' }),
      /backend\.path must be a relative path/,
    ],
    [
      "the state backend's resource group name ends in a period",
      (d) => (d.backend = { type: 'azurerm', resourceGroupName: 'rg-state.', storageAccountName: 'ststate01' }),
      /backend\.resourceGroupName must be a resource group name: 1-90 letters, .*not ending in a period, got "rg-state\."/,
    ],
    [
      'the lifecycle prefix is outside the container',
      (d) => (d.offload.lifecycle = { prefix: 'other/' }),
      /offload\.lifecycle\.prefix must start with the container name "vast-offload\/"/,
    ],
    [
      'an existing private DNS zone id names the wrong zone',
      (d) =>
        (d.network.existing = {
          virtualNetworkId: '/subscriptions/s/resourceGroups/n/providers/Microsoft.Network/virtualNetworks/v',
          nodeSubnetId: '/subscriptions/s/resourceGroups/n/providers/Microsoft.Network/virtualNetworks/v/subnets/a',
          privateEndpointSubnetId:
            '/subscriptions/s/resourceGroups/n/providers/Microsoft.Network/virtualNetworks/v/subnets/b',
          privateDnsZoneIds: {
            blob: '/subscriptions/s/resourceGroups/h/providers/Microsoft.Network/privateDnsZones/privatelink.dfs.core.windows.net',
            dfs: '/subscriptions/s/resourceGroups/h/providers/Microsoft.Network/privateDnsZones/privatelink.dfs.core.windows.net',
          },
        }),
      /network\.existing\.privateDnsZoneIds\.blob must be the resource id of a privatelink\.blob\.core\.windows\.net private DNS zone/,
    ],
    [
      'admin CIDRs are given with an existing network (no NSG is created there to apply them)',
      (d) => {
        const vnet = '/subscriptions/s/resourceGroups/n/providers/Microsoft.Network/virtualNetworks/v';
        d.network.adminCidrs = ['203.0.113.0/24'];
        d.network.existing = {
          virtualNetworkId: vnet,
          nodeSubnetId: `${vnet}/subnets/a`,
          privateEndpointSubnetId: `${vnet}/subnets/b`,
        };
      },
      /network\.adminCidrs must be left out with network\.existing .*got a list/,
    ],
    [
      'the admin user is reserved',
      (d) => (d.nodes.adminUsername = 'root'),
      /nodes\.adminUsername must be .*got "root"/,
    ],
    [
      'the admin user is a name only the scale set reserves (azurerm validateAdminUsernameLinux)',
      (d) => (d.nodes.adminUsername = 'sudo'),
      /nodes\.adminUsername must be a name the azurerm provider accepts, not one of the \d+ Linux names it reserves .*got "sudo"/,
    ],
    [
      'the admin user is a name only a virtual machine reserves (azurerm LinuxAdminUsername)',
      (d) => (d.nodes.adminUsername = 'support'),
      /nodes\.adminUsername must be a name the azurerm provider accepts.*got "support"/,
    ],
  ];

  for (const [what, patch, expected] of cases) {
    it(`fails when ${what}`, () => {
      // GIVEN valid base data with one bad field WHEN validated
      const messages = problems(patch);
      // THEN the error names the field, the value and what is allowed
      expect(
        messages.some((m) => expected.test(m)),
        messages.join('\n'),
      ).toBe(true);
    });
  }

  it('reports every problem at once', () => {
    const messages = problems((d) => {
      d.zone = '9';
      d.nodes.count = 1;
    });
    expect(messages.length).toBeGreaterThanOrEqual(2);
  });
});

describe('profile files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'profile-'));

  it('fails when the YAML cannot be parsed, naming the file', () => {
    const file = join(dir, 'broken.yaml');
    writeFileSync(file, 'name: [unclosed\n');
    expect(() => loadProfile(file)).toThrow(/broken\.yaml: invalid profile:\n {2}- the profile is not valid YAML/);
  });

  it('fails when the file does not exist', () => {
    expect(() => loadProfile(join(dir, 'missing.yaml'))).toThrow(/could not be read \(ENOENT\)/);
  });

  it('reads a JSON profile and a bootstrap script relative to it', () => {
    writeFileSync(join(dir, 'install.sh'), '#!/bin/sh\necho install\n');
    const file = join(dir, 'p.json');
    writeFileSync(
      file,
      JSON.stringify({
        ...baseProfileData(),
        nodes: { count: 8, vmSize: 'Standard_L80s_v3', bootstrapScript: 'install.sh' },
      }),
    );
    const p = loadProfile(file);
    expect(p.nodes.bootstrapScript).toBe('#!/bin/sh\necho install\n');
  });

  it('fails when the bootstrap script is missing', () => {
    const file = join(dir, 'q.json');
    writeFileSync(
      file,
      JSON.stringify({
        ...baseProfileData(),
        nodes: { count: 8, vmSize: 'Standard_L80s_v3', bootstrapScript: 'nope.sh' },
      }),
    );
    expect(() => loadProfile(file)).toThrow(
      /nodes\.bootstrapScript must name a readable file relative to the profile, got "nope\.sh" \(ENOENT\)/,
    );
  });
});
