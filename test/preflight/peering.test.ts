import { describe, expect, it } from 'vitest';
import { CHECK_IDS } from '../../scripts/preflight/check';
import { addNetwork } from '../support/arm-emulator/world';
import { check, parseReport, runPreflight, useEmulator, writeProfile, type JsonReport } from './support';

const arm = useEmulator();

const ID = 'network-peering';
const OTHER_SUBSCRIPTION = '11111111-2222-4333-8444-555555555555';

/** Runs preflight with --json on the default profile (address space 10.40.0.0/16) peered with `ids`. */
async function report(ids: string[]): Promise<{ code: number | null; report: JsonReport }> {
  const profile = writeProfile({
    access: { peerings: ids.map((remoteVirtualNetworkId) => ({ remoteVirtualNetworkId })) },
  });
  const run = await runPreflight(arm.current, { args: ['--json'], profile });
  return { code: run.code, report: parseReport(run.stdout) };
}

describe('check network-peering', () => {
  it('passes as not used, without reading any network, when the profile peers with nothing', async () => {
    // GIVEN the default profile and a network in the world WHEN preflight runs
    addNetwork(arm.current.world);
    const run = await runPreflight(arm.current, { args: ['--json'], profile: writeProfile() });
    // THEN the check passes as not used, in its place in the report, and no network was read
    const r = parseReport(run.stdout);
    expect(check(r, ID)).toEqual({ id: ID, status: 'pass', message: 'not used: the profile peers with no network' });
    expect(r.checks.findIndex((c) => c.id === ID)).toBe(CHECK_IDS.indexOf(ID));
    expect(arm.current.requestsFor('network')).toHaveLength(0);
  });

  it('passes when every peered network exists and no address space overlaps, reading each once by id', async () => {
    // GIVEN a hub in another subscription and a spoke, neither overlapping 10.40.0.0/16
    const hub = addNetwork(arm.current.world, {
      subscriptionId: OTHER_SUBSCRIPTION,
      name: 'vnet-hub',
      addressPrefixes: ['10.60.0.0/16'],
    }).virtualNetworkId;
    const spoke = addNetwork(arm.current.world, {
      name: 'vnet-spoke',
      resourceGroup: 'rg-spoke',
      addressPrefixes: ['10.70.0.0/16', '10.71.0.0/24'],
      nodeSubnet: { addressPrefix: '10.70.0.0/24' },
      privateEndpointSubnet: { addressPrefix: '10.70.1.0/27' },
    }).virtualNetworkId;
    // WHEN preflight runs on a profile that peers with both
    const { code, report: r } = await report([hub, spoke]);
    // THEN the check passes and names both address spaces
    expect(code).toBe(0);
    expect(check(r, ID)).toEqual({
      id: ID,
      status: 'pass',
      message: 'vnet-hub (10.60.0.0/16); vnet-spoke (10.70.0.0/16, 10.71.0.0/24) exist and do not overlap 10.40.0.0/16',
    });
    const reads = arm.current.requestsFor('network');
    expect(reads.map((q) => q.path).sort()).toEqual([hub, spoke].sort());
    expect(reads.every((q) => q.method === 'GET' && q.query['api-version'] === '2024-05-01')).toBe(true);
  });

  it('fails when a peered network does not exist, naming the profile field to fix', async () => {
    // GIVEN a network id in a resource group the world does not hold
    const missing = `/subscriptions/${arm.current.world.subscriptionId}/resourceGroups/rg-nowhere/providers/Microsoft.Network/virtualNetworks/vnet-gone`;
    // WHEN preflight runs
    const { code, report: r } = await report([missing]);
    // THEN the check fails with the id and the field, and the verdict is no-go
    expect(code).toBe(1);
    const c = check(r, ID);
    expect(c.status).toBe('fail');
    expect(c.message).toMatch(
      /^peered network vnet-gone was not found \(404, ResourceGroupNotFound\): \/subscriptions\//,
    );
    expect(c.remedy).toContain('fix access.peerings[0].remoteVirtualNetworkId');
  });

  it('fails when a peered network overlaps the cluster address space', async () => {
    // GIVEN a network that holds 10.40.128.0/17, inside the cluster's 10.40.0.0/16
    const clash = addNetwork(arm.current.world, {
      name: 'vnet-clash',
      addressPrefixes: ['10.40.128.0/17'],
      nodeSubnet: { addressPrefix: '10.40.128.0/24' },
      privateEndpointSubnet: { addressPrefix: '10.40.129.0/27' },
    }).virtualNetworkId;
    // WHEN preflight runs
    const { code, report: r } = await report([clash]);
    // THEN the check fails and says which spaces overlap and what to change
    expect(code).toBe(1);
    expect(check(r, ID)).toMatchObject({
      status: 'fail',
      message:
        'peered network vnet-clash (10.40.128.0/17) overlaps the cluster network (10.40.0.0/16): Azure refuses to peer overlapping address spaces',
      remedy: 'choose a network.addressSpace (and subnets) that does not overlap 10.40.128.0/17',
    });
  });
});
