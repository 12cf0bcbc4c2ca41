import { describe, expect, it } from 'vitest';
import { addNetwork, findNetwork, removeSubnet, type NetworkIds } from '../support/arm-emulator/world';
import { check, parseReport, runPreflight, useEmulator, writeProfile, type JsonReport } from './support';

const arm = useEmulator();

const ID = 'network-existing';

/** Runs preflight with --json on the default profile, deploying into `existing` when given. */
async function report(existing?: NetworkIds): Promise<{ code: number | null; report: JsonReport; stderr: string }> {
  const profile = writeProfile(existing ? { network: { existing } } : {});
  const run = await runPreflight(arm.current, { args: ['--json'], profile });
  return { code: run.code, report: parseReport(run.stdout), stderr: run.stderr };
}

describe('check network-existing', () => {
  it('passes as not used, without asking Azure, when the stack creates its own network', async () => {
    // GIVEN the default profile (no network.existing), and a network in the world that must not be read
    addNetwork(arm.current.world);
    // WHEN preflight runs
    const { code, report: r } = await report();
    // THEN the check passes as not used, it is reported tenth (fault-domain-count and network-peering follow it), and
    // no network read reached the emulator
    expect(code).toBe(0);
    expect(check(r, ID)).toEqual({ id: ID, status: 'pass', message: 'not used: the stack creates its own network' });
    expect(r.checks[9]?.id).toBe(ID);
    expect(arm.current.requestsFor('network')).toHaveLength(0);
    expect(arm.current.requests.some((q) => /\/providers\/Microsoft\.Network\//i.test(q.path))).toBe(false);
  });

  it('passes with the address prefixes when the network has explicit outbound and an NSG', async () => {
    // GIVEN a customer network in uksouth whose node subnet has a NAT gateway and an NSG
    const ids = addNetwork(arm.current.world);
    // WHEN preflight runs on a profile that deploys into it
    const { code, report: r, stderr } = await report(ids);
    // THEN the check passes and names the prefixes, NAT gateway and NSG; twelve calls in flight raise no Node warning
    expect(code).toBe(0);
    expect(stderr).not.toContain('MaxListenersExceededWarning');
    expect(check(r, ID)).toEqual({
      id: ID,
      status: 'pass',
      message:
        'virtual network vnet-customer in uksouth (10.60.0.0/16); node subnet snet-vast-nodes (10.60.0.0/24); private endpoint subnet snet-private-endpoints (10.60.1.0/27); node subnet outbound through NAT gateway ng-vnet-customer, inbound filtered by NSG nsg-snet-vast-nodes',
    });
    // AND the VNet and both subnets were each read once, by id, with the Microsoft.Network api-version
    const reads = arm.current.requestsFor('network');
    expect(reads.map((q) => q.path).sort()).toEqual(
      [ids.virtualNetworkId, ids.nodeSubnetId, ids.privateEndpointSubnetId].sort(),
    );
    expect(reads.every((q) => q.method === 'GET' && q.status === 200)).toBe(true);
    expect(reads.every((q) => q.query['api-version'] === '2024-05-01')).toBe(true);
  });

  it('compares the location case-insensitively', async () => {
    // GIVEN a network whose location Azure spells "UKSouth"
    const ids = addNetwork(arm.current.world, { location: 'UKSouth' });
    // WHEN preflight runs on a uksouth profile
    const { report: r } = await report(ids);
    // THEN the check passes
    expect(check(r, ID).status).toBe('pass');
  });

  it('fails when the node subnet does not exist, naming it and what to fix', async () => {
    // GIVEN the node subnet was deleted from the customer's network
    const ids = addNetwork(arm.current.world);
    removeSubnet(arm.current.world, ids.nodeSubnetId);
    // WHEN preflight runs
    const { code, report: r } = await report(ids);
    // THEN exit 1, the check fails naming the subnet and the 404, and the remedy names the profile field
    expect(code).toBe(1);
    expect(r.verdict).toBe('no-go');
    const c = check(r, ID);
    expect(c.status).toBe('fail');
    expect(c.message).toBe('node subnet snet-vast-nodes was not found in vnet-customer (404, NotFound)');
    expect(c.remedy).toContain('fix network.existing.nodeSubnetId or create the subnet');
    expect(c.remedy).toContain(
      '`az network vnet subnet list --resource-group rg-customer-network --vnet-name vnet-customer -o table`',
    );
  });

  it('fails when the virtual network does not exist', async () => {
    // GIVEN ids of a network in a resource group the subscription does not have
    const ids = addNetwork(arm.current.world);
    arm.current.world.networks = [];
    // WHEN preflight runs
    const { code, report: r } = await report(ids);
    // THEN the check fails on the VNet (the subnets' 404s follow from it and are not repeated)
    expect(code).toBe(1);
    const c = check(r, ID);
    expect(c.status).toBe('fail');
    expect(c.message).toBe(
      `virtual network vnet-customer was not found (404, ResourceGroupNotFound): ${ids.virtualNetworkId}`,
    );
    expect(c.remedy).toContain('fix network.existing.virtualNetworkId');
    expect(c.remedy).toContain("Reader on the network's resource group");
  });

  it("fails when the virtual network is in another region than the profile's location", async () => {
    // GIVEN the customer's network is in westeurope and the profile deploys to uksouth
    const ids = addNetwork(arm.current.world, { location: 'westeurope' });
    // WHEN preflight runs
    const { code, report: r } = await report(ids);
    // THEN exit 1 and the check fails naming both locations, with the two ways out
    expect(code).toBe(1);
    const c = check(r, ID);
    expect(c.status).toBe('fail');
    expect(c.message).toBe(
      "virtual network vnet-customer is in westeurope, the profile's location is uksouth: the nodes must be in the network's region",
    );
    expect(c.remedy).toContain('set location to westeurope');
    expect(c.remedy).toContain('or name a virtual network in uksouth');
  });

  it('fails when the node subnet and the private endpoint subnet are the same subnet', async () => {
    // GIVEN a profile that names the node subnet twice
    const ids = addNetwork(arm.current.world);
    // WHEN preflight runs
    const { code, report: r } = await report({ ...ids, privateEndpointSubnetId: ids.nodeSubnetId });
    // THEN the check fails and asks for a subnet of their own for the endpoints
    expect(code).toBe(1);
    const c = check(r, ID);
    expect(c.status).toBe('fail');
    expect(c.message).toBe(
      'network.existing.nodeSubnetId and privateEndpointSubnetId are the same subnet (snet-vast-nodes)',
    );
    expect(c.remedy).toContain('give the private endpoints a subnet of their own in vnet-customer');
  });

  it('warns when the node subnet has no explicit outbound, without stopping the deployment', async () => {
    // GIVEN a node subnet with neither a NAT gateway nor a route table
    const ids = addNetwork(arm.current.world, { nodeSubnet: { natGateway: false } });
    // WHEN preflight runs
    const { code, report: r } = await report(ids);
    // THEN the check warns, the verdict stays go, and the remedy offers a NAT gateway or a route to a firewall
    expect(code).toBe(0);
    expect(r.verdict).toBe('go');
    const c = check(r, ID);
    expect(c.status).toBe('warn');
    expect(c.message).toContain(
      'node subnet snet-vast-nodes has no explicit outbound (no NAT gateway, no route table): the nodes (a Flexible scale set) get no default outbound access',
    );
    expect(c.message).toContain('node subnet snet-vast-nodes (10.60.0.0/24)');
    expect(c.remedy).toBe(
      `attach a NAT gateway to snet-vast-nodes, or a route table that sends 0.0.0.0/0 to your firewall or NVA: \`az network vnet subnet update --ids ${ids.nodeSubnetId} --nat-gateway <NAT gateway id>\` (or \`--route-table <route table id>\`)`,
    );
  });

  it('warns that it cannot see the default route when the node subnet has a route table', async () => {
    // GIVEN a node subnet whose outbound goes through a route table (to a firewall, presumably)
    const ids = addNetwork(arm.current.world, { nodeSubnet: { natGateway: false, routeTable: true } });
    // WHEN preflight runs
    const { code, report: r } = await report(ids);
    // THEN the check warns that it does not read the routes, and says how to look
    expect(code).toBe(0);
    const c = check(r, ID);
    expect(c.status).toBe('warn');
    expect(c.message).toContain(
      'node subnet snet-vast-nodes has route table rt-snet-vast-nodes and no NAT gateway: outbound depends on its 0.0.0.0/0 route, which preflight does not read',
    );
    expect(c.remedy).toContain(
      '`az network route-table route list --resource-group rg-customer-network --route-table-name rt-snet-vast-nodes -o table`',
    );
  });

  it('warns when the node subnet has no network security group', async () => {
    // GIVEN a node subnet with a NAT gateway but no NSG
    const ids = addNetwork(arm.current.world, { nodeSubnet: { networkSecurityGroup: false } });
    // WHEN preflight runs
    const { code, report: r } = await report(ids);
    // THEN the check warns that inbound is not filtered there, and the verdict stays go
    expect(code).toBe(0);
    expect(r.verdict).toBe('go');
    const c = check(r, ID);
    expect(c.status).toBe('warn');
    expect(c.message).toContain(
      'node subnet snet-vast-nodes has no network security group: inbound traffic to the nodes is not filtered at this subnet, and the toolkit manages no NSG in an existing network',
    );
    expect(c.message).not.toContain('outbound');
    expect(c.remedy).toContain('associate an NSG with snet-vast-nodes');
  });

  it('fails, not as exit 3, when a hub network in another subscription is not found', async () => {
    // GIVEN ids in a subscription Azure does not know
    const ids = addNetwork(arm.current.world, { subscriptionId: '0a0b0c0d-0000-4000-8000-000000000000' });
    arm.current.world.networks = [];
    // WHEN preflight runs
    const { code, report: r } = await report(ids);
    // THEN the check fails naming the 404's code, instead of the run ending as "subscription not found"
    expect(code).toBe(1);
    expect(check(r, ID).message).toContain('virtual network vnet-customer was not found (404, SubscriptionNotFound)');
  });
});

describe('check network-existing: faults', () => {
  it('survives a burst of 503 on the network reads that then succeeds', async () => {
    // GIVEN a customer network, and Azure answering the first two network reads with 503
    const ids = addNetwork(arm.current.world);
    arm.current.addFault({ op: 'network', kind: 'status', status: 503, times: 2 });
    // WHEN preflight runs
    const { code, report: r } = await report(ids);
    // THEN the shared retry policy carried the reads through the burst and the check passed
    expect(code).toBe(0);
    expect(check(r, ID).status).toBe('pass');
    const statuses = arm.current.requestsFor('network').map((q) => q.status);
    expect(statuses.filter((s) => s === 503)).toHaveLength(2);
    expect(statuses.filter((s) => s === 200)).toHaveLength(3);
  });

  it("ends with exit 3 naming the network's resource group when the reads are denied (403)", async () => {
    // GIVEN the identity may not read the customer's network
    const ids = addNetwork(arm.current.world);
    arm.current.addFault({ op: 'network', kind: 'status', status: 403 });
    // WHEN preflight runs
    const profile = writeProfile({ network: { existing: ids } });
    const run = await runPreflight(arm.current, { profile });
    // THEN exit 3, stdout empty, and the remedy asks for Reader on the network's resource group
    expect(run.code).toBe(3);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('Azure denied access (403)');
    expect(run.stderr).toContain("Reader role on the existing network's resource group");
  });

  it.each([
    // The reads run at once and the first to fail names itself: the VNet read or a subnet read.
    ['every network read answers {}', () => '{}', /has no (location|properties\.addressPrefix or addressPrefixes)/],
    [
      "every network read answers the virtual network's JSON, so a subnet read has no address prefix",
      (ids: NetworkIds) => JSON.stringify(findNetwork(arm.current.world, ids.virtualNetworkId)),
      'has no properties.addressPrefix or addressPrefixes',
    ],
    [
      'a network read answers a subnet whose NAT gateway is not a reference',
      // Readable as the VNet too, so the subnet reads are the ones that fail.
      () =>
        JSON.stringify({
          name: 'snet-x',
          location: 'uksouth',
          properties: {
            addressSpace: { addressPrefixes: ['10.60.0.0/16'] },
            addressPrefix: '10.60.0.0/24',
            natGateway: 'ng-x',
          },
        }),
      'properties.natGateway that is not a reference with an id',
    ],
  ])('ends with exit 3, never a verdict, when %s', async (_what, body, says) => {
    // GIVEN a customer network, and Azure answering the network reads with something that is not such a resource
    const ids = addNetwork(arm.current.world);
    arm.current.addFault({ op: 'network', kind: 'body', body: body(ids) });
    // WHEN preflight runs
    const run = await runPreflight(arm.current, { profile: writeProfile({ network: { existing: ids } }) });
    // THEN exit 3 naming the read and what is missing: an unreadable answer is not a network to judge
    expect(run.code).toBe(3);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/(virtual network|subnet) \(GET \/subscriptions\//);
    expect(run.stderr).toMatch(says);
  });
});
