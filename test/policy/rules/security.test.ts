import { NetworkInterface } from '@cdktf/provider-azurerm/lib/network-interface';
import { NetworkSecurityGroup } from '@cdktf/provider-azurerm/lib/network-security-group';
import { NetworkSecurityRule } from '@cdktf/provider-azurerm/lib/network-security-rule';
import { PrivateEndpoint } from '@cdktf/provider-azurerm/lib/private-endpoint';
import { PublicIp } from '@cdktf/provider-azurerm/lib/public-ip';
import { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group';
import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';
import { StorageAccount, type StorageAccountConfig } from '@cdktf/provider-azurerm/lib/storage-account';
import { TerraformOutput, TerraformVariable, type TerraformStack } from 'cdktf';
import { describe, expect, it } from 'vitest';
import { compliantPaths, evaluate, findingsOf, profile, profileStack, RAW, rawStack } from '../support';

/** A raw storage account with every setting the pack asks for (no private endpoint). */
function secureAccount(stack: TerraformStack, overrides: Partial<StorageAccountConfig> = {}): StorageAccount {
  return new StorageAccount(stack, 'account', {
    ...RAW,
    name: 'stpolicytest',
    accountTier: 'Standard',
    accountReplicationType: 'LRS',
    minTlsVersion: 'TLS1_2',
    httpsTrafficOnlyEnabled: true,
    sharedAccessKeyEnabled: false,
    publicNetworkAccessEnabled: false,
    allowNestedItemsToBePublic: false,
    networkRules: { defaultAction: 'Deny' },
    blobProperties: { deleteRetentionPolicy: { days: 7 }, containerDeleteRetentionPolicy: { days: 7 } },
    ...overrides,
  });
}

const NIC_WITH_PUBLIC_IP = [
  {
    name: 'nic',
    primary: true,
    enable_accelerated_networking: true,
    ip_configuration: [{ name: 'ipconfig', primary: true, subnet_id: 'snet', public_ip_address: [{ name: 'pip' }] }],
  },
];

describe('VAZ-SEC-001 no public IP on nodes', () => {
  it('passes the node pool scale set', () => {
    // GIVEN the default profile  WHEN the pack runs
    const report = evaluate(profileStack());
    // THEN the scale set (and the management node's NIC) is checked and compliant
    expect(compliantPaths(report, 'VAZ-SEC-001')).toEqual(['vast-poc/nodes/vmss', 'vast-poc/management/nic']);
  });

  it('fails when the scale set NIC gets a public IP through an override', () => {
    // GIVEN a scale set NIC with a public_ip_address block
    const stack = profileStack();
    stack.nodes.scaleSet.addOverride('network_interface', NIC_WITH_PUBLIC_IP);
    // WHEN the pack runs
    const [finding] = findingsOf(evaluate(stack), 'VAZ-SEC-001');
    // THEN an error names the resource and the block
    expect(finding).toMatchObject({ level: 'error', path: 'vast-poc/nodes/vmss' });
    expect(finding?.detail).toContain('public_ip_address');
  });

  it('fails when a public IP is attached to a NIC resource', () => {
    // GIVEN a NIC whose ip_configuration references a public IP
    const stack = rawStack();
    const pip = new PublicIp(stack, 'pip', { ...RAW, name: 'pip', allocationMethod: 'Static', zones: ['1'] });
    new NetworkInterface(stack, 'nic', {
      ...RAW,
      name: 'nic',
      acceleratedNetworkingEnabled: true,
      ipConfiguration: [
        { name: 'ip', subnetId: 'snet', privateIpAddressAllocation: 'Dynamic', publicIpAddressId: pip.id },
      ],
    });
    // WHEN the pack runs
    const findings = findingsOf(evaluate(stack), 'VAZ-SEC-001');
    // THEN the NIC is reported
    expect(findings.map((f) => f.address)).toEqual(['azurerm_network_interface.nic']);
  });
});

/** An Allow Inbound TCP 22 rule with the given source, as a raw provider resource. */
function inboundSshRule(
  stack: TerraformStack,
  source: { sourceAddressPrefix: string } | { sourceAddressPrefixes: string[] },
): NetworkSecurityRule {
  return new NetworkSecurityRule(stack, 'ssh', {
    name: 'ssh',
    resourceGroupName: RAW.resourceGroupName,
    networkSecurityGroupName: 'nsg',
    priority: 100,
    direction: 'Inbound',
    access: 'Allow',
    protocol: 'Tcp',
    sourcePortRange: '*',
    destinationPortRange: '22',
    destinationAddressPrefix: '*',
    ...source,
  });
}

describe('VAZ-SEC-002 no inbound from any source', () => {
  it('passes NSG rules whose source is the validated admin_cidrs variable', () => {
    // GIVEN the default profile (admin CIDRs supplied at apply time, guarded by a variable validation)
    const report = evaluate(profileStack());
    // THEN the SSH rule is compliant
    expect(compliantPaths(report, 'VAZ-SEC-002')).toContain('vast-poc/network/node-nsg-allow-ssh');
    expect(findingsOf(report, 'VAZ-SEC-002')).toEqual([]);
  });

  it('passes NSG rules with literal admin CIDRs', () => {
    // GIVEN the fault-domains profile with literal admin CIDRs
    const report = evaluate(profileStack(profile('fault-domains')));
    // THEN the SSH rule is compliant
    expect(compliantPaths(report, 'VAZ-SEC-002')).toContain('vast-poc-fd/network/node-nsg-allow-ssh');
  });

  it('fails when a rule allows inbound from Internet', () => {
    // GIVEN an Allow Inbound rule from the Internet service tag
    const stack = rawStack();
    inboundSshRule(stack, { sourceAddressPrefix: 'Internet' });
    // WHEN the pack runs
    const [finding] = findingsOf(evaluate(stack), 'VAZ-SEC-002');
    // THEN the rule is reported with its source
    expect(finding?.detail).toBe('rule "ssh" allows inbound from "Internet"');
  });

  it('fails when an inline NSG rule allows inbound from 0.0.0.0/0', () => {
    // GIVEN an NSG with an inline rule listing 0.0.0.0/0 among its sources
    const stack = rawStack();
    new NetworkSecurityGroup(stack, 'nsg', {
      ...RAW,
      name: 'nsg',
      securityRule: [
        {
          name: 'open',
          priority: 100,
          direction: 'Inbound',
          access: 'Allow',
          protocol: '*',
          sourcePortRange: '*',
          destinationPortRange: '*',
          sourceAddressPrefixes: ['10.0.0.0/8', '0.0.0.0/0'],
          destinationAddressPrefix: '*',
        },
      ],
    });
    // WHEN the pack runs
    const [finding] = findingsOf(evaluate(stack), 'VAZ-SEC-002');
    // THEN the NSG is reported
    expect(finding).toMatchObject({ path: 'raw/nsg', detail: 'rule "open" allows inbound from "0.0.0.0/0"' });
  });

  it('fails when the source is a variable without validation', () => {
    // GIVEN a rule whose sources come from an unvalidated variable
    const stack = rawStack();
    const cidrs = new TerraformVariable(stack, 'cidrs', { type: 'list(string)' });
    inboundSshRule(stack, { sourceAddressPrefixes: cidrs.listValue });
    // WHEN the pack runs
    const [finding] = findingsOf(evaluate(stack), 'VAZ-SEC-002');
    // THEN the rule is reported as unverifiable
    expect(finding?.detail).toContain('no variable validation limits to /8 or longer');
  });

  it('fails when the source variable is validated but not for its prefix length', () => {
    // GIVEN a rule whose sources come from a variable that only checks the values are CIDRs
    const stack = rawStack();
    const cidrs = new TerraformVariable(stack, 'cidrs', {
      type: 'list(string)',
      validation: [
        { condition: '${alltrue([for c in var.cidrs : can(cidrhost(c, 0))])}', errorMessage: 'CIDRs only.' },
      ],
    });
    inboundSshRule(stack, { sourceAddressPrefixes: cidrs.listValue });
    // WHEN the pack runs
    const [finding] = findingsOf(evaluate(stack), 'VAZ-SEC-002');
    // THEN the weak guard does not count
    expect(finding?.detail).toContain('no variable validation limits to /8 or longer');
  });

  it('fails when two wide blocks together cover the internet', () => {
    // GIVEN an Allow Inbound rule from 0.0.0.0/1 and 128.0.0.0/1
    const stack = rawStack();
    inboundSshRule(stack, { sourceAddressPrefixes: ['0.0.0.0/1', '128.0.0.0/1'] });
    // WHEN the pack runs
    const [finding] = findingsOf(evaluate(stack), 'VAZ-SEC-002');
    // THEN the first wide block is reported
    expect(finding?.detail).toBe('rule "ssh" allows inbound from "0.0.0.0/1"');
  });
});

describe('VAZ-SEC-003 password authentication disabled', () => {
  it('passes the node pool', () => {
    expect(compliantPaths(evaluate(profileStack()), 'VAZ-SEC-003')).toEqual([
      'vast-poc/nodes/vmss',
      'vast-poc/management/vm',
    ]);
  });

  it('fails when password authentication is re-enabled through an override', () => {
    // GIVEN a scale set with password login enabled
    const stack = profileStack();
    stack.nodes.scaleSet.addOverride('os_profile.linux_configuration.disable_password_authentication', false);
    // WHEN the pack runs
    const [finding] = findingsOf(evaluate(stack), 'VAZ-SEC-003');
    // THEN the attribute and its value are named
    expect(finding?.detail).toBe('os_profile.linux_configuration.disable_password_authentication is false');
  });
});

describe('VAZ-SEC-004..009 storage account settings', () => {
  it('passes the offload account on every storage rule', () => {
    // GIVEN the default profile  WHEN the pack runs
    const report = evaluate(profileStack());
    // THEN each storage rule checked the offload account and found it compliant
    for (const id of ['VAZ-SEC-004', 'VAZ-SEC-005', 'VAZ-SEC-006', 'VAZ-SEC-007', 'VAZ-SEC-008', 'VAZ-SEC-009']) {
      expect(compliantPaths(report, id), id).toEqual(['vast-poc/offload/account']);
    }
  });

  it.each([
    ['VAZ-SEC-004', 'min_tls_version', 'TLS1_0', 'min_tls_version is "TLS1_0"'],
    ['VAZ-SEC-005', 'https_traffic_only_enabled', false, 'https_traffic_only_enabled is false'],
    ['VAZ-SEC-006', 'shared_access_key_enabled', true, 'shared_access_key_enabled is true'],
    ['VAZ-SEC-007', 'public_network_access_enabled', true, 'public_network_access_enabled is true'],
    ['VAZ-SEC-008', 'allow_nested_items_to_be_public', true, 'allow_nested_items_to_be_public is true'],
    ['VAZ-SEC-009', 'network_rules.default_action', 'Allow', 'network_rules.default_action is "Allow"'],
  ])('fails %s when %s is overridden to %s', (id, attribute, value, detail) => {
    // GIVEN the offload account with one setting weakened through an escape hatch
    const stack = profileStack();
    stack.offload.account.addOverride(attribute, value);
    // WHEN the pack runs
    const findings = findingsOf(evaluate(stack), id);
    // THEN exactly that rule reports the account, naming the value
    expect(findings).toHaveLength(1);
    expect(findings[0]?.path).toBe('vast-poc/offload/account');
    expect(findings[0]?.detail.startsWith(detail)).toBe(true);
  });

  it('fails when a raw storage account keeps the provider defaults', () => {
    // GIVEN a storage account with nothing set (the azurerm defaults are insecure)
    const stack = rawStack();
    new StorageAccount(stack, 'account', {
      ...RAW,
      name: 'stdefaults',
      accountTier: 'Standard',
      accountReplicationType: 'LRS',
    });
    // WHEN the pack runs
    const ids = evaluate(stack).errors.map((f) => f.ruleId);
    // THEN shared keys, public access, nested public access, firewall and private endpoint are all reported
    expect(ids).toEqual(
      expect.arrayContaining(['VAZ-SEC-006', 'VAZ-SEC-007', 'VAZ-SEC-008', 'VAZ-SEC-009', 'VAZ-SEC-010']),
    );
  });
});

describe('VAZ-SEC-010 private endpoint for every storage account', () => {
  it('passes the offload account', () => {
    expect(compliantPaths(evaluate(profileStack()), 'VAZ-SEC-010')).toEqual(['vast-poc/offload/account']);
  });

  it('passes a raw account with a private endpoint', () => {
    // GIVEN a secure account and an endpoint connected to it
    const stack = rawStack();
    const account = secureAccount(stack);
    new PrivateEndpoint(stack, 'pe', {
      ...RAW,
      name: 'pe',
      subnetId: 'snet',
      privateServiceConnection: {
        name: 'psc',
        privateConnectionResourceId: account.id,
        subresourceNames: ['blob'],
        isManualConnection: false,
      },
    });
    // WHEN the pack runs
    const report = evaluate(stack);
    // THEN the account complies
    expect(compliantPaths(report, 'VAZ-SEC-010')).toEqual(['raw/account']);
  });

  it('fails when the account has no private endpoint', () => {
    // GIVEN a secure account without an endpoint
    const stack = rawStack();
    secureAccount(stack);
    // WHEN the pack runs
    const report = evaluate(stack);
    // THEN only the private endpoint rule reports it (among the security rules: the raw account has no delete lock)
    expect(report.errors.filter((f) => f.ruleId.startsWith('VAZ-SEC-')).map((f) => [f.ruleId, f.detail])).toEqual([
      ['VAZ-SEC-010', 'no azurerm_private_endpoint connects to this account'],
    ]);
  });
});

describe('VAZ-SEC-011 role assignments scoped to the storage account', () => {
  it('passes the data role on the offload account', () => {
    expect(compliantPaths(evaluate(profileStack()), 'VAZ-SEC-011')).toEqual(['vast-poc/offload/data-contributor']);
  });

  it('fails when a role is assigned on the resource group', () => {
    // GIVEN a role assignment scoped to a resource group
    const stack = rawStack();
    const rg = new ResourceGroup(stack, 'rg', { name: 'rg', location: RAW.location, tags: RAW.tags });
    new RoleAssignment(stack, 'wide', { scope: rg.id, roleDefinitionName: 'Contributor', principalId: 'p' });
    // WHEN the pack runs
    const [finding] = findingsOf(evaluate(stack), 'VAZ-SEC-011');
    // THEN the scope is named
    expect(finding?.detail).toBe(
      'scope is "${azurerm_resource_group.rg.id}", which is not a storage account or one of its containers',
    );
  });

  it('fails when a role is assigned on a subscription', () => {
    // GIVEN a role assignment with a literal subscription scope
    const stack = rawStack();
    new RoleAssignment(stack, 'sub', {
      scope: '/subscriptions/00000000-0000-0000-0000-000000000000',
      roleDefinitionName: 'Reader',
      principalId: 'p',
    });
    // WHEN the pack runs  THEN it is reported
    expect(findingsOf(evaluate(stack), 'VAZ-SEC-011').map((f) => f.path)).toEqual(['raw/sub']);
  });
});

describe('VAZ-SEC-012 no secret literals', () => {
  it('passes every element of the default stack', () => {
    // GIVEN the default profile  WHEN the pack runs
    const report = evaluate(profileStack());
    // THEN resources, variables, outputs, provider and backend were scanned and none holds a secret
    const checked = compliantPaths(report, 'VAZ-SEC-012');
    expect(checked).toEqual(
      expect.arrayContaining(['vast-poc/nodes/vmss', 'vast-poc/ssh_public_key', 'vast-poc/azurerm']),
    );
    expect(findingsOf(report, 'VAZ-SEC-012')).toEqual([]);
  });

  it('fails when the bootstrap script embeds a private key', () => {
    // GIVEN a profile whose bootstrap script writes a private key (cloud-init base64 inside base64 custom data)
    // (the profile loader refuses such a script itself; the rule is the second line of defence, so the script is
    // put on an already validated profile)
    const script = '#!/bin/sh\ncat > /root/.ssh/id <<EOF\n-----BEGIN OPENSSH PRIVATE KEY-----\nb3Bl\nEOF\n';
    const valid = profile('default');
    const p = { ...valid, nodes: { ...valid.nodes, bootstrapScript: script, bootstrapScriptPath: 'bootstrap.sh' } };
    // WHEN the pack runs
    const [finding] = findingsOf(evaluate(profileStack(p)), 'VAZ-SEC-012');
    // THEN the custom data is reported after decoding
    expect(finding?.detail).toBe('os_profile.custom_data contains a PEM private key (after base64 decoding)');
  });

  it('fails when an admin password is set as a literal', () => {
    // GIVEN a literal admin password on the scale set
    const stack = profileStack();
    stack.nodes.scaleSet.addOverride('os_profile.linux_configuration.admin_password', 'Passw0rd!');
    // WHEN the pack runs
    const [finding] = findingsOf(evaluate(stack), 'VAZ-SEC-012');
    // THEN the attribute is named, never the value
    expect(finding?.detail).toBe('os_profile.linux_configuration.admin_password holds a literal credential');
  });

  it('fails when the SSH public key is a literal', () => {
    // GIVEN an admin SSH key written into the configuration
    const stack = profileStack();
    stack.nodes.scaleSet.addOverride('os_profile.linux_configuration.admin_ssh_key', [
      { username: 'vastadmin', public_key: `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5${'A'.repeat(43)} me@laptop` },
    ]);
    // WHEN the pack runs
    const [finding] = findingsOf(evaluate(stack), 'VAZ-SEC-012');
    // THEN it asks for a variable
    expect(finding?.detail).toContain('take the SSH public key from a variable');
  });

  it('fails when an output holds a storage connection string with an account key', () => {
    // GIVEN an output with a literal connection string
    const stack = rawStack();
    new TerraformOutput(stack, 'conn', {
      value: `DefaultEndpointsProtocol=https;AccountName=st;AccountKey=${'k'.repeat(86)}==;EndpointSuffix=core.windows.net`,
    });
    // WHEN the pack runs
    const [finding] = findingsOf(evaluate(stack), 'VAZ-SEC-012');
    // THEN the output is reported
    expect(finding).toMatchObject({ address: 'output.conn', path: 'raw/conn' });
  });

  it('fails when a SAS token is a variable default', () => {
    // GIVEN a variable whose default is a SAS token
    const stack = rawStack();
    new TerraformVariable(stack, 'blob_url', {
      type: 'string',
      default: 'https://st.blob.core.windows.net/c?sv=2022-11-02&ss=b&sig=abcdefghijklmnopqrstuvwxyz0123456789%3D',
    });
    // WHEN the pack runs
    const [finding] = findingsOf(evaluate(stack), 'VAZ-SEC-012');
    // THEN the SAS token is named
    expect(finding?.detail).toBe('default contains a SAS token (sig=)');
  });
});

describe('VAZ-SEC-013 encryption at host (warning)', () => {
  it('passes nodes with encryption at host', () => {
    expect(compliantPaths(evaluate(profileStack()), 'VAZ-SEC-013')).toEqual([
      'vast-poc/nodes/vmss',
      'vast-poc/management/vm',
    ]);
  });

  it('warns when the profile turns encryption at host off', () => {
    // GIVEN a profile with encryptionAtHost false
    const p = profile('default', (raw) => {
      raw.nodes!.encryptionAtHost = false;
    });
    // WHEN the pack runs
    const report = evaluate(profileStack(p));
    // THEN a warning, not an error, names the scale set and the management node (it follows the nodes)
    expect(report.errors).toEqual([]);
    expect(report.warnings.map((f) => [f.ruleId, f.path])).toEqual([
      ['VAZ-SEC-013', 'vast-poc/nodes/vmss'],
      ['VAZ-SEC-013', 'vast-poc/management/vm'],
    ]);
  });
});
