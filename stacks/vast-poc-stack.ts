import { Construct, type Node } from 'constructs';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { DataAzurermResourceGroup } from '@cdktf/provider-azurerm/lib/data-azurerm-resource-group';
import { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group';
import {
  AzurermBackend,
  Lazy,
  LocalBackend,
  TerraformOutput,
  TerraformStack,
  TerraformElement,
  TerraformLocal,
  type ITerraformDependable,
} from 'cdktf';
import { NodePlacement } from '../constructs/compute/placement';
import { NodePool } from '../constructs/compute/node-pool';
import { ManagementNode } from '../constructs/compute/management-node';
import { ClientPool } from '../constructs/compute/client-pool';
import type { LinuxVmAccessProps } from '../constructs/compute/linux-vm-common';
import { ClusterPeerings } from '../constructs/network/peering';
import { ClusterIdentity } from '../constructs/identity/cluster-identity';
import { ClusterNetwork, ExistingNetwork, type INetwork } from '../constructs/network/cluster-network';
import { OffloadAccount } from '../constructs/storage/offload-account';
import { ClusterDiagnostics } from '../constructs/monitoring/cluster-diagnostics';
import { NetworkSecurityGroup } from '@cdktf/provider-azurerm/lib/network-security-group';
import { PROFILE_TAG } from './profile/model';
import type { Profile } from './profile/schema';
import { declareAccessVariables, declareLocation, declareNodeCount, declareVariables } from './variables';

/**
 * The azurerm provider version the installed bindings were generated for; the synthesized Terraform pins it exactly.
 *
 * Read from the bindings, never written by hand: the provider class carries it in `terraformGeneratorMetadata`
 * (public API of `TerraformProvider` in cdktf and in the CDK Terrain fork), which is the very field cdktf writes into
 * `terraform.required_providers`. Changing the provider package therefore changes this value and the pin together.
 */
export const AZURERM_PROVIDER_VERSION: string = bindingProviderVersion();

/** Builds a throwaway provider in a bare construct tree (no App: that would create an output folder). */
function bindingProviderVersion(): string {
  const probe = new AzurermProvider(new TerraformStack(new Construct(undefined as never, ''), 'probe'), 'azurerm', {
    features: [{}],
  });
  const version = probe.terraformGeneratorMetadata?.providerVersion;
  if (!version) throw new Error('the azurerm provider bindings do not report the provider version they were built for');
  return version;
}

/**
 * The Terraform CLI versions the synthesized configuration accepts (`terraform.required_version`). The floor is
 * 1.2.0: validation `error_message`s start with the variable's name in lower case, which Terraform before 1.2
 * refuses ("must be at least one full sentence starting with an uppercase letter"), and 1.2 is also the oldest CLI
 * cdktf supports. Nothing else emitted needs more (`nullable` needs 1.1; validation blocks read only their own
 * variable, no `optional()`, no provider-defined functions, no `moved`/`import`/`check` blocks). The ceiling keeps a
 * future major version, which may change the language, from running the configuration untested. Tests run Terraform 1.11. See
 * docs/provider-notes.md (Terraform version).
 */
export const TERRAFORM_REQUIRED_VERSION = '>= 1.2.0, < 2.0.0';

/** The Terraform local holding the tags every taggable resource carries (`local.common_tags`). */
export const COMMON_TAGS_LOCAL = 'common_tags';

/** Terraform output names: part of the field engineer's contract. */
export const OUTPUTS = [
  'resource_group_name',
  'scale_set_id',
  'identity_principal_id',
  'identity_client_id',
  'storage_account_name',
  'storage_dfs_endpoint',
  'node_subnet_id',
  'nat_public_ip',
  'node_ip_command',
  'management_private_ip',
  'client_subnet_id',
  'client_scale_set_id',
  'open_ports',
  'node_fault_domains',
] as const;

/**
 * One VAST POC cluster, composed from a validated profile: resource group, network, identity, placement, node pool
 * and Blob offload account, with the provider pinned and state kept where the profile says.
 *
 * The stack is named after the profile, so `cdktf synth` writes `cdktf.out/stacks/<profile name>/cdk.tf.json`.
 */
export class VastPocStack extends TerraformStack {
  /** The profile the stack was built from. */
  readonly profile: Profile;
  /** The network (created, or the customer's). */
  readonly network: INetwork;
  /** The node identity. */
  readonly identity: ClusterIdentity;
  /** Placement decisions (zones, fault domains, PPG or capacity reservation). */
  readonly placement: NodePlacement;
  /** The node pool. */
  readonly nodes: NodePool;
  /** The Blob offload account. */
  readonly offload: OffloadAccount;
  /** Diagnostic settings, when the profile enables them. */
  readonly diagnostics?: ClusterDiagnostics;
  /** The network this configuration created (absent with an existing network). */
  readonly clusterNetwork?: ClusterNetwork;
  /** The management (VMS) node, when enabled. */
  readonly management?: ManagementNode;
  /** The client pool, when enabled. */
  readonly clients?: ClientPool;
  /** The peerings to customer networks, when the profile names any. */
  readonly peerings?: ClusterPeerings;

  constructor(scope: Construct, profile: Profile) {
    super(scope, profile.name);
    this.profile = profile;
    // One `locals { common_tags = {…} }` that every taggable resource references: a customer who adds a tag edits
    // one place, and the tags are the profile's literals (keys and values never become expressions).
    const tags = new TerraformLocal(this, COMMON_TAGS_LOCAL, { ...profile.tags, [PROFILE_TAG]: profile.name })
      .asStringMap;

    new AzurermProvider(this, 'azurerm', {
      features: [
        {
          // The deploying machine is outside the VNet and the account has no public endpoint: never call the
          // storage data plane, and use Entra ID rather than account keys for anything storage related.
          storage: [{ dataPlaneAvailable: false }],
          resourceGroup: [{ preventDeletionIfContainsResources: true }],
        },
      ],
      storageUseAzuread: true,
      // Explicit, not the provider's default ("legacy": register 66 resource providers at every plan, which needs
      // subscription-wide rights a resource-group-scoped deployer lacks). Preflight's providers check proves the
      // namespaces this configuration needs are registered; see docs/provider-notes.md (Provider block).
      resourceProviderRegistrations: 'none',
      ...(profile.subscriptionId ? { subscriptionId: profile.subscriptionId } : {}),
      // Partner usage attribution only when the profile asks for it (the provider's own default applies otherwise).
      ...(profile.partnerId ? { partnerId: profile.partnerId } : {}),
    });
    this.configureBackend();
    this.addOverride('terraform.required_version', TERRAFORM_REQUIRED_VERSION);

    const vars = declareVariables(this, profile);
    const location = declareLocation(this, profile);
    const nodeCount = declareNodeCount(this, profile);

    // A regulated customer often hands over a pre-created group and no subscription-wide rights: then it is read,
    // not managed, and destroying the cluster leaves it in place.
    const resourceGroup = profile.resourceGroup.create
      ? new ResourceGroup(this, 'resource-group', { name: vars.resourceGroupName, location, tags })
      : new DataAzurermResourceGroup(this, 'resource-group', { name: vars.resourceGroupName });
    const common = {
      namePrefix: profile.name,
      resourceGroupName: resourceGroup.name,
      location,
      tags,
    };

    const existing = profile.network.existing;
    let natPublicIp: string | undefined;
    const nodesDependOn: ITerraformDependable[] = [];
    if (existing) {
      this.network = new ExistingNetwork(this, 'network', existing);
    } else {
      const pool = profile.clientPool;
      const network = new ClusterNetwork(this, 'network', {
        ...common,
        // A regional (fault-domains) cluster has no zone: the NAT gateway and its IP carry none either.
        ...(profile.zone === undefined ? {} : { zone: profile.zone }),
        addressSpace: profile.network.addressSpace,
        nodeSubnetCidr: profile.network.nodeSubnet,
        privateEndpointSubnetCidr: profile.network.privateEndpointSubnet,
        ...declareAccessVariables(this, profile),
        protocols: profile.access.protocols,
        ...(pool.enabled && pool.subnet ? { clientSubnetCidr: pool.subnet } : {}),
      });
      natPublicIp = network.natPublicIp.ipAddress;
      nodesDependOn.push(...network.nodeSubnetReady);
      this.network = network;
      this.clusterNetwork = network;
      if (profile.access.peerings.length > 0) {
        this.peerings = new ClusterPeerings(this, 'peering', {
          namePrefix: profile.name,
          resourceGroupName: resourceGroup.name,
          virtualNetworkName: network.virtualNetwork.name,
          virtualNetworkId: network.virtualNetwork.id,
          peerings: profile.access.peerings,
        });
      }
    }

    this.identity = new ClusterIdentity(this, 'identity', common);

    this.placement = new NodePlacement(this, 'placement', {
      ...common,
      mode: profile.placement.mode,
      ...(profile.zone === undefined ? {} : { zone: profile.zone }),
      ...(profile.placement.mode === 'fault-domains' ? { faultDomainCount: profile.placement.faultDomainCount } : {}),
      vmSize: profile.nodes.vmSize,
      ...(profile.capacityReservation.enabled ? { reservedInstances: nodeCount } : {}),
      colocatedVmSizes: [
        ...(profile.management.enabled ? [profile.management.vmSize] : []),
        ...(profile.clientPool.enabled ? [profile.clientPool.vmSize] : []),
      ],
    });
    // The management node and the client pool sit where the nodes sit: their zone, or their proximity placement group.
    const colocated = {
      ...(this.placement.zones?.[0] === undefined ? {} : { zone: this.placement.zones[0] }),
      ...(this.placement.proximityPlacementGroup
        ? { proximityPlacementGroupId: this.placement.proximityPlacementGroup.id }
        : {}),
    };

    // Every VM the stack creates (nodes, management node, clients) has the nodes' admin user, SSH key and host encryption.
    const vmAccess: LinuxVmAccessProps = {
      adminUsername: profile.nodes.adminUsername,
      sshPublicKey: vars.sshPublicKey,
      encryptionAtHost: profile.nodes.encryptionAtHost,
    };

    this.nodes = new NodePool(this, 'nodes', {
      ...common,
      vmSize: profile.nodes.vmSize,
      instances: nodeCount,
      zones: this.placement.zones,
      platformFaultDomainCount: this.placement.platformFaultDomainCount,
      explicitFaultDomains: this.placement.explicitFaultDomains,
      proximityPlacementGroupId: this.placement.proximityPlacementGroup?.id,
      capacityReservationGroupId: this.placement.capacityReservationGroup?.id,
      subnetId: this.network.nodeSubnetId,
      identityId: this.identity.id,
      ...vmAccess,
      image: profile.nodes.image,
      osDiskSizeGiB: profile.nodes.osDiskSizeGiB,
      ...(profile.nodes.bootstrapScript === undefined ? {} : { bootstrapScript: profile.nodes.bootstrapScript }),
      scheduledEvents: profile.nodes.scheduledEvents,
      dependsOn: [
        ...nodesDependOn,
        ...(this.placement.capacityReservation ? [this.placement.capacityReservation] : []),
      ],
    });

    if (profile.management.enabled) {
      this.management = new ManagementNode(this, 'management', {
        ...common,
        ...colocated,
        vmSize: profile.management.vmSize,
        subnetId: this.network.nodeSubnetId,
        identityId: this.identity.id,
        ...vmAccess,
        image: profile.nodes.image,
        dependsOn: nodesDependOn,
      });
    }
    const clientSubnet = this.clusterNetwork?.clientSubnet;
    if (profile.clientPool.enabled && clientSubnet) {
      this.clients = new ClientPool(this, 'clients', {
        ...common,
        ...colocated,
        vmSize: profile.clientPool.vmSize,
        instances: profile.clientPool.count,
        subnetId: clientSubnet.id,
        ...vmAccess,
        dependsOn: this.clusterNetwork?.clientSubnetReady,
      });
    }

    this.offload = new OffloadAccount(this, 'offload', {
      resourceGroupName: resourceGroup.name,
      location,
      tags,
      accountName: profile.offload.accountName,
      replication: profile.offload.replication,
      containerName: profile.offload.containerName,
      softDeleteDays: profile.offload.softDeleteDays,
      lifecycle: profile.offload.lifecycle,
      privateEndpointSubnetId: this.network.privateEndpointSubnetId,
      virtualNetworkId: this.network.virtualNetworkId,
      ...(existing?.privateDnsZoneIds ? { privateDnsZoneIds: existing.privateDnsZoneIds } : {}),
      dataContributorPrincipalId: this.identity.principalId,
      deleteLock: profile.offload.deleteLock,
    });

    if (profile.diagnostics.enabled) {
      this.diagnostics = new ClusterDiagnostics(this, 'diagnostics', {
        ...common,
        ...(profile.diagnostics.workspaceId === undefined ? {} : { workspaceId: profile.diagnostics.workspaceId }),
        ...(profile.diagnostics.retentionDays === undefined
          ? {}
          : { retentionDays: profile.diagnostics.retentionDays }),
        storageAccountId: this.offload.account.id,
        networkSecurityGroups: this.securityGroups(),
      });
    }

    this.addOutputs(resourceGroup.name, natPublicIp, clientSubnet?.id);
  }

  /**
   * The outputs a field engineer needs next (names in {@link OUTPUTS}); each only when the stack creates what it
   * reports on.
   */
  private addOutputs(resourceGroupName: string, natPublicIp: string | undefined, clientSubnetId: string | undefined) {
    // Outputs share a namespace with variables in the construct tree but not in Terraform: give them their own
    // construct ids and keep the Terraform names.
    // A literal list or map goes in as a lazy value: cdktf 0.21 inspects literal output values with Node's
    // deprecated util.isArray, which prints DEP0044 on every synth from Node 22 on. The JSON is the same.
    const output = (name: (typeof OUTPUTS)[number], value: unknown, description: string) =>
      new TerraformOutput(this, `output-${name}`, {
        value: typeof value === 'object' && value !== null ? Lazy.anyValue({ produce: () => value }) : value,
        description,
      }).overrideLogicalId(name);
    output('resource_group_name', resourceGroupName, 'Resource group that holds the cluster.');
    output('scale_set_id', this.nodes.id, 'Resource id of the node scale set.');
    output(
      'identity_principal_id',
      this.identity.principalId,
      'Object id of the node identity (for extra role assignments).',
    );
    output('identity_client_id', this.identity.clientId, 'Client id the nodes use to request tokens for Blob.');
    output('storage_account_name', this.offload.accountName, 'Blob offload account name.');
    output('storage_dfs_endpoint', this.offload.dfsEndpoint, 'Data Lake endpoint of the offload account (private).');
    output('node_subnet_id', this.network.nodeSubnetId, 'Subnet the nodes are in.');
    if (natPublicIp !== undefined) {
      output('nat_public_ip', natPublicIp, 'Public IP the nodes reach the internet from (for allow-lists).');
    }
    if (this.nodes.faultDomains.length > 0) {
      output(
        'node_fault_domains',
        Object.fromEntries(this.nodes.faultDomains.map((n) => [n.name, n.faultDomain])),
        'Platform fault domain of every node VM (0-based; node i in fault domain i mod the count), for placing erasure-coding strips.',
      );
    }
    output(
      'node_ip_command',
      `az vm list-ip-addresses --resource-group '${resourceGroupName}' --output table`,
      'Lists the private IP of every node, the management node and every client VM (Flexible scale set VMs are ordinary VMs).',
    );
    if (this.management) {
      output('management_private_ip', this.management.privateIpAddress, 'Private IP of the management (VMS) node.');
    }
    if (clientSubnetId !== undefined) output('client_subnet_id', clientSubnetId, 'Subnet of the client pool.');
    if (this.clients) output('client_scale_set_id', this.clients.id, 'Resource id of the client pool scale set.');
    if (this.clusterNetwork) {
      const from = { clients: 'client CIDRs', 'client-subnet': 'the client subnet', admins: 'admin CIDRs' } as const;
      output(
        'open_ports',
        this.clusterNetwork.accessRules.map(
          (r) => `${r.name}: ${r.transport.toUpperCase()} ${r.ports.join(', ')} from ${from[r.from]}`,
        ),
        'Inbound ports open on the node subnet and where from (everything else from outside is denied).',
      );
    }
  }

  /**
   * Readable Terraform addresses in Terraform's own convention: the construct path below the stack joined with "_",
   * lower-cased, every other character (the "-" of construct ids) turned into "_", and without cdktf's hash suffix
   * (`azurerm_subnet.network_node_subnet`, not `network_node-subnet_A124BC81`), so customers review and
   * `terraform state` the same names they read in the docs. Addresses are part of the contract: renaming a construct
   * id replaces its resources (CHANGELOG.md records every change). Two paths that would collapse to the same address
   * (`node-nsg` and `node_nsg`) fail synthesis instead of overwriting each other.
   */
  protected override allocateLogicalId(tfElement: TerraformElement | Node): string {
    const node = TerraformElement.isTerraformElement(tfElement) ? tfElement.node : tfElement;
    const parts = node.scopes.slice(node.scopes.indexOf(this) + 1).map((c) => c.node.id);
    const id = snakeCaseAddress(parts);
    const owner = this.logicalIds.get(id);
    if (owner !== undefined && owner !== node.path) {
      throw new Error(
        `construct ids must give distinct Terraform addresses: "${node.path}" and "${owner}" both map to "${id}"`,
      );
    }
    this.logicalIds.set(id, node.path);
    return id;
  }

  private readonly logicalIds = new Map<string, string>();

  /** Every NSG this stack creates (whichever construct owns it), with a setting id from its construct path. */
  private securityGroups(): { id: string; resourceId: string }[] {
    return this.node
      .findAll()
      .filter((c): c is NetworkSecurityGroup => c instanceof NetworkSecurityGroup)
      .map((nsg) => ({
        id: nsg.node.scopes
          .slice(nsg.node.scopes.indexOf(this) + 1)
          .map((c) => c.node.id)
          .join('-'),
        resourceId: nsg.id,
      }))
      .sort((a, b) => a.id.localeCompare(b.id));
  }

  private configureBackend(): void {
    const b = this.profile.backend;
    if (b.type === 'local') {
      new LocalBackend(this, { path: b.path });
    } else {
      new AzurermBackend(this, {
        resourceGroupName: b.resourceGroupName,
        storageAccountName: b.storageAccountName,
        containerName: b.containerName,
        key: b.key,
        useAzureadAuth: true,
      });
    }
  }
}

/**
 * The Terraform name of a construct path below the stack: the ids joined with "_", lower-case, every character other
 * than a-z, 0-9 and "_" turned into "_". A name that would start with a digit gets a leading "_" (Terraform names
 * start with a letter or "_").
 */
export function snakeCaseAddress(ids: readonly string[]): string {
  const name = ids
    .join('_')
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, '_');
  return /^[0-9]/.test(name) ? `_${name}` : name;
}
