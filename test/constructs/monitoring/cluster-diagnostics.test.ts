import { describe, expect, it } from 'vitest';
import { ClusterDiagnostics, type ClusterDiagnosticsProps } from '../../../constructs/monitoring/cluster-diagnostics';
import { named, resources, synthScope } from '../../support/terraform';

const ACCOUNT = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/vastpoc123456';
const props: ClusterDiagnosticsProps = {
  namePrefix: 'poc',
  resourceGroupName: 'rg',
  location: 'uksouth',
  storageAccountId: ACCOUNT,
  networkSecurityGroups: [{ id: 'nodes-nsg', resourceId: '/subscriptions/s/nsg-a' }],
  tags: { owner: 'o' },
};

describe('ClusterDiagnostics', () => {
  it("sends the blob service's read, write and delete logs and its Transaction metric", () => {
    const json = synthScope((s) => new ClusterDiagnostics(s, 'diagnostics', props));
    const blob = resources(json, 'azurerm_monitor_diagnostic_setting').find(
      (r) => r.target_resource_id === `${ACCOUNT}/blobServices/default`,
    );
    expect(blob).toMatchObject({
      enabled_log: [{ category: 'StorageRead' }, { category: 'StorageWrite' }, { category: 'StorageDelete' }],
      enabled_metric: [{ category: 'Transaction' }],
    });
  });

  it("sends each NSG's event and rule-counter logs, without metrics (NSGs have none)", () => {
    const json = synthScope((s) => new ClusterDiagnostics(s, 'diagnostics', props));
    const nsg = resources(json, 'azurerm_monitor_diagnostic_setting').find(
      (r) => r.target_resource_id === '/subscriptions/s/nsg-a',
    );
    expect(nsg?.enabled_log).toEqual([
      { category: 'NetworkSecurityGroupEvent' },
      { category: 'NetworkSecurityGroupRuleCounter' },
    ]);
    expect(nsg).not.toHaveProperty('enabled_metric');
  });

  it('creates a PerGB2018 workspace with explicit retention and local auth off', () => {
    const json = synthScope((s) => new ClusterDiagnostics(s, 'diagnostics', { ...props, retentionDays: 90 }));
    expect(named(json, 'azurerm_log_analytics_workspace', 'log-poc')).toMatchObject({
      sku: 'PerGB2018',
      retention_in_days: 90,
      local_authentication_enabled: false,
    });
  });

  it('fails when retentionDays is outside 30–730', () => {
    expect(() => synthScope((s) => new ClusterDiagnostics(s, 'd', { ...props, retentionDays: 14 }))).toThrow(
      'retentionDays must be a whole number from 30 to 730, got 14',
    );
  });

  it('fails when workspaceId is not a workspace resource id', () => {
    expect(() => synthScope((s) => new ClusterDiagnostics(s, 'd', { ...props, workspaceId: 'central' }))).toThrow(
      'workspaceId must be a Log Analytics workspace resource id, got "central"',
    );
  });
});
