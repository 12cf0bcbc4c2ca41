import { describe, expect, it } from 'vitest';
import { ClusterIdentity } from '../../../constructs/identity/cluster-identity';
import { only, synthScope } from '../../support/terraform';

describe('ClusterIdentity', () => {
  it('creates one user-assigned identity named after the prefix, tagged', () => {
    const json = synthScope(
      (scope) =>
        new ClusterIdentity(scope, 'identity', {
          namePrefix: 'poc',
          resourceGroupName: 'rg',
          location: 'uksouth',
          tags: { owner: 'o' },
        }),
    );
    expect(only(json, 'azurerm_user_assigned_identity')).toMatchObject({
      name: 'id-poc-nodes',
      resource_group_name: 'rg',
      location: 'uksouth',
      tags: { owner: 'o' },
    });
  });
});
