import { request } from 'node:https';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArmEmulator } from '../support/arm-emulator/server';
import { addNetwork } from '../support/arm-emulator/world';
import { startEmulator } from './support';

let emulator: ArmEmulator;

beforeAll(async () => {
  emulator = await startEmulator();
});

afterAll(async () => {
  await emulator.close();
});

/** GETs a path over HTTPS, trusting only the emulator's CA (verification stays on). */
function get(path: string, token?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${emulator.url}${path}`,
      { ca: readFileSync(emulator.caCertPath), headers: token ? { authorization: `Bearer ${token}` } : {} },
      (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString('utf8')));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('ARM emulator', () => {
  it('listens on 127.0.0.1 over HTTPS only', () => {
    // GIVEN a started emulator
    // WHEN its URL is read
    // THEN it is an https URL on the loopback address
    expect(emulator.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
  });

  it('fails when a request carries no bearer token', async () => {
    // GIVEN no Authorization header
    // WHEN the locations are asked for
    const res = await get(`/subscriptions/${emulator.world.subscriptionId}/locations?api-version=2022-12-01`);
    // THEN it answers 401 with an ARM error body
    expect(res.status).toBe(401);
    expect(JSON.parse(res.body)).toMatchObject({ error: { code: 'AuthenticationFailed' } });
  });

  it('hands out nextLink pages that point back at itself', async () => {
    // GIVEN pages of two items
    emulator.configure({ pageSize: 2 });
    // WHEN the usage list is asked for
    const res = await get(
      `/subscriptions/${emulator.world.subscriptionId}/providers/Microsoft.Compute/locations/uksouth/usages?api-version=2024-07-01`,
      'any',
    );
    // THEN the first page has two rows and a nextLink on the emulator's own origin
    const page = JSON.parse(res.body) as { value: unknown[]; nextLink: string };
    expect(page.value).toHaveLength(2);
    expect(page.nextLink.startsWith(`${emulator.url}/subscriptions/`)).toBe(true);
    expect(new URL(page.nextLink).searchParams.get('$skiptoken')).toBe('2');
  });

  it('serves a feature registration in the FeatureResult shape, and 404 for a feature it does not have', async () => {
    // GIVEN the default world (EncryptionAtHost Registered)
    const base = `/subscriptions/${emulator.world.subscriptionId}/providers/Microsoft.Features/providers/Microsoft.Compute/features`;
    // WHEN the feature and an unknown one are asked for
    const known = await get(`${base}/EncryptionAtHost?api-version=2021-07-01`, 'any');
    const unknown = await get(`${base}/NoSuchFeature?api-version=2021-07-01`, 'any');
    // THEN the first has the documented fields and state, the second is a 404 with an ARM error body
    expect(known.status).toBe(200);
    expect(JSON.parse(known.body)).toEqual({
      properties: { state: 'Registered' },
      id: `${base}/EncryptionAtHost`,
      name: 'Microsoft.Compute/EncryptionAtHost',
      type: 'Microsoft.Features/providers/features',
    });
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.body)).toMatchObject({ error: { code: 'FeatureNotFound' } });
  });

  it('serves a virtual network and its subnets by id, and the 404 ARM sends for each missing part', async () => {
    // GIVEN a customer network in the world
    const ids = addNetwork(emulator.world);
    const v = '?api-version=2024-05-01';
    // WHEN the VNet, a subnet, a missing subnet, a missing VNet and a missing resource group are asked for
    const vnet = await get(`${ids.virtualNetworkId}${v}`, 'any');
    const subnet = await get(`${ids.nodeSubnetId}${v}`, 'any');
    const noSubnet = await get(`${ids.virtualNetworkId}/subnets/nope${v}`, 'any');
    const noVnet = await get(`${ids.virtualNetworkId}-nope${v}`, 'any');
    const noGroup = await get(`${ids.virtualNetworkId.replace('rg-customer-network', 'rg-nope')}${v}`, 'any');
    // THEN the resources have the documented shapes, and each 404 carries ARM's code for it
    expect(vnet.status).toBe(200);
    expect(JSON.parse(vnet.body)).toMatchObject({
      id: ids.virtualNetworkId,
      name: 'vnet-customer',
      location: 'uksouth',
      properties: { addressSpace: { addressPrefixes: ['10.60.0.0/16'] } },
    });
    expect(subnet.status).toBe(200);
    expect(JSON.parse(subnet.body)).toMatchObject({
      id: ids.nodeSubnetId,
      name: 'snet-vast-nodes',
      properties: {
        addressPrefix: '10.60.0.0/24',
        natGateway: { id: expect.stringMatching(/\/natGateways\//) as unknown },
        networkSecurityGroup: { id: expect.stringMatching(/\/networkSecurityGroups\//) as unknown },
        provisioningState: 'Succeeded',
      },
    });
    expect(JSON.parse(noSubnet.body)).toMatchObject({ error: { code: 'NotFound' } });
    expect(JSON.parse(noVnet.body)).toMatchObject({ error: { code: 'ResourceNotFound' } });
    expect(JSON.parse(noGroup.body)).toMatchObject({ error: { code: 'ResourceGroupNotFound' } });
    expect([noSubnet.status, noVnet.status, noGroup.status]).toEqual([404, 404, 404]);
  });

  it('reports the requests it received through the control API', async () => {
    // GIVEN at least one earlier request
    // WHEN the control API is asked
    const res = await get('/_emulator/requests');
    // THEN it lists them without any header (so no token)
    const { value } = JSON.parse(res.body) as { value: { path: string }[] };
    expect(value.length).toBeGreaterThan(0);
    expect(res.body).not.toContain('Bearer');
  });
});
