import { NetworkSecurityRule, type NetworkSecurityRuleConfig } from '@cdktf/provider-azurerm/lib/network-security-rule';
import { TerraformVariable } from 'cdktf';
import { describe, expect, it } from 'vitest';
import { compliantPaths, evaluate, findingsOf, profile, profileStack, RAW, rawStack } from '../support';

/** A raw inbound Allow rule to the node subnet 10.40.0.0/24. */
function allowRule(
  stack: ReturnType<typeof rawStack>,
  overrides: Partial<NetworkSecurityRuleConfig> & Pick<NetworkSecurityRuleConfig, 'name'>,
): NetworkSecurityRule {
  return new NetworkSecurityRule(stack, overrides.name, {
    resourceGroupName: RAW.resourceGroupName,
    networkSecurityGroupName: 'nsg',
    priority: 200,
    direction: 'Inbound',
    access: 'Allow',
    protocol: 'Tcp',
    sourcePortRange: '*',
    destinationAddressPrefix: '10.40.0.0/24',
    ...overrides,
  });
}

/** The default profile with every access feature on: all protocols, a client pool, the management node. */
function fullAccessProfile() {
  return profile('default', (raw) => {
    raw.access = { protocols: ['nfs', 'smb', 's3', 'block'] };
    raw.clientPool = { enabled: true, subnet: '10.40.2.0/24', count: 2 };
  });
}

describe('VAZ-SEC-014 internal cluster ports stay inside the cluster subnet', () => {
  it('passes the node NSG with every protocol, a client pool and the management node', () => {
    // GIVEN the default profile with every protocol and a client pool WHEN the pack runs
    const report = evaluate(profileStack(fullAccessProfile()));
    // THEN the intra-subnet rule is compliant and nothing is found
    expect(compliantPaths(report, 'VAZ-SEC-014')).toContain('vast-poc/network/node-nsg-allow-intra-subnet');
    expect(findingsOf(report, 'VAZ-SEC-014')).toEqual([]);
  });

  it('fails a rule that opens an internal port from a client network', () => {
    const stack = rawStack();
    allowRule(stack, { name: 'leak', sourceAddressPrefixes: ['10.50.0.0/16'], destinationPortRange: '4000-4001' });
    const [finding] = findingsOf(evaluate(stack), 'VAZ-SEC-014');
    expect(finding).toMatchObject({ level: 'error', path: 'raw/leak' });
    expect(finding!.detail).toBe(
      'rule "leak" opens 4000-4001 (DNode internal 4000-4001) on 10.40.0.0/24 from "10.50.0.0/16", which is not inside that subnet',
    );
  });

  it('fails a rule that opens every port from the admin CIDRs variable', () => {
    const stack = rawStack();
    const admins = new TerraformVariable(stack, 'admin_cidrs', { type: 'list(string)' });
    allowRule(stack, { name: 'wide', sourceAddressPrefixes: admins.listValue, destinationPortRange: '*' });
    expect(findingsOf(evaluate(stack), 'VAZ-SEC-014').map((f) => f.detail)).toEqual([
      'rule "wide" opens * (every port) on 10.40.0.0/24 from "${var.admin_cidrs}", which is not inside that subnet',
    ]);
  });

  it('passes a data-port rule from the clients (no internal port)', () => {
    const stack = rawStack();
    allowRule(stack, { name: 'nfs', sourceAddressPrefixes: ['10.50.0.0/16'], destinationPortRanges: ['111', '2049'] });
    const report = evaluate(stack);
    expect(findingsOf(report, 'VAZ-SEC-014')).toEqual([]);
  });
});

describe('VAZ-SEC-002 on the data ports', () => {
  it('passes the client rules that take the validated client_cidrs variable', () => {
    const report = evaluate(profileStack());
    expect(compliantPaths(report, 'VAZ-SEC-002')).toEqual(
      expect.arrayContaining([
        'vast-poc/network/node-nsg-allow-nfs-tcp-from-clients',
        'vast-poc/network/node-nsg-allow-nfs-udp-from-clients',
      ]),
    );
    expect(findingsOf(report, 'VAZ-SEC-002')).toEqual([]);
  });

  it('fails an NFS rule open to a source wider than /8', () => {
    const stack = rawStack();
    allowRule(stack, {
      name: 'nfs-wide',
      sourceAddressPrefixes: ['10.0.0.0/7'],
      destinationPortRanges: ['111', '2049'],
    });
    expect(findingsOf(evaluate(stack), 'VAZ-SEC-002').map((f) => f.detail)).toEqual([
      'rule "nfs-wide" allows inbound from "10.0.0.0/7"',
    ]);
  });

  it('fails a data-port rule fed by a client variable that does not limit the prefix length', () => {
    const stack = rawStack();
    const clients = new TerraformVariable(stack, 'client_cidrs', { type: 'list(string)' });
    allowRule(stack, { name: 'nfs-unchecked', sourceAddressPrefixes: clients.listValue, destinationPortRange: '2049' });
    expect(findingsOf(evaluate(stack), 'VAZ-SEC-002')).toHaveLength(1);
  });
});

describe('the management node and client pool under the node rules', () => {
  it('pass every security and reliability rule with the profile defaults', () => {
    // GIVEN every access feature on WHEN the pack runs
    const report = evaluate(profileStack(fullAccessProfile()));
    // THEN nothing on the management VM, its NIC or the client scale set is found
    const paths = ['vast-poc/management/vm', 'vast-poc/management/nic', 'vast-poc/clients/vmss'];
    expect([...report.errors, ...report.warnings].filter((f) => paths.includes(f.path))).toEqual([]);
    for (const [rule, path] of [
      ['VAZ-SEC-001', 'vast-poc/management/nic'],
      ['VAZ-SEC-001', 'vast-poc/clients/vmss'],
      ['VAZ-SEC-003', 'vast-poc/management/vm'],
      ['VAZ-SEC-003', 'vast-poc/clients/vmss'],
      ['VAZ-SEC-013', 'vast-poc/management/vm'],
      ['VAZ-REL-001', 'vast-poc/management/vm'],
      ['VAZ-REL-003', 'vast-poc/management/nic'],
      ['VAZ-REL-003', 'vast-poc/clients/vmss'],
    ] as const) {
      expect(compliantPaths(report, rule), `${rule} ${path}`).toContain(path);
    }
  });

  it('fails the management VM when password login is turned on', () => {
    const stack = profileStack();
    stack.management!.vm.addOverride('disable_password_authentication', false);
    expect(findingsOf(evaluate(stack), 'VAZ-SEC-003').map((f) => [f.path, f.detail])).toEqual([
      ['vast-poc/management/vm', 'disable_password_authentication is false'],
    ]);
  });

  it('fails the management NIC when it gets a public IP or loses accelerated networking', () => {
    const stack = profileStack();
    stack.management!.nic.addOverride('ip_configuration.0.public_ip_address_id', '/subscriptions/s/pip');
    stack.management!.nic.addOverride('accelerated_networking_enabled', false);
    const report = evaluate(stack);
    expect(findingsOf(report, 'VAZ-SEC-001').map((f) => f.path)).toEqual(['vast-poc/management/nic']);
    expect(findingsOf(report, 'VAZ-REL-003').map((f) => f.path)).toEqual(['vast-poc/management/nic']);
  });

  it('fails the management VM when it leaves the profile zone', () => {
    const stack = profileStack();
    stack.management!.vm.addOverride('zone', '3');
    expect(findingsOf(evaluate(stack), 'VAZ-REL-001').map((f) => f.path)).toEqual(['vast-poc/management/vm']);
  });
});
