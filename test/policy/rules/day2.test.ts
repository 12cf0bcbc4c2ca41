/** Issue 15 item 6: the Scheduled Events watcher on NVMe nodes, and the delete lock on the offload account. */
import { ManagementLock } from '@cdktf/provider-azurerm/lib/management-lock';
import { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group';
import { StorageAccount } from '@cdktf/provider-azurerm/lib/storage-account';
import { describe, expect, it } from 'vitest';
import { compliantPaths, evaluate, findingsOf, profile, profileStack, RAW, rawStack } from '../support';

const VMSS = 'vast-poc/nodes/vmss';
const ACCOUNT = 'vast-poc/offload/account';

describe('VAZ-REL-011 Scheduled Events watcher on NVMe nodes', () => {
  it('passes the node pool of the default profile', () => {
    expect(compliantPaths(evaluate(profileStack()), 'VAZ-REL-011')).toEqual([VMSS]);
  });

  it('fails when the custom data is replaced by a document without the watcher', () => {
    // GIVEN the scale set booting a cloud-init that does not install the watcher
    const stack = profileStack();
    stack.nodes.scaleSet.addOverride(
      'os_profile.custom_data',
      Buffer.from('#cloud-config\nruncmd:\n  - [ sh, -c, "true" ]\n').toString('base64'),
    );
    // WHEN the pack runs
    const findings = findingsOf(evaluate(stack), 'VAZ-REL-011');
    // THEN the scale set is reported with everything that is missing
    expect(findings.map((f) => [f.path, f.detail])).toEqual([
      [
        VMSS,
        'custom data on Standard_L96s_v4 does not install the Scheduled Events watcher: missing the script /usr/local/sbin/vast-scheduled-events, the unit vast-scheduled-events.service, the command that starts it',
      ],
    ]);
  });

  it('fails when the custom data is an expression it cannot read', () => {
    const stack = profileStack();
    stack.nodes.scaleSet.addOverride('os_profile.custom_data', '${filebase64("cloud-init.yaml")}');
    const [finding] = findingsOf(evaluate(stack), 'VAZ-REL-011');
    expect(finding?.detail).toBe(
      'custom data is the expression ${filebase64("cloud-init.yaml")}: the watcher cannot be verified',
    );
  });

  it('passes every node VM of the fault-domains profile, and not the VM-less scale set', () => {
    // GIVEN the fault-domains profile: a scale set without a VM profile plus one azurerm_linux_virtual_machine per node
    const stack = profileStack(profile('fault-domains'));
    // WHEN the pack runs
    const paths = compliantPaths(evaluate(stack), 'VAZ-REL-011');
    // THEN each node VM is judged (and passes); the scale set has no size and is not judged
    expect(paths).toHaveLength(stack.nodes.virtualMachines.length);
    expect(paths.length).toBeGreaterThan(0);
    expect(paths.every((p) => p.startsWith('vast-poc-fd/nodes/vm-'))).toBe(true);
  });

  it('fails when one node VM of the fault-domains profile boots without the watcher', () => {
    // GIVEN the fault-domains profile with the second node VM booting a cloud-init that lacks the watcher
    const stack = profileStack(profile('fault-domains'));
    const vm = stack.nodes.virtualMachines[1];
    vm.addOverride('custom_data', Buffer.from('#cloud-config\nruncmd:\n  - [ sh, -c, "true" ]\n').toString('base64'));
    // WHEN the pack runs
    const findings = findingsOf(evaluate(stack), 'VAZ-REL-011');
    // THEN exactly that VM is reported, with everything that is missing
    expect(findings.map((f) => [f.path, f.detail])).toEqual([
      [
        'vast-poc-fd/nodes/vm-01',
        `custom data on ${vm.sizeInput} does not install the Scheduled Events watcher: missing the script /usr/local/sbin/vast-scheduled-events, the unit vast-scheduled-events.service, the command that starts it`,
      ],
    ]);
  });

  it('fails when a node VM of the fault-domains profile has no custom data', () => {
    // GIVEN the fault-domains profile with the first node VM's custom data removed
    const stack = profileStack(profile('fault-domains'));
    const vm = stack.nodes.virtualMachines[0];
    vm.addOverride('custom_data', null);
    // WHEN the pack runs
    const findings = findingsOf(evaluate(stack), 'VAZ-REL-011');
    // THEN that VM is reported
    expect(findings.map((f) => [f.path, f.detail])).toEqual([
      ['vast-poc-fd/nodes/vm-00', `custom data is unset on ${vm.sizeInput}: no watcher is installed`],
    ]);
  });

  it('does not apply to a size without local NVMe', () => {
    const stack = profileStack();
    stack.nodes.scaleSet.addOverride('sku_name', 'Standard_D4s_v5');
    stack.nodes.scaleSet.addOverride('os_profile.custom_data', 'I2Nsb3VkLWNvbmZpZwo=');
    expect(evaluate(stack).checks.filter((c) => c.ruleId === 'VAZ-REL-011')).toEqual([]);
  });
});

describe('VAZ-REL-012 delete lock on the offload account', () => {
  it('passes the offload account of the default profile', () => {
    expect(compliantPaths(evaluate(profileStack()), 'VAZ-REL-012')).toEqual([ACCOUNT]);
  });

  it('fails when the profile turns the lock off', () => {
    // GIVEN a profile without the lock
    const stack = profileStack(profile('default', (raw) => (raw.offload.deleteLock = false)));
    // WHEN the pack runs
    const findings = findingsOf(evaluate(stack), 'VAZ-REL-012');
    // THEN the account is reported as an error
    expect(findings.map((f) => [f.path, f.level, f.detail])).toEqual([
      [ACCOUNT, 'error', 'no CanNotDelete or ReadOnly management lock covers the account'],
    ]);
  });

  it('accepts an unlocked account when a suppression gives the reason', () => {
    // GIVEN no lock and a suppression with a reason
    const reason = 'Throwaway demo account; the customer holds no data in it (J. Doe, 2026-12-02)';
    const stack = profileStack(
      profile('default', (raw) => {
        raw.offload.deleteLock = false;
        raw.policy = { suppressions: [{ rule: 'VAZ-REL-012', path: 'offload/account', reason }] };
      }),
    );
    // WHEN the pack runs
    const report = evaluate(stack);
    // THEN there is no finding, and the suppression is recorded with its reason
    expect(findingsOf(report, 'VAZ-REL-012')).toEqual([]);
    expect(report.suppressed.filter((s) => s.ruleId === 'VAZ-REL-012').map((s) => s.reason)).toEqual([reason]);
  });

  it('passes an account whose resource group is locked', () => {
    // GIVEN a raw account in a resource group carrying a CanNotDelete lock
    const stack = rawStack();
    const rg = new ResourceGroup(stack, 'rg', { name: 'rg-raw', location: 'uksouth', tags: RAW.tags });
    new StorageAccount(stack, 'account', {
      ...RAW,
      resourceGroupName: rg.name,
      name: 'stlockedbygroup',
      accountTier: 'Standard',
      accountReplicationType: 'LRS',
    });
    new ManagementLock(stack, 'lock', { name: 'no-delete', scope: rg.id, lockLevel: 'CanNotDelete' });
    // WHEN the pack runs  THEN the account complies
    expect(compliantPaths(evaluate(stack), 'VAZ-REL-012')).toEqual(['raw/account']);
  });
});
