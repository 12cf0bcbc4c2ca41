import { Construct } from 'constructs';
import { ManagementLock } from '@cdktf/provider-azurerm/lib/management-lock';
import { PrivateDnsZone } from '@cdktf/provider-azurerm/lib/private-dns-zone';
import { PrivateDnsZoneVirtualNetworkLink } from '@cdktf/provider-azurerm/lib/private-dns-zone-virtual-network-link';
import { PrivateEndpoint } from '@cdktf/provider-azurerm/lib/private-endpoint';
import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';
import { StorageAccount } from '@cdktf/provider-azurerm/lib/storage-account';
import { StorageContainer } from '@cdktf/provider-azurerm/lib/storage-container';
import { StorageManagementPolicy } from '@cdktf/provider-azurerm/lib/storage-management-policy';
import { Token } from 'cdktf';
import { assertIntegerInRange, type Tags } from '../shared/validation';

/** Replication types the offload account accepts (both keep data in the region; ZRS survives a zone loss). */
export const OFFLOAD_REPLICATIONS = ['LRS', 'ZRS'] as const;
/** An offload replication type. */
export type OffloadReplication = (typeof OFFLOAD_REPLICATIONS)[number];

/** Replication when the props (or the profile) leave it unset. */
export const DEFAULT_OFFLOAD_REPLICATION: OffloadReplication = 'LRS';

/** The container the cluster offloads into when the props (or the profile) name none. */
export const DEFAULT_OFFLOAD_CONTAINER_NAME = 'vast-offload';

/** Days deleted blobs and containers are kept when the props (or the profile) leave it unset. */
export const DEFAULT_SOFT_DELETE_DAYS = 7;

/** Soft-delete retention Azure accepts, days. */
export const SOFT_DELETE_DAYS_RANGE = { min: 1, max: 365 } as const;

/** Days since modification before offloaded objects tier to cool, when the lifecycle names none. */
export const DEFAULT_COOL_AFTER_DAYS = 30;

/** The storage sub-resources that get a private endpoint, with their private DNS zones. */
export const OFFLOAD_ENDPOINTS = {
  blob: 'privatelink.blob.core.windows.net',
  dfs: 'privatelink.dfs.core.windows.net',
} as const;

/** Name of the delete lock on the offload account (the tear-down steps name it). */
export const OFFLOAD_DELETE_LOCK_NAME = 'vast-offload-do-not-delete';

/** The built-in role the nodes get on the account. */
export const OFFLOAD_DATA_ROLE = 'Storage Blob Data Contributor';

/** Tiering and expiry of offloaded objects. */
export interface OffloadLifecycle {
  /** Blob name prefix the rule applies to (starts with the container name). */
  readonly prefix: string;
  /** Move to the cool tier this many days after the last modification. */
  readonly coolAfterDays: number;
  /**
   * Move to the cold tier this many days after the last modification.
   *
   * @default - objects stay in cool
   */
  readonly coldAfterDays?: number;
  /**
   * Delete this many days after the last modification.
   *
   * @default - never deleted by policy
   */
  readonly deleteAfterDays?: number;
}

/** Props of {@link OffloadAccount}. */
export interface OffloadAccountProps {
  /** Globally unique account name: 3–24 lowercase letters and digits. */
  readonly accountName: string;
  /** Resource group for the account and its endpoints. */
  readonly resourceGroupName: string;
  /** Azure region. */
  readonly location: string;
  /**
   * Replication.
   *
   * @default "LRS"
   */
  readonly replication?: OffloadReplication;
  /**
   * Container the cluster offloads into.
   *
   * @default "vast-offload"
   */
  readonly containerName?: string;
  /**
   * Days deleted blobs and containers are kept (soft delete).
   *
   * @default 7
   */
  readonly softDeleteDays?: number;
  /**
   * Lifecycle rule for offloaded objects.
   *
   * @default - tier to cool after 30 days under "<container>/"
   */
  readonly lifecycle?: OffloadLifecycle;
  /** Subnet for the `blob` and `dfs` private endpoints. */
  readonly privateEndpointSubnetId: string;
  /** Virtual network the private DNS zones are linked to. */
  readonly virtualNetworkId: string;
  /**
   * Existing private DNS zones (e.g. a hub's) for the `blob` and `dfs` endpoints. When given, the endpoints register
   * in them and no zones or VNet links are created here; resolution from the VNet is the zone owner's concern.
   *
   * @default - a zone per sub-resource is created and linked to `virtualNetworkId`
   */
  readonly privateDnsZoneIds?: { readonly blob: string; readonly dfs: string };
  /** Principal (the node identity) that gets Storage Blob Data Contributor on this account only. */
  readonly dataContributorPrincipalId: string;
  /**
   * Put a `CanNotDelete` management lock on the account: the offload account is the cluster's recovery point, and
   * the lock stops anyone (Terraform included) deleting it until the lock is removed. Data inside stays writable.
   *
   * @default true
   */
  readonly deleteLock?: boolean;
  /** Tags for every resource. */
  readonly tags: Tags;
}

/**
 * The Blob offload target: a StorageV2 account with hierarchical namespace, reachable only through private
 * endpoints and only with Entra ID identities.
 *
 * Every security-relevant setting is explicit (the provider's defaults are insecure): TLS 1.2, HTTPS only, shared
 * keys off, public network access off, nested public access off, network rules default deny, soft delete on,
 * infrastructure encryption on. The container is created through the control plane (`storage_account_id`) because
 * the deploying machine cannot reach the data plane once public access is off.
 */
export class OffloadAccount extends Construct {
  /** The storage account. */
  readonly account: StorageAccount;
  /** The offload container. */
  readonly container: StorageContainer;
  /** Private endpoints by sub-resource. */
  readonly endpoints: Readonly<Record<keyof typeof OFFLOAD_ENDPOINTS, PrivateEndpoint>>;
  /** The node identity's data role on the account. */
  readonly dataRoleAssignment: RoleAssignment;
  /** The `CanNotDelete` lock on the account, unless `deleteLock` is false. */
  readonly deleteLock?: ManagementLock;

  constructor(scope: Construct, id: string, props: OffloadAccountProps) {
    super(scope, id);
    if (!Token.isUnresolved(props.accountName) && !/^[a-z0-9]{3,24}$/.test(props.accountName)) {
      throw new Error(`accountName must be 3–24 lowercase letters and digits, got "${props.accountName}"`);
    }
    const replication = props.replication ?? DEFAULT_OFFLOAD_REPLICATION;
    if (!(OFFLOAD_REPLICATIONS as readonly string[]).includes(replication)) {
      throw new Error(`replication must be one of "LRS", "ZRS", got "${replication}"`);
    }
    const containerName = props.containerName ?? DEFAULT_OFFLOAD_CONTAINER_NAME;
    const softDeleteDays = props.softDeleteDays ?? DEFAULT_SOFT_DELETE_DAYS;
    assertIntegerInRange(softDeleteDays, SOFT_DELETE_DAYS_RANGE.min, SOFT_DELETE_DAYS_RANGE.max, 'softDeleteDays');
    const lifecycle = props.lifecycle ?? { prefix: `${containerName}/`, coolAfterDays: DEFAULT_COOL_AFTER_DAYS };
    const common = { resourceGroupName: props.resourceGroupName, location: props.location, tags: props.tags };

    this.account = new StorageAccount(this, 'account', {
      ...common,
      name: props.accountName,
      accountKind: 'StorageV2',
      accountTier: 'Standard',
      accountReplicationType: replication,
      accessTier: 'Hot',
      isHnsEnabled: true,
      minTlsVersion: 'TLS1_2',
      httpsTrafficOnlyEnabled: true,
      sharedAccessKeyEnabled: false,
      defaultToOauthAuthentication: true,
      publicNetworkAccessEnabled: false,
      allowNestedItemsToBePublic: false,
      crossTenantReplicationEnabled: false,
      allowedCopyScope: 'PrivateLink',
      infrastructureEncryptionEnabled: true,
      localUserEnabled: false,
      sftpEnabled: false,
      nfsv3Enabled: false,
      networkRules: { defaultAction: 'Deny', bypass: ['None'] },
      blobProperties: {
        deleteRetentionPolicy: { days: softDeleteDays },
        containerDeleteRetentionPolicy: { days: softDeleteDays },
        lastAccessTimeEnabled: true,
      },
    });

    this.container = new StorageContainer(this, 'container', {
      name: containerName,
      storageAccountId: this.account.id,
      containerAccessType: 'private',
    });

    const baseBlob: Record<string, number> = {
      tierToCoolAfterDaysSinceModificationGreaterThan: lifecycle.coolAfterDays,
    };
    if (lifecycle.coldAfterDays !== undefined) {
      baseBlob.tierToColdAfterDaysSinceModificationGreaterThan = lifecycle.coldAfterDays;
    }
    if (lifecycle.deleteAfterDays !== undefined) {
      baseBlob.deleteAfterDaysSinceModificationGreaterThan = lifecycle.deleteAfterDays;
    }
    new StorageManagementPolicy(this, 'lifecycle', {
      storageAccountId: this.account.id,
      rule: [
        {
          name: 'tier-offloaded-objects',
          enabled: true,
          filters: { blobTypes: ['blockBlob'], prefixMatch: [lifecycle.prefix] },
          actions: { baseBlob },
        },
      ],
    });

    const endpoints: Partial<Record<keyof typeof OFFLOAD_ENDPOINTS, PrivateEndpoint>> = {};
    for (const [sub, zoneName] of Object.entries(OFFLOAD_ENDPOINTS) as Array<
      [keyof typeof OFFLOAD_ENDPOINTS, string]
    >) {
      const zoneId = props.privateDnsZoneIds?.[sub] ?? this.createDnsZone(sub, zoneName, props);
      endpoints[sub] = new PrivateEndpoint(this, `${sub}-endpoint`, {
        ...common,
        name: `pe-${props.accountName}-${sub}`,
        subnetId: props.privateEndpointSubnetId,
        privateServiceConnection: {
          name: `psc-${props.accountName}-${sub}`,
          privateConnectionResourceId: this.account.id,
          subresourceNames: [sub],
          isManualConnection: false,
        },
        privateDnsZoneGroup: { name: 'default', privateDnsZoneIds: [zoneId] },
      });
    }
    this.endpoints = endpoints as Record<keyof typeof OFFLOAD_ENDPOINTS, PrivateEndpoint>;

    this.dataRoleAssignment = new RoleAssignment(this, 'data-contributor', {
      scope: this.account.id,
      roleDefinitionName: OFFLOAD_DATA_ROLE,
      principalId: props.dataContributorPrincipalId,
      principalType: 'ServicePrincipal',
      description: 'VAST nodes read and write offloaded data with their managed identity.',
    });

    if (props.deleteLock ?? true) {
      this.deleteLock = new ManagementLock(this, 'delete-lock', {
        name: OFFLOAD_DELETE_LOCK_NAME,
        scope: this.account.id,
        lockLevel: 'CanNotDelete',
        notes:
          'The VAST cluster offloads here: it is the recovery point when nodes lose local NVMe. Remove this lock first to tear the POC down (RUNBOOK.md).',
      });
    }
  }

  /** Creates the private DNS zone for one sub-resource, linked to the VNet, and returns its id. */
  private createDnsZone(sub: string, zoneName: string, props: OffloadAccountProps): string {
    const zone = new PrivateDnsZone(this, `${sub}-dns`, {
      name: zoneName,
      resourceGroupName: props.resourceGroupName,
      tags: props.tags,
    });
    new PrivateDnsZoneVirtualNetworkLink(this, `${sub}-dns-link`, {
      name: `link-${sub}`,
      resourceGroupName: props.resourceGroupName,
      privateDnsZoneName: zone.name,
      virtualNetworkId: props.virtualNetworkId,
      registrationEnabled: false,
      tags: props.tags,
    });
    return zone.id;
  }

  /** The account's name. */
  get accountName(): string {
    return this.account.name;
  }

  /** The account's Data Lake (dfs) endpoint, reached through the private endpoint. */
  get dfsEndpoint(): string {
    return this.account.primaryDfsEndpoint;
  }
}
