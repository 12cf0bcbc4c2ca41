import { Construct } from 'constructs';
import { OrchestratedVirtualMachineScaleSet } from '@cdktf/provider-azurerm/lib/orchestrated-virtual-machine-scale-set';
import { Token, type ITerraformDependable } from 'cdktf';
import { cloudInitCustomData } from './cloud-init';
import type { ScheduledEventsOptions } from './scheduled-events';
import { lSeriesSpec, type LSeriesSize, type LSeriesSpec } from './l-series-catalog';
import { assertIntegerInRange, assertZone, type Tags } from '../shared/validation';

/** A marketplace image. */
export interface NodeImage {
  readonly publisher: string;
  readonly offer: string;
  readonly sku: string;
  readonly version: string;
}

/** Ubuntu 24.04 LTS, Gen2, NVMe-capable: boots on every catalog size. */
export const DEFAULT_NODE_IMAGE: NodeImage = {
  publisher: 'Canonical',
  offer: 'ubuntu-24_04-lts',
  sku: 'server',
  version: 'latest',
};

/**
 * Whether a marketplace image SKU names a Gen1 image: it says "gen1", or it is a Canonical "-lts" SKU without the
 * "-gen2" suffix (e.g. "22_04-lts"). A heuristic over naming conventions; preflight cannot see images.
 */
export function isGen1ImageSku(sku: string): boolean {
  return /gen1/i.test(sku) || /-lts$/i.test(sku);
}

/** Props of {@link NodePool}. */
export interface NodePoolProps {
  /** Prefix for Azure resource names; also the computer name prefix. */
  readonly namePrefix: string;
  /** Resource group for the scale set. */
  readonly resourceGroupName: string;
  /** Azure region. */
  readonly location: string;
  /** The VM size of every node: an L-series size from the catalog (checked again at run time for untyped callers). */
  readonly vmSize: LSeriesSize;
  /**
   * Number of nodes.
   *
   * @default 8
   */
  readonly instances?: number;
  /** The scale set's zones: exactly one zone, or none for a regional set. */
  readonly zones?: string[];
  /** Platform fault domain count: 1 for a zonal set; 1, 2 or 3 for a regional one. */
  readonly platformFaultDomainCount: number;
  /**
   * Proximity placement group to place the nodes in.
   *
   * @default - none
   */
  readonly proximityPlacementGroupId?: string;
  /**
   * Capacity reservation group the nodes draw on.
   *
   * @default - none
   */
  readonly capacityReservationGroupId?: string;
  /** Subnet for the nodes' single NIC. */
  readonly subnetId: string;
  /** Resource id of the user-assigned identity the nodes run as. */
  readonly identityId: string;
  /** Admin user created on every node (SSH key login only). */
  readonly adminUsername: string;
  /** The admin's SSH public key (a Terraform variable, never a literal in the repository). */
  readonly sshPublicKey: string;
  /**
   * Encrypt the OS disk and caches at the host. Needs the subscription feature
   * `Microsoft.Compute/EncryptionAtHost` registered.
   *
   * @default true
   */
  readonly encryptionAtHost?: boolean;
  /**
   * OS image; must be Gen2 with NVMe support on v4 and v5 sizes.
   *
   * @default DEFAULT_NODE_IMAGE
   */
  readonly image?: NodeImage;
  /**
   * Managed OS disk size in GiB.
   *
   * @default 64
   */
  readonly osDiskSizeGiB?: number;
  /**
   * Customer bootstrap script run after the node's NVMe checks pass.
   *
   * @default - none
   */
  readonly bootstrapScript?: string;
  /**
   * Options of the Scheduled Events watcher every node runs (it is always installed).
   *
   * @default - log only: no automatic approval, no hook
   */
  readonly scheduledEvents?: ScheduledEventsOptions;
  /**
   * Resources that must exist before the scale set (e.g. a capacity reservation, the NAT association).
   *
   * @default - none
   */
  readonly dependsOn?: ITerraformDependable[];
  /** Tags for the scale set. */
  readonly tags: Tags;
}

/**
 * The VAST nodes: a Flexible-orchestration scale set of one L-series size with local NVMe.
 *
 * Safe by default for ephemeral NVMe: Regular priority (never Spot), automatic instance repair off (a repair
 * recreates a node and wipes its NVMe), manual upgrade mode, a managed OS disk (an ephemeral OS disk would take
 * space from the local disks), accelerated networking, no public IP, SSH keys only.
 */
export class NodePool extends Construct {
  /** The scale set resource. */
  readonly scaleSet: OrchestratedVirtualMachineScaleSet;
  /** The catalog entry for the VM size. */
  readonly spec: LSeriesSpec;

  constructor(scope: Construct, id: string, props: NodePoolProps) {
    super(scope, id);
    this.spec = lSeriesSpec(props.vmSize, 'vmSize');
    const instances = props.instances ?? 8;
    assertIntegerInRange(instances, 1, 1000, 'instances');
    assertIntegerInRange(props.platformFaultDomainCount, 1, 3, 'platformFaultDomainCount');
    const zones = props.zones;
    if (zones !== undefined && !Token.isUnresolved(zones)) {
      if (zones.length !== 1) {
        throw new Error(`zones must hold exactly one zone (the cluster is pinned to one), got [${zones.join(', ')}]`);
      }
      zones.forEach((z, i) => assertZone(z, `zones[${i}]`));
      if (props.platformFaultDomainCount > 1) {
        throw new Error(
          `platformFaultDomainCount must be 1 when zones are set (Azure refuses a zonal Flexible scale set with more fault domains), got ${props.platformFaultDomainCount}`,
        );
      }
    }
    if (props.proximityPlacementGroupId !== undefined && props.capacityReservationGroupId !== undefined) {
      throw new Error(
        'capacityReservationGroupId must not be set together with proximityPlacementGroupId: Terraform refuses a scale set with both',
      );
    }
    const image = props.image ?? DEFAULT_NODE_IMAGE;
    if (!this.spec.supportsGen1 && isGen1ImageSku(image.sku)) {
      throw new Error(
        `image.sku must be a Gen2 image for ${this.spec.name} (v4 and v5 sizes boot only Gen2 images with NVMe support), got "${image.sku}"`,
      );
    }
    const osDiskSizeGiB = props.osDiskSizeGiB ?? 64;
    assertIntegerInRange(osDiskSizeGiB, 30, 4095, 'osDiskSizeGiB');

    this.scaleSet = new OrchestratedVirtualMachineScaleSet(this, 'vmss', {
      name: `vmss-${props.namePrefix}`,
      resourceGroupName: props.resourceGroupName,
      location: props.location,
      skuName: props.vmSize,
      instances,
      zones,
      platformFaultDomainCount: props.platformFaultDomainCount,
      proximityPlacementGroupId: props.proximityPlacementGroupId,
      capacityReservationGroupId: props.capacityReservationGroupId,
      priority: 'Regular',
      upgradeMode: 'Manual',
      automaticInstanceRepair: { enabled: false },
      encryptionAtHostEnabled: props.encryptionAtHost ?? true,
      identity: { type: 'UserAssigned', identityIds: [props.identityId] },
      bootDiagnostics: {},
      sourceImageReference: image,
      osDisk: {
        caching: 'ReadWrite',
        storageAccountType: 'Premium_LRS',
        diskSizeGb: osDiskSizeGiB,
      },
      osProfile: {
        customData: cloudInitCustomData({
          spec: this.spec,
          ...(props.bootstrapScript === undefined ? {} : { bootstrapScript: props.bootstrapScript }),
          ...(props.scheduledEvents === undefined ? {} : { scheduledEvents: props.scheduledEvents }),
        }),
        linuxConfiguration: {
          adminUsername: props.adminUsername,
          computerNamePrefix: props.namePrefix.replace(/[^a-z0-9-]/g, '').slice(0, 9) || 'vast',
          disablePasswordAuthentication: true,
          provisionVmAgent: true,
          adminSshKey: [{ username: props.adminUsername, publicKey: props.sshPublicKey }],
        },
      },
      networkInterface: [
        {
          name: 'nic',
          primary: true,
          enableAcceleratedNetworking: true,
          enableIpForwarding: false,
          ipConfiguration: [{ name: 'ipconfig', primary: true, subnetId: props.subnetId, version: 'IPv4' }],
        },
      ],
      dependsOn: props.dependsOn,
      tags: props.tags,
    });
  }

  /** Resource id of the scale set. */
  get id(): string {
    return this.scaleSet.id;
  }
}
