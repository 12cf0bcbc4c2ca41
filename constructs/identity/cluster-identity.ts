import { Construct } from 'constructs';
import { UserAssignedIdentity } from '@cdktf/provider-azurerm/lib/user-assigned-identity';
import type { Tags } from '../shared/validation';

/** Props of {@link ClusterIdentity}. */
export interface ClusterIdentityProps {
  /** Prefix for the Azure resource name. */
  readonly namePrefix: string;
  /** Resource group that holds the identity. */
  readonly resourceGroupName: string;
  /** Azure region. */
  readonly location: string;
  /** Tags for the identity. */
  readonly tags: Tags;
}

/**
 * The user-assigned managed identity the nodes run as (Flexible scale sets accept only user-assigned identities).
 * Data access is granted to it by role assignment, never by account keys.
 */
export class ClusterIdentity extends Construct {
  /** The identity resource. */
  readonly identity: UserAssignedIdentity;

  constructor(scope: Construct, id: string, props: ClusterIdentityProps) {
    super(scope, id);
    this.identity = new UserAssignedIdentity(this, 'identity', {
      name: `id-${props.namePrefix}-nodes`,
      resourceGroupName: props.resourceGroupName,
      location: props.location,
      tags: props.tags,
    });
  }

  /** Resource id of the identity. */
  get id(): string {
    return this.identity.id;
  }

  /** Object id of the identity's service principal (what role assignments name). */
  get principalId(): string {
    return this.identity.principalId;
  }

  /** Client id of the identity (what software on the nodes asks tokens for). */
  get clientId(): string {
    return this.identity.clientId;
  }
}
