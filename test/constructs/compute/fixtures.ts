/** Props shared by the compute construct tests. */
import type { NodePoolProps } from '../../../constructs/compute/node-pool';

/** A zonal pool of six L80s v3 nodes with placeholder ids: the base every node pool test overrides. */
export const NODE_POOL_PROPS: NodePoolProps = {
  namePrefix: 'poc',
  resourceGroupName: 'rg',
  location: 'uksouth',
  vmSize: 'Standard_L80s_v3',
  instances: 6,
  zones: ['1'],
  platformFaultDomainCount: 1,
  subnetId: '/subscriptions/x/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/s',
  identityId: '/subscriptions/x/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id',
  adminUsername: 'vastadmin',
  sshPublicKey: '${var.ssh_public_key}',
  tags: { owner: 'o' },
};
