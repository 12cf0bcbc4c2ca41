import { describe, expect, it } from 'vitest';
import { OffloadAccount, type OffloadAccountProps } from '../../../constructs/storage/offload-account';
import { only, resources, synthScope } from '../../support/terraform';

const props: OffloadAccountProps = {
  accountName: 'vastpoc123456',
  resourceGroupName: 'rg',
  location: 'uksouth',
  privateEndpointSubnetId: 'pe-subnet-id',
  virtualNetworkId: 'vnet-id',
  dataContributorPrincipalId: 'principal-id',
  tags: { owner: 'o' },
};

function synth(overrides: Partial<OffloadAccountProps> = {}) {
  return synthScope((scope) => new OffloadAccount(scope, 'offload', { ...props, ...overrides }));
}

describe('OffloadAccount', () => {
  it('creates a StorageV2 account with hierarchical namespace and LRS by default', () => {
    expect(only(synth(), 'azurerm_storage_account')).toMatchObject({
      name: 'vastpoc123456',
      account_kind: 'StorageV2',
      account_tier: 'Standard',
      account_replication_type: 'LRS',
      is_hns_enabled: true,
    });
  });

  it('sets every security-relevant default explicitly', () => {
    expect(only(synth(), 'azurerm_storage_account')).toMatchObject({
      min_tls_version: 'TLS1_2',
      https_traffic_only_enabled: true,
      shared_access_key_enabled: false,
      public_network_access_enabled: false,
      allow_nested_items_to_be_public: false,
      default_to_oauth_authentication: true,
      cross_tenant_replication_enabled: false,
      infrastructure_encryption_enabled: true,
      network_rules: { default_action: 'Deny', bypass: ['None'] },
    });
  });

  it('keeps deleted blobs and containers for the soft-delete period', () => {
    const account = only(synth({ softDeleteDays: 14 }), 'azurerm_storage_account');
    expect(account.blob_properties).toMatchObject({
      delete_retention_policy: { days: 14 },
      container_delete_retention_policy: { days: 14 },
    });
  });

  it('creates the container through the control plane', () => {
    const c = only(synth({ containerName: 'offload' }), 'azurerm_storage_container');
    expect(c).toMatchObject({ name: 'offload', container_access_type: 'private' });
    expect(c.storage_account_id).toMatch(/^\$\{azurerm_storage_account\..*\.id\}$/);
    expect(c.storage_account_name).toBeUndefined();
  });

  it('adds private endpoints for blob and dfs with private DNS zones linked to the VNet', () => {
    const json = synth();
    const endpoints = resources(json, 'azurerm_private_endpoint');
    expect(endpoints.map((e) => (e.private_service_connection as any).subresource_names).sort()).toEqual([
      ['blob'],
      ['dfs'],
    ]);
    for (const e of endpoints) {
      expect(e.subnet_id).toBe('pe-subnet-id');
      expect((e.private_service_connection as any).is_manual_connection).toBe(false);
    }
    expect(
      resources(json, 'azurerm_private_dns_zone')
        .map((z) => z.name)
        .sort(),
    ).toEqual(['privatelink.blob.core.windows.net', 'privatelink.dfs.core.windows.net']);
    for (const link of resources(json, 'azurerm_private_dns_zone_virtual_network_link')) {
      expect(link).toMatchObject({ virtual_network_id: 'vnet-id', registration_enabled: false });
    }
  });

  it("registers the endpoints in the customer's existing private DNS zones and creates none", () => {
    // GIVEN a hub's central zones
    const zones = {
      blob: '/subscriptions/s/resourceGroups/hub/providers/Microsoft.Network/privateDnsZones/privatelink.blob.core.windows.net',
      dfs: '/subscriptions/s/resourceGroups/hub/providers/Microsoft.Network/privateDnsZones/privatelink.dfs.core.windows.net',
    };
    // WHEN the account is synthesized with them
    const json = synth({ privateDnsZoneIds: zones });
    // THEN no zone or link is created and each endpoint's DNS zone group names the hub zone
    expect(resources(json, 'azurerm_private_dns_zone')).toHaveLength(0);
    expect(resources(json, 'azurerm_private_dns_zone_virtual_network_link')).toHaveLength(0);
    const groups = resources(json, 'azurerm_private_endpoint').map(
      (e) => (e.private_dns_zone_group as any).private_dns_zone_ids,
    );
    expect(groups.sort()).toEqual([[zones.blob], [zones.dfs]]);
  });

  it('gives the node identity Storage Blob Data Contributor scoped to the account only', () => {
    expect(only(synth(), 'azurerm_role_assignment')).toMatchObject({
      role_definition_name: 'Storage Blob Data Contributor',
      principal_id: 'principal-id',
      principal_type: 'ServicePrincipal',
      scope: expect.stringMatching(/^\$\{azurerm_storage_account\.[^.]+\.id\}$/),
    });
  });

  it('tiers offloaded objects by prefix with the lifecycle policy', () => {
    const policy = only(
      synth({ lifecycle: { prefix: 'vast-offload/', coolAfterDays: 30, coldAfterDays: 90, deleteAfterDays: 365 } }),
      'azurerm_storage_management_policy',
    );
    expect((policy.rule as any[])[0]).toMatchObject({
      enabled: true,
      filters: { blob_types: ['blockBlob'], prefix_match: ['vast-offload/'] },
      actions: {
        base_blob: {
          tier_to_cool_after_days_since_modification_greater_than: 30,
          tier_to_cold_after_days_since_modification_greater_than: 90,
          delete_after_days_since_modification_greater_than: 365,
        },
      },
    });
  });

  it('fails when the account name breaks Azure rules', () => {
    expect(() => synth({ accountName: 'Bad-Name' })).toThrow(
      'accountName must be 3–24 lowercase letters and digits, got "Bad-Name"',
    );
  });

  it('fails when replication is not LRS or ZRS', () => {
    expect(() => synth({ replication: 'GRS' as never })).toThrow('replication must be one of "LRS", "ZRS", got "GRS"');
  });
});
