import { Construct } from 'constructs';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { VirtualNetworkPeering } from '@cdktf/provider-azurerm/lib/virtual-network-peering';

/** The parts of a virtual network resource id. */
export interface VirtualNetworkIdParts {
  readonly subscriptionId: string;
  readonly resourceGroupName: string;
  readonly name: string;
}

const VNET_ID =
  /^\/subscriptions\/([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\/resourceGroups\/([-\w.()]{1,90})\/providers\/Microsoft\.Network\/virtualNetworks\/([A-Za-z0-9][-\w.]{0,62}\w)$/;

/**
 * Splits a virtual network id, failing with the field, the value and the expected form. The character sets are
 * Azure's own (GUID subscription; resource group letters, digits, `-_.()`; VNet letters, digits, `-_.`), so a
 * parsed id can never carry a Terraform expression.
 */
export function parseVirtualNetworkId(id: string, field: string): VirtualNetworkIdParts {
  const m = VNET_ID.exec(id);
  if (!m) {
    throw new Error(
      `${field} must be a virtual network resource id (/subscriptions/<GUID>/resourceGroups/<group>/providers/Microsoft.Network/virtualNetworks/<name>), got "${id}"`,
    );
  }
  return { subscriptionId: m[1].toLowerCase(), resourceGroupName: m[2], name: m[3] };
}

/** One peering to a customer network. */
export interface PeeringSpec {
  /** Resource id of the customer's virtual network. */
  readonly remoteVirtualNetworkId: string;
  /** Also create the remote side (needs write access to peerings on the remote network). */
  readonly createRemote: boolean;
}

/** Props of {@link ClusterPeerings}. */
export interface ClusterPeeringsProps {
  /** Prefix for peering names. */
  readonly namePrefix: string;
  /** Resource group of the cluster's virtual network. */
  readonly resourceGroupName: string;
  /** Name of the cluster's virtual network. */
  readonly virtualNetworkName: string;
  /** Resource id of the cluster's virtual network. */
  readonly virtualNetworkId: string;
  /** The peerings. */
  readonly peerings: readonly PeeringSpec[];
}

/** One peering as built: its names, and the remote side's command when it is not created here. */
export interface BuiltPeering {
  /** The remote network. */
  readonly remote: VirtualNetworkIdParts & { readonly id: string };
  /** Name of the peering on the cluster's network. */
  readonly localName: string;
  /** Name of the peering on the remote network (created here or by the network's owner). */
  readonly remoteName: string;
  /** Whether this configuration creates the remote side. */
  readonly createRemote: boolean;
}

/**
 * VNet peerings from the cluster's network to customer networks, so their clients reach the nodes. Each peering
 * has two sides: the cluster side is always created; the remote side is created here when the profile says the
 * deploying identity may (same tenant, `Network Contributor` or a role with
 * `Microsoft.Network/virtualNetworks/virtualNetworkPeerings/write` and `.../peer/action` on the remote network),
 * through a provider aliased to the remote subscription. Otherwise the RUNBOOK gives the owner's command.
 *
 * Traffic only: no gateway transit, no remote gateways, no forwarded traffic.
 */
export class ClusterPeerings extends Construct {
  /** The peerings as built, in profile order. */
  readonly peerings: BuiltPeering[] = [];

  constructor(scope: Construct, id: string, props: ClusterPeeringsProps) {
    super(scope, id);
    const providers = new Map<string, AzurermProvider>();
    const options = {
      allowVirtualNetworkAccess: true,
      allowForwardedTraffic: false,
      allowGatewayTransit: false,
      useRemoteGateways: false,
    };
    planPeerings(props.namePrefix, props.peerings).forEach((p, i) => {
      new VirtualNetworkPeering(this, `to-${i}`, {
        name: p.localName,
        resourceGroupName: props.resourceGroupName,
        virtualNetworkName: props.virtualNetworkName,
        remoteVirtualNetworkId: p.remote.id,
        ...options,
      });
      if (p.createRemote) {
        let provider = providers.get(p.remote.subscriptionId);
        if (!provider) {
          provider = new AzurermProvider(this, `provider-${providers.size}`, {
            alias: `peer${providers.size}`,
            features: [{}],
            subscriptionId: p.remote.subscriptionId,
            storageUseAzuread: true,
            // As the main provider: never register namespaces in the remote subscription.
            resourceProviderRegistrations: 'none',
          });
          providers.set(p.remote.subscriptionId, provider);
        }
        new VirtualNetworkPeering(this, `from-${i}`, {
          provider,
          name: p.remoteName,
          resourceGroupName: p.remote.resourceGroupName,
          virtualNetworkName: p.remote.name,
          remoteVirtualNetworkId: props.virtualNetworkId,
          ...options,
        });
      }
      this.peerings.push(p);
    });
  }
}

/**
 * The peerings' names and parsed remote ids, as {@link ClusterPeerings} creates them (the RUNBOOK uses the same).
 *
 * @throws Error naming the field when an id is malformed or repeated.
 */
export function planPeerings(namePrefix: string, peerings: readonly PeeringSpec[]): BuiltPeering[] {
  const out: BuiltPeering[] = [];
  peerings.forEach((p, i) => {
    const field = `peerings[${i}].remoteVirtualNetworkId`;
    const remote = { ...parseVirtualNetworkId(p.remoteVirtualNetworkId, field), id: p.remoteVirtualNetworkId };
    if (out.some((b) => b.remote.id.toLowerCase() === remote.id.toLowerCase())) {
      throw new Error(`${field} must not repeat another peering, got "${remote.id}"`);
    }
    out.push({
      remote,
      localName: peeringName(`peer-${namePrefix}-to-${remote.name}`),
      remoteName: peeringName(`peer-${remote.name}-to-${namePrefix}`),
      createRemote: p.createRemote,
    });
  });
  return out;
}

/** A peering name within Azure's 80 characters. */
function peeringName(name: string): string {
  return name.slice(0, 80).replace(/[^\w]+$/, '');
}

/**
 * The Azure CLI command the owner of a remote network runs to create its side of a peering (when the profile does
 * not let this configuration create it). `clusterVnetId` may be a placeholder the reader fills in.
 */
export function remotePeeringCommand(p: BuiltPeering, clusterVnetId: string): string {
  return [
    'az network vnet peering create',
    `--subscription ${p.remote.subscriptionId}`,
    `--resource-group '${p.remote.resourceGroupName}'`,
    `--vnet-name '${p.remote.name}'`,
    `--name '${p.remoteName}'`,
    `--remote-vnet '${clusterVnetId}'`,
    '--allow-vnet-access true',
  ].join(' ');
}
