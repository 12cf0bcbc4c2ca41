/** Issue 15 items 2–4: the offload delete lock, optional diagnostics and optional partner id, from the profile. */
import { describe, expect, it } from 'vitest';
import { OFFLOAD_DELETE_LOCK_NAME } from '../../constructs/storage/offload-account';
import { baseProfileData, only, profileIssues, profileWith, resources, synthStack } from '../support/terraform';

const WORKSPACE =
  '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/ops/providers/Microsoft.OperationalInsights/workspaces/central';

function issues(patch: Record<string, unknown>): string[] {
  return profileIssues({ ...baseProfileData(), ...patch }).map((i) => i.message);
}

describe('offload delete lock', () => {
  it('locks the offload account against deletion by default', () => {
    // GIVEN the default profile WHEN the stack is synthesized
    const json = synthStack(profileWith());
    // THEN one CanNotDelete lock is scoped to the offload account
    expect(only(json, 'azurerm_management_lock')).toMatchObject({
      name: OFFLOAD_DELETE_LOCK_NAME,
      lock_level: 'CanNotDelete',
      scope: '${azurerm_storage_account.offload_account.id}',
    });
  });

  it('is left out when the profile turns it off', () => {
    const json = synthStack(profileWith({ offload: { deleteLock: false } }));
    expect(resources(json, 'azurerm_management_lock')).toEqual([]);
  });

  it('fails when deleteLock is not a boolean', () => {
    expect(issues({ offload: { namePrefix: 'vastpoc', deleteLock: 'yes' } })).toEqual([
      'offload.deleteLock must be true or false, got "yes"',
    ]);
  });
});

describe('diagnostics', () => {
  it('are absent by default', () => {
    const json = synthStack(profileWith());
    expect(resources(json, 'azurerm_monitor_diagnostic_setting')).toEqual([]);
    expect(resources(json, 'azurerm_log_analytics_workspace')).toEqual([]);
  });

  it('send the blob service and every NSG to a new workspace when enabled', () => {
    // GIVEN diagnostics enabled without a workspace
    const json = synthStack(profileWith({ diagnostics: { enabled: true } }));
    // THEN a workspace is created with explicit retention and no shared-key access
    expect(only(json, 'azurerm_log_analytics_workspace')).toMatchObject({
      name: 'log-unit-test',
      retention_in_days: 30,
      local_authentication_enabled: false,
    });
    // AND the blob service and both NSGs send to it
    const targets = resources(json, 'azurerm_monitor_diagnostic_setting').map((s) => s.target_resource_id);
    expect(targets).toEqual([
      '${azurerm_network_security_group.network_endpoint_nsg.id}',
      '${azurerm_network_security_group.network_node_nsg.id}',
      '${azurerm_storage_account.offload_account.id}/blobServices/default',
    ]);
    for (const s of resources(json, 'azurerm_monitor_diagnostic_setting')) {
      expect(s.log_analytics_workspace_id).toBe('${azurerm_log_analytics_workspace.diagnostics_workspace.id}');
    }
  });

  it('send to an existing workspace without creating one', () => {
    const json = synthStack(profileWith({ diagnostics: { enabled: true, workspaceId: WORKSPACE } }));
    expect(resources(json, 'azurerm_log_analytics_workspace')).toEqual([]);
    const settings = resources(json, 'azurerm_monitor_diagnostic_setting');
    expect(settings).toHaveLength(3);
    expect(new Set(settings.map((s) => s.log_analytics_workspace_id))).toEqual(new Set([WORKSPACE]));
  });

  it('fails when the workspace id is not a Log Analytics workspace', () => {
    expect(issues({ diagnostics: { enabled: true, workspaceId: '/subscriptions/x/resourceGroups/y' } })).toEqual([
      'diagnostics.workspaceId must be a Log Analytics workspace resource id, got "/subscriptions/x/resourceGroups/y"',
    ]);
  });

  it('fails when retention is below what Log Analytics accepts', () => {
    expect(issues({ diagnostics: { enabled: true, retentionDays: 7 } })).toEqual([
      'diagnostics.retentionDays must be a whole number from 30 to 730, got 7',
    ]);
  });

  it('fails when a workspace is given but diagnostics are not enabled', () => {
    expect(issues({ diagnostics: { workspaceId: WORKSPACE } })).toEqual([
      'diagnostics.enabled must be true when workspaceId or retentionDays is set, got false',
    ]);
  });
});

describe('partnerId', () => {
  it('is not set on the provider by default', () => {
    const provider = synthStack(profileWith()).provider?.azurerm?.[0] as Record<string, unknown>;
    expect(provider).not.toHaveProperty('partner_id');
  });

  it('is set on the provider when the profile names one', () => {
    const guid = '8c2b5a4e-1f3d-4e6a-9b7c-0d1e2f3a4b5c';
    const provider = synthStack(profileWith({ partnerId: guid.toUpperCase() })).provider?.azurerm?.[0] as Record<
      string,
      unknown
    >;
    expect(provider.partner_id).toBe(guid);
  });

  it('fails when it is not a GUID', () => {
    expect(issues({ partnerId: 'pid-contoso' })).toEqual([
      'partnerId must be a GUID registered with Microsoft for partner usage attribution, such as 00000000-0000-0000-0000-000000000000, got "pid-contoso"',
    ]);
  });
});
