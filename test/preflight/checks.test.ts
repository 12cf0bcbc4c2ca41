import { describe, expect, it } from 'vitest';
import {
  findSku,
  offerInZones,
  removeSku,
  removeUsage,
  restrictLocation,
  restrictZones,
  setCapability,
  setFeature,
  setUsage,
} from '../support/arm-emulator/world';
import { check, parseReport, runPreflight, useEmulator, SUBSCRIPTION, writeProfile, type JsonReport } from './support';

const arm = useEmulator();

const SIZE = 'Standard_L96s_v4';

async function report(profile?: string): Promise<{ code: number | null; report: JsonReport }> {
  const run = await runPreflight(arm.current, { args: ['--json'], ...(profile ? { profile } : {}) });
  return { code: run.code, report: parseReport(run.stdout) };
}

describe('check providers', () => {
  it('passes when every namespace the stack uses is registered', async () => {
    // GIVEN the default subscription
    // WHEN preflight runs
    const { report: r } = await report();
    // THEN providers passes and names the four namespaces
    expect(check(r, 'providers')).toMatchObject({
      status: 'pass',
      message: 'Microsoft.Compute, Microsoft.Network, Microsoft.Storage, Microsoft.ManagedIdentity are registered',
    });
  });

  it('fails when a namespace is not registered, with the command that registers it', async () => {
    // GIVEN Microsoft.Network is not registered
    arm.current.world.providers['Microsoft.Network'] = 'NotRegistered';
    // WHEN preflight runs
    const { code, report: r } = await report();
    // THEN providers fails, the remedy is the az command, and the verdict is no-go
    expect(code).toBe(1);
    const c = check(r, 'providers');
    expect(c.status).toBe('fail');
    expect(c.message).toContain('Microsoft.Network is NotRegistered (3 of 4 needed namespaces registered)');
    expect(c.remedy).toContain('`az provider register --namespace Microsoft.Network`');
  });

  it('fails when Azure does not know a namespace at all', async () => {
    // GIVEN Microsoft.ManagedIdentity is unknown to the subscription (404)
    delete arm.current.world.providers['Microsoft.ManagedIdentity'];
    // WHEN preflight runs
    const { report: r } = await report();
    // THEN providers fails naming it as NotFound
    expect(check(r, 'providers')).toMatchObject({ status: 'fail' });
    expect(check(r, 'providers').message).toContain('Microsoft.ManagedIdentity is NotFound');
  });

  it('warns while a namespace is still registering, without stopping the deployment', async () => {
    // GIVEN Microsoft.Storage is Registering
    arm.current.world.providers['Microsoft.Storage'] = 'Registering';
    // WHEN preflight runs
    const { code, report: r } = await report();
    // THEN providers warns with a remedy and the verdict stays go
    expect(code).toBe(0);
    expect(check(r, 'providers')).toMatchObject({ status: 'warn' });
    expect(check(r, 'providers').remedy).toContain('az provider show --namespace Microsoft.Storage');
    expect(r.verdict).toBe('go');
  });
});

describe('check region', () => {
  it('passes and reports the physical zone of the chosen logical zone', async () => {
    // GIVEN a profile pinned to zone 2
    const profile = writeProfile({ zone: '2' });
    // WHEN preflight runs
    const { report: r } = await report(profile);
    // THEN region passes with the mapping and the document carries the physical zone
    expect(check(r, 'region').message).toContain('logical zone 2 is physical zone uksouth-az3 in this subscription');
    expect(r.physicalZone).toBe('uksouth-az3');
  });

  it('fails when the location is not offered to the subscription', async () => {
    // GIVEN the subscription's location list lacks uksouth
    arm.current.world.locations = arm.current.world.locations.filter((l) => l.name !== 'uksouth');
    // WHEN preflight runs
    const { report: r } = await report();
    // THEN region fails, suggests zonal locations it does list, and there is no physical zone
    const c = check(r, 'region');
    expect(c.status).toBe('fail');
    expect(c.message).toContain('uksouth is not a location this subscription can use');
    expect(c.remedy).toContain('westeurope');
    expect(r.physicalZone).toBeNull();
  });

  it('fails when the location has no availability zones', async () => {
    // GIVEN uksouth reports no zone mappings
    const uksouth = arm.current.world.locations.find((l) => l.name === 'uksouth');
    if (uksouth) delete uksouth.availabilityZoneMappings;
    // WHEN preflight runs
    const { report: r } = await report();
    // THEN region fails saying so
    expect(check(r, 'region')).toMatchObject({
      status: 'fail',
      message: 'UK South (uksouth) has no availability zones for this subscription',
    });
  });

  it('fails when the chosen zone is not among the region zones', async () => {
    // GIVEN uksouth has only zones 1 and 2 in this subscription, and the profile wants zone 3
    const uksouth = arm.current.world.locations.find((l) => l.name === 'uksouth');
    if (uksouth) uksouth.availabilityZoneMappings = uksouth.availabilityZoneMappings?.slice(0, 2);
    const profile = writeProfile({ zone: '3' });
    // WHEN preflight runs
    const { report: r } = await report(profile);
    // THEN region fails naming the zones there are
    expect(check(r, 'region')).toMatchObject({
      status: 'fail',
      message: 'zone 3 is not one of the zones of uksouth (1, 2)',
    });
  });
});

describe('check sku-region', () => {
  it('fails when the size is not offered in the region, naming sizes that are', async () => {
    // GIVEN uksouth does not list the size
    removeSku(arm.current.world, 'uksouth', SIZE);
    // WHEN preflight runs
    const { report: r } = await report();
    // THEN sku-region fails with alternatives
    const c = check(r, 'sku-region');
    expect(c.status).toBe('fail');
    expect(c.message).toBe(`${SIZE} is not offered in uksouth (30 catalog sizes are)`);
    expect(c.remedy).toContain('Standard_L80s_v4');
  });

  it('fails when the size is under a Location restriction for the subscription', async () => {
    // GIVEN a NotAvailableForSubscription Location restriction
    restrictLocation(arm.current.world, 'uksouth', SIZE);
    // WHEN preflight runs
    const { report: r } = await report();
    // THEN sku-region fails with the reason and how to lift it
    const c = check(r, 'sku-region');
    expect(c.status).toBe('fail');
    expect(c.message).toContain('restricted for this subscription (Location restriction, NotAvailableForSubscription)');
    expect(c.remedy).toContain(`ask Microsoft to enable ${SIZE} in uksouth`);
  });

  it('fails with the offer-type remedy when the restriction reason is QuotaId', async () => {
    // GIVEN a QuotaId Location restriction
    restrictLocation(arm.current.world, 'uksouth', SIZE, 'QuotaId');
    // WHEN preflight runs
    const { report: r } = await report();
    // THEN the remedy talks about the subscription's offer type
    expect(check(r, 'sku-region').remedy).toContain(
      "the subscription's offer type (quota id) does not allow this size",
    );
  });
});

describe('check sku-zone', () => {
  it('fails under a Zone restriction, naming usable zones and the closest other sizes available in the chosen zone', async () => {
    // GIVEN the size is restricted in zone 1, and so is another size
    restrictZones(arm.current.world, 'uksouth', SIZE, ['1']);
    restrictZones(arm.current.world, 'uksouth', 'Standard_L80s_v4', ['1']);
    // WHEN preflight runs for zone 1
    const { code, report: r } = await report();
    // THEN sku-zone fails naming zones 2 and 3 and the catalog sizes still usable in zone 1
    expect(code).toBe(1);
    const c = check(r, 'sku-zone');
    expect(c.status).toBe('fail');
    expect(c.message).toContain(
      `${SIZE} is not available in zone 1 of uksouth (Zone restriction, NotAvailableForSubscription)`,
    );
    expect(c.message).toContain('it is available in zones 2, 3');
    expect(c.message).toContain(
      'catalog sizes available in zone 1: Standard_L96as_v4, Standard_L96as_v5, Standard_L80as_v4, Standard_L80s_v3,',
    );
    expect(c.message).toContain('Standard_L8s_v3');
    expect(c.message).not.toContain('Standard_L80s_v4');
    expect(c.remedy).toContain('set zone to "2" or "3"');
  });

  it('fails when the size is offered only in other zones', async () => {
    // GIVEN the size's locationInfo lists zones 2 and 3 only
    offerInZones(arm.current.world, 'uksouth', SIZE, ['2', '3']);
    // WHEN preflight runs for zone 1
    const { report: r } = await report();
    // THEN sku-zone fails, saying where it is offered
    expect(check(r, 'sku-zone').message).toContain('(offered only in zones 2, 3); it is available in zones 2, 3');
  });

  it('fails naming no zone when the size is not offered in the region', async () => {
    // GIVEN the size is missing from the region
    removeSku(arm.current.world, 'uksouth', SIZE);
    // WHEN preflight runs
    const { report: r } = await report();
    // THEN sku-zone fails and says no zone has it
    expect(check(r, 'sku-zone').message).toContain('it is available in no zone of uksouth');
  });
});

describe('check sku-capabilities', () => {
  it('passes and lists what was compared', async () => {
    // GIVEN a profile asking for a capacity reservation
    const profile = writeProfile({ capacityReservation: { enabled: true } });
    // WHEN preflight runs
    const { report: r } = await report(profile);
    // THEN sku-capabilities passes with every figure
    expect(check(r, 'sku-capabilities')).toMatchObject({
      status: 'pass',
      message: `${SIZE}: accelerated networking yes; NVMe 12 × 1.92 TB (matches catalog); Gen2 yes; encryption at host supported; NICs max 8 ≥ 1 needed; capacity reservation supported`,
    });
  });

  it('fails when accelerated networking is off', async () => {
    // GIVEN the SKU says AcceleratedNetworkingEnabled False
    setCapability(arm.current.world, 'uksouth', SIZE, 'AcceleratedNetworkingEnabled', 'False');
    // WHEN preflight runs
    const { report: r } = await report();
    // THEN sku-capabilities fails on it
    expect(check(r, 'sku-capabilities').status).toBe('fail');
    expect(check(r, 'sku-capabilities').message).toContain('accelerated networking NO');
  });

  it('fails when the size has no NVMe disks', async () => {
    // GIVEN the NVMe capabilities are absent
    setCapability(arm.current.world, 'uksouth', SIZE, 'NvmeDiskSizeInMiB');
    setCapability(arm.current.world, 'uksouth', SIZE, 'NvmeSizePerDiskInMiB');
    // WHEN preflight runs
    const { report: r } = await report();
    // THEN sku-capabilities fails naming the catalog expectation
    expect(check(r, 'sku-capabilities').message).toContain('NVMe NONE (catalog 12 × 1.92 TB)');
  });

  it('fails when the NVMe layout does not match the catalog', async () => {
    // GIVEN Azure reports 8 disks instead of 12
    setCapability(arm.current.world, 'uksouth', SIZE, 'NvmeDiskSizeInMiB', String(8 * 1831054));
    // WHEN preflight runs
    const { report: r } = await report();
    // THEN sku-capabilities fails with both layouts
    const c = check(r, 'sku-capabilities');
    expect(c.status).toBe('fail');
    expect(c.message).toContain('NVMe 8 × 1.92 TB (catalog 12 × 1.92 TB: MISMATCH)');
    expect(c.remedy).toContain('update constructs/compute/l-series-catalog.ts');
  });

  it('fails when the size does not support Gen2 images', async () => {
    // GIVEN HyperVGenerations is V1 only
    setCapability(arm.current.world, 'uksouth', SIZE, 'HyperVGenerations', 'V1');
    // WHEN preflight runs
    const { report: r } = await report();
    // THEN sku-capabilities fails on it
    expect(check(r, 'sku-capabilities').message).toContain('Gen2 NO (V1)');
  });

  it('fails when encryption at host is wanted but not supported', async () => {
    // GIVEN the size does not support encryption at host and the profile wants it
    setCapability(arm.current.world, 'uksouth', SIZE, 'EncryptionAtHostSupported', 'False');
    // WHEN preflight runs
    const { report: r } = await report();
    // THEN sku-capabilities fails with the profile field to change
    expect(check(r, 'sku-capabilities').message).toContain('encryption at host NOT supported');
    expect(check(r, 'sku-capabilities').remedy).toContain('set nodes.encryptionAtHost to false');
  });

  it('passes when encryption at host is unsupported but not wanted', async () => {
    // GIVEN the size does not support encryption at host and the profile does not want it
    setCapability(arm.current.world, 'uksouth', SIZE, 'EncryptionAtHostSupported', 'False');
    const profile = writeProfile({ nodes: { encryptionAtHost: false } });
    // WHEN preflight runs
    const { report: r } = await report(profile);
    // THEN sku-capabilities passes
    expect(check(r, 'sku-capabilities').status).toBe('pass');
    expect(check(r, 'sku-capabilities').message).toContain('encryption at host not wanted');
  });

  it('fails when the size takes too few network interfaces', async () => {
    // GIVEN MaxNetworkInterfaces is 0
    setCapability(arm.current.world, 'uksouth', SIZE, 'MaxNetworkInterfaces', '0');
    // WHEN preflight runs
    const { report: r } = await report();
    // THEN sku-capabilities fails on NICs
    expect(check(r, 'sku-capabilities').message).toContain('NICs max 0 < 1 needed');
  });

  it('fails when a capacity reservation is asked for but not supported', async () => {
    // GIVEN the size does not support capacity reservations and the profile asks for one
    setCapability(arm.current.world, 'uksouth', SIZE, 'CapacityReservationSupported', 'False');
    const profile = writeProfile({ capacityReservation: { enabled: true } });
    // WHEN preflight runs
    const { report: r } = await report(profile);
    // THEN sku-capabilities fails on it
    expect(check(r, 'sku-capabilities').message).toContain('capacity reservation NOT supported');
    expect(check(r, 'sku-capabilities').remedy).toContain('set capacityReservation.enabled to false');
  });

  it('warns when Azure reports other vCPUs than the catalog', async () => {
    // GIVEN Azure says 92 vCPUs
    setCapability(arm.current.world, 'uksouth', SIZE, 'vCPUs', '92');
    // WHEN preflight runs
    const { report: r } = await report();
    // THEN sku-capabilities warns and quota uses Azure's figure
    expect(check(r, 'sku-capabilities').status).toBe('warn');
    expect(check(r, 'quota-family').message).toContain('needed 736 (8 × 92 vCPUs of Standard_L96s_v4 nodes)');
  });

  it('warns that it could not check when the size is not offered', async () => {
    // GIVEN the size is missing from the region
    removeSku(arm.current.world, 'uksouth', SIZE);
    // WHEN preflight runs
    const { report: r } = await report();
    // THEN sku-capabilities warns that it was not checked
    expect(check(r, 'sku-capabilities')).toMatchObject({
      status: 'warn',
      message: `not checked: ${SIZE} is not in the SKU list of uksouth`,
    });
  });
});

describe('check quota-family', () => {
  it('fails when free family vCPUs are short, with current, limit, needed and shortfall', async () => {
    // GIVEN 500 of 1000 Lsv4 vCPUs are in use
    setUsage(arm.current.world, 'uksouth', 'standardLsv4Family', 500, 1000);
    // WHEN preflight runs for 8 × 96 vCPUs
    const { code, report: r } = await report();
    // THEN quota-family fails with the numbers and the target for the increase
    expect(code).toBe(1);
    const c = check(r, 'quota-family');
    expect(c.status).toBe('fail');
    expect(c.message).toBe(
      'Standard Lsv4 Family vCPUs (standardLsv4Family) in uksouth: current 500, limit 1000, needed 768 (8 × 96 vCPUs of Standard_L96s_v4 nodes), free 500, shortfall 268; ' +
        'Standard DSv5 Family vCPUs (standardDSv5Family) in uksouth: current 40, limit 350, needed 8 (1 × 8 vCPUs of Standard_D8s_v5 management node), free 310',
    );
    expect(c.remedy).toContain('to at least 1268 vCPUs');
  });

  it('fails when the subscription has no quota row for the family', async () => {
    // GIVEN no standardLsv4Family usage row
    removeUsage(arm.current.world, 'uksouth', 'standardLsv4Family');
    // WHEN preflight runs
    const { report: r } = await report();
    // THEN quota-family fails saying there is no quota
    expect(check(r, 'quota-family').message).toContain('no quota row "standardLsv4Family" in uksouth');
  });

  it('matches the family quota row case-insensitively', async () => {
    // GIVEN the usage API spells the family in upper case
    removeUsage(arm.current.world, 'uksouth', 'standardLsv4Family');
    setUsage(arm.current.world, 'uksouth', 'STANDARDLSV4FAMILY', 0, 800);
    // WHEN preflight runs
    const { report: r } = await report();
    // THEN the row is found
    expect(check(r, 'quota-family')).toMatchObject({ status: 'pass' });
    expect(check(r, 'quota-family').message).toContain('limit 800');
  });

  it('reads the family from the SKU list rather than the catalog', async () => {
    // GIVEN Azure names another family for the size than the catalog does
    const sku = findSku(arm.current.world, 'uksouth', SIZE);
    if (sku) sku.family = 'standardLsv4NewFamily';
    setUsage(arm.current.world, 'uksouth', 'standardLsv4NewFamily', 0, 900);
    // WHEN preflight runs
    const { report: r } = await report();
    // THEN quota-family uses Azure's family
    expect(check(r, 'quota-family').message).toContain('standardLsv4NewFamily in uksouth: current 0, limit 900');
  });
});

describe('check quota-regional', () => {
  it('fails when Total Regional vCPUs are short', async () => {
    // GIVEN 1900 of 2000 regional vCPUs are in use
    setUsage(arm.current.world, 'uksouth', 'cores', 1900, 2000);
    // WHEN preflight runs
    const { report: r } = await report();
    // THEN quota-regional fails with the shortfall
    const c = check(r, 'quota-regional');
    expect(c.status).toBe('fail');
    expect(c.message).toBe(
      'Total Regional vCPUs (cores) in uksouth: current 1900, limit 2000, needed 776 (8 × 96 vCPUs of Standard_L96s_v4 nodes + 1 × 8 vCPUs of Standard_D8s_v5 management node), free 100, shortfall 676',
    );
  });
});

describe('quota counts the management node and the client pool', () => {
  it('fails quota-regional when the management node pushes Total Regional vCPUs over the limit the nodes alone fit', async () => {
    // GIVEN 770 regional vCPUs free: the 8 × 96 node vCPUs fit, with the 8 of the management node they do not
    setUsage(arm.current.world, 'uksouth', 'cores', 1230, 2000);
    // WHEN preflight runs with the default profile (management node on)
    const { code, report: r } = await report();
    // THEN quota-regional fails, naming both contributors, and the verdict is no-go
    expect(code).toBe(1);
    const c = check(r, 'quota-regional');
    expect(c.status).toBe('fail');
    expect(c.message).toBe(
      'Total Regional vCPUs (cores) in uksouth: current 1230, limit 2000, needed 776 (8 × 96 vCPUs of Standard_L96s_v4 nodes + 1 × 8 vCPUs of Standard_D8s_v5 management node), free 770, shortfall 6',
    );
    expect(c.remedy).toContain('to at least 2006 vCPUs');
  });

  it('does not count the management node when it is disabled', async () => {
    // GIVEN the same 770 free regional vCPUs and a profile without the management node
    setUsage(arm.current.world, 'uksouth', 'cores', 1230, 2000);
    const profile = writeProfile({ management: { enabled: false } });
    // WHEN preflight runs
    const { report: r } = await report(profile);
    // THEN both quota checks pass on the nodes alone and the D family is not checked
    expect(check(r, 'quota-regional')).toMatchObject({
      status: 'pass',
      message:
        'Total Regional vCPUs (cores) in uksouth: current 1230, limit 2000, needed 768 (8 × 96 vCPUs of Standard_L96s_v4 nodes), free 770',
    });
    expect(check(r, 'quota-family').status).toBe('pass');
    expect(check(r, 'quota-family').message).not.toContain('standardDSv5Family');
  });

  it("fails quota-family when the client pool's family is short, while the node family passes", async () => {
    // GIVEN 50 free DSv5 vCPUs and a profile with 4 × D16s_v5 clients beside the D8s_v5 management node (72 vCPUs)
    setUsage(arm.current.world, 'uksouth', 'standardDSv5Family', 300, 350);
    const profile = writeProfile({ clientPool: { enabled: true, subnet: '10.40.2.0/24', count: 4 } });
    // WHEN preflight runs
    const { code, report: r } = await report(profile);
    // THEN quota-family fails on the DSv5 family, names both D contributors, and still reports the L family
    expect(code).toBe(1);
    const c = check(r, 'quota-family');
    expect(c.status).toBe('fail');
    expect(c.message).toContain(
      'Standard DSv5 Family vCPUs (standardDSv5Family) in uksouth: current 300, limit 350, needed 72 (1 × 8 vCPUs of Standard_D8s_v5 management node + 4 × 16 vCPUs of Standard_D16s_v5 clients), free 50, shortfall 22',
    );
    expect(c.message).toContain(
      'Standard Lsv4 Family vCPUs (standardLsv4Family) in uksouth: current 0, limit 1000, needed 768 (8 × 96 vCPUs of Standard_L96s_v4 nodes), free 1000',
    );
    expect(c.remedy).toContain('standardDSv5Family');
    expect(c.remedy).toContain('to at least 372 vCPUs');
    expect(c.remedy).not.toContain('standardLsv4Family');
    // AND the regional total counts the clients too (768 + 8 + 64)
    expect(check(r, 'quota-regional').message).toContain('needed 840 (');
  });
});

describe('check storage-name', () => {
  it('fails when the offload account name is taken', async () => {
    // GIVEN a profile whose account name already exists
    const profile = writeProfile({ offload: { namePrefix: undefined, accountName: 'vasttaken01' } });
    // WHEN preflight runs
    const { report: r } = await report(profile);
    // THEN storage-name fails with Azure's reason and the profile field to change
    const c = check(r, 'storage-name');
    expect(c.status).toBe('fail');
    expect(c.message).toBe(
      'vasttaken01 is not available (AlreadyExists: The storage account named vasttaken01 is already taken.)',
    );
    expect(c.remedy).toContain('set offload.namePrefix (or offload.accountName)');
  });

  it('passes when the name is free', async () => {
    // GIVEN a fresh name
    const profile = writeProfile({ offload: { namePrefix: undefined, accountName: 'vastfree01' } });
    // WHEN preflight runs
    const { report: r } = await report(profile);
    // THEN storage-name passes
    expect(check(r, 'storage-name')).toMatchObject({
      status: 'pass',
      message: 'vastfree01 is a valid storage account name and is available',
    });
  });
});

describe('check feature-encryption-at-host', () => {
  const FEATURE_PATH = `/subscriptions/${SUBSCRIPTION}/providers/Microsoft.Features/providers/Microsoft.Compute/features/EncryptionAtHost`;

  it('passes when the feature is Registered, read once from the Features API', async () => {
    // GIVEN the default subscription (feature Registered) and a profile with encryption at host on
    // WHEN preflight runs
    const { code, report: r } = await report();
    // THEN the check passes and the feature was read once, at the documented path and api-version
    expect(code).toBe(0);
    expect(check(r, 'feature-encryption-at-host')).toEqual({
      id: 'feature-encryption-at-host',
      status: 'pass',
      message:
        'Microsoft.Compute/EncryptionAtHost is Registered for this subscription (nodes.encryptionAtHost is true)',
    });
    const calls = arm.current.requestsFor('feature');
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ method: 'GET', path: FEATURE_PATH, status: 200 });
    expect(calls[0]?.query['api-version']).toBe('2021-07-01');
  });

  it.each(['NotRegistered', 'Unregistered'] as const)(
    'fails when the feature is %s, with the az commands that register it',
    async (state) => {
      // GIVEN the feature is not registered for the subscription
      setFeature(arm.current.world, 'Microsoft.Compute', 'EncryptionAtHost', state);
      // WHEN preflight runs
      const { code, report: r } = await report();
      // THEN the check fails, the verdict is no-go, and the remedy names both az commands in order
      expect(code).toBe(1);
      expect(r.verdict).toBe('no-go');
      const c = check(r, 'feature-encryption-at-host');
      expect(c.status).toBe('fail');
      expect(c.message).toBe(
        `Microsoft.Compute/EncryptionAtHost is ${state} for this subscription, and nodes.encryptionAtHost is true: the node pool would fail to deploy`,
      );
      const remedy = c.remedy ?? '';
      const register = remedy.indexOf('`az feature register --namespace Microsoft.Compute --name EncryptionAtHost`');
      const propagate = remedy.indexOf('`az provider register --namespace Microsoft.Compute`');
      expect(register).toBeGreaterThanOrEqual(0);
      expect(propagate).toBeGreaterThan(register);
      expect(remedy).toContain('or set nodes.encryptionAtHost to false');
    },
  );

  it.each(['Registering', 'Pending'] as const)(
    'warns while the feature is %s, without stopping the deployment',
    async (state) => {
      // GIVEN the feature's registration is under way
      setFeature(arm.current.world, 'Microsoft.Compute', 'EncryptionAtHost', state);
      // WHEN preflight runs
      const { code, report: r } = await report();
      // THEN the check warns with the command to wait on, and the verdict stays go
      expect(code).toBe(0);
      expect(r.verdict).toBe('go');
      const c = check(r, 'feature-encryption-at-host');
      expect(c.status).toBe('warn');
      expect(c.message).toContain(`Microsoft.Compute/EncryptionAtHost is ${state} for this subscription`);
      expect(c.remedy).toContain(
        'wait until `az feature show --namespace Microsoft.Compute --name EncryptionAtHost --query properties.state` says Registered',
      );
      expect(c.remedy).toContain('`az provider register --namespace Microsoft.Compute`');
    },
  );

  it('passes as not needed, without asking Azure, when the profile turns encryption at host off', async () => {
    // GIVEN the feature is not registered, but the profile does not want encryption at host
    setFeature(arm.current.world, 'Microsoft.Compute', 'EncryptionAtHost', 'NotRegistered');
    const profile = writeProfile({ nodes: { encryptionAtHost: false } });
    // WHEN preflight runs
    const { code, report: r } = await report(profile);
    // THEN the check passes as not needed and no request reached the Features API
    expect(code).toBe(0);
    expect(check(r, 'feature-encryption-at-host')).toEqual({
      id: 'feature-encryption-at-host',
      status: 'pass',
      message: 'not needed: nodes.encryptionAtHost is false, so Microsoft.Compute/EncryptionAtHost was not asked about',
    });
    expect(arm.current.requestsFor('feature')).toHaveLength(0);
    expect(arm.current.requests.some((r) => r.path.includes('Microsoft.Features'))).toBe(false);
  });

  it('warns, with an explanation, when Azure does not know the feature (404)', async () => {
    // GIVEN a cloud where the feature does not exist
    setFeature(arm.current.world, 'Microsoft.Compute', 'EncryptionAtHost', undefined);
    // WHEN preflight runs
    const { code, report: r } = await report();
    // THEN the check warns (not a crash, not exit 3), saying why and what to do; the 404 was not retried
    expect(code).toBe(0);
    const c = check(r, 'feature-encryption-at-host');
    expect(c.status).toBe('warn');
    expect(c.message).toContain(
      "Azure does not know the feature Microsoft.Compute/EncryptionAtHost in this subscription's cloud (404, FeatureNotFound)",
    );
    expect(c.remedy).toContain('set nodes.encryptionAtHost to false');
    expect(arm.current.requestsFor('feature').map((q) => q.status)).toEqual([404]);
  });
});
