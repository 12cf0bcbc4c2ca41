import { Construct } from 'constructs';
import { LinuxVirtualMachine } from '@cdktf/provider-azurerm/lib/linux-virtual-machine';
import { NetworkInterface } from '@cdktf/provider-azurerm/lib/network-interface';
import { OrchestratedVirtualMachineScaleSet } from '@cdktf/provider-azurerm/lib/orchestrated-virtual-machine-scale-set';
import { Token, type ITerraformDependable } from 'cdktf';
import { cloudInitCustomData } from './cloud-init';
import { nodeFaultDomain } from './fault-domains';
import type { ScheduledEventsOptions } from './scheduled-events';
import {
  encryptionAtHostEnabled,
  linuxAdminAccess,
  scaleSetNetworkInterface,
  osDiskSizeGiB,
  userAssignedIdentity,
  type LinuxVmAccessProps,
  type LinuxVmOsDiskProps,
} from './linux-vm-common';
import { lSeriesSpec, OS_DISK_CACHING, type LSeriesSize, type LSeriesSpec } from './l-series-catalog';
import { assertIntegerInRange, assertZone, type Tags } from '../shared/validation';

/** A marketplace image. */
export interface NodeImage {
  readonly publisher: string;
  readonly offer: string;
  readonly sku: string;
  readonly version: string;
}

/** Number of nodes when the props (or the profile) leave it unset. */
export const DEFAULT_NODE_COUNT = 8;

/** Most instances a Flexible scale set holds. */
export const MAX_NODE_COUNT = 1000;

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
export interface NodePoolProps extends LinuxVmAccessProps, LinuxVmOsDiskProps {
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
   * Create every node as its own `azurerm_linux_virtual_machine` in the scale set, with an explicit
   * `platform_fault_domain` (node i in fault domain i mod `platformFaultDomainCount`) and its own NIC, so which node
   * sits in which fault domain is known. Azure reports fault-domain membership only for VMs created this way. Needs
   * a regional scale set (no `zones`) with at least 2 fault domains.
   *
   * @default false - the scale set creates its `instances` itself and Azure spreads them
   */
  readonly explicitFaultDomains?: boolean;
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
  /**
   * OS image; must be Gen2 with NVMe support on v4 and v5 sizes.
   *
   * @default DEFAULT_NODE_IMAGE
   */
  readonly image?: NodeImage;
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

/** One node's place in the fault-domain layout (explicit fault domains only). */
export interface NodeFaultDomain {
  /** The VM's Azure name. */
  readonly name: string;
  /** The node's index, 0-based. */
  readonly index: number;
  /** The platform fault domain the VM is created in (0-based, as Azure numbers them). */
  readonly faultDomain: number;
}

/**
 * The VAST nodes: a Flexible-orchestration scale set of one L-series size with local NVMe; either the scale set
 * creates the instances (zonal placement) or each node is a VM of its own in the scale set with an explicit fault
 * domain (`explicitFaultDomains`).
 *
 * Safe by default for ephemeral NVMe: Regular priority (never Spot), no automatic instance repair (a repair
 * recreates a node and wipes its NVMe; the provider also refuses the block without a health extension), manual
 * upgrade mode, a managed uncached OS disk (an ephemeral OS disk would take space from the local disks; `None` is
 * the caching every L-series size accepts), accelerated networking, no public IP, SSH keys only.
 */
export class NodePool extends Construct {
  /** The scale set resource. */
  readonly scaleSet: OrchestratedVirtualMachineScaleSet;
  /** The catalog entry for the VM size. */
  readonly spec: LSeriesSpec;
  /** The node VMs (explicit fault domains only; empty when the scale set creates its instances). */
  readonly virtualMachines: readonly LinuxVirtualMachine[];
  /** The node NICs, one per VM (explicit fault domains only). */
  readonly networkInterfaces: readonly NetworkInterface[];
  /** Which node is in which fault domain (explicit fault domains only; empty otherwise, as Azure does not say). */
  readonly faultDomains: readonly NodeFaultDomain[];

  constructor(scope: Construct, id: string, props: NodePoolProps) {
    super(scope, id);
    this.spec = lSeriesSpec(props.vmSize, 'vmSize');
    const instances = props.instances ?? DEFAULT_NODE_COUNT;
    assertIntegerInRange(instances, 1, MAX_NODE_COUNT, 'instances');
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
    const explicit = props.explicitFaultDomains ?? false;
    if (explicit) {
      if (Token.isUnresolved(instances)) {
        throw new Error(
          'instances must be a number, not a Terraform expression, when explicitFaultDomains is true (each node is a VM of its own, created with its fault domain)',
        );
      }
      if (zones !== undefined) {
        throw new Error(
          `zones must be left unset when explicitFaultDomains is true (fault domains are spread only in a regional scale set), got [${zones.join(', ')}]`,
        );
      }
      if (props.platformFaultDomainCount < 2) {
        throw new Error(
          `platformFaultDomainCount must be 2 or 3 when explicitFaultDomains is true, got ${props.platformFaultDomainCount}`,
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
    const diskSizeGb = osDiskSizeGiB(props);

    const customData = cloudInitCustomData({
      spec: this.spec,
      ...(props.bootstrapScript === undefined ? {} : { bootstrapScript: props.bootstrapScript }),
      ...(props.scheduledEvents === undefined ? {} : { scheduledEvents: props.scheduledEvents }),
    });
    const encryptionAtHost = encryptionAtHostEnabled(props);
    const adminAccess = linuxAdminAccess(props);
    const identity = userAssignedIdentity(props.identityId);
    const osDisk = { caching: OS_DISK_CACHING, storageAccountType: 'Premium_LRS', diskSizeGb };
    const common = { resourceGroupName: props.resourceGroupName, location: props.location, tags: props.tags };

    if (!explicit) {
      this.scaleSet = new OrchestratedVirtualMachineScaleSet(this, 'vmss', {
        ...common,
        name: `vmss-${props.namePrefix}`,
        skuName: props.vmSize,
        instances,
        zones,
        platformFaultDomainCount: props.platformFaultDomainCount,
        proximityPlacementGroupId: props.proximityPlacementGroupId,
        capacityReservationGroupId: props.capacityReservationGroupId,
        priority: 'Regular',
        upgradeMode: 'Manual',
        // No automatic_instance_repair block at all: the provider refuses any such block (even enabled = false)
        // without an application health extension (GetOk in resourceOrchestratedVirtualMachineScaleSetCreate).
        encryptionAtHostEnabled: encryptionAtHost,
        identity,
        bootDiagnostics: {},
        sourceImageReference: image,
        osDisk,
        osProfile: {
          customData,
          linuxConfiguration: {
            ...adminAccess,
            computerNamePrefix: props.namePrefix.replace(/[^a-z0-9-]/g, '').slice(0, 9) || 'vast',
          },
        },
        networkInterface: scaleSetNetworkInterface(props.subnetId),
        dependsOn: props.dependsOn,
        tags: props.tags,
      });
      this.virtualMachines = [];
      this.networkInterfaces = [];
      this.faultDomains = [];
      return;
    }

    // A scale set without a VM profile: a container that fixes the fault-domain count and the proximity placement
    // group. The VMs join it with virtual_machine_scale_set_id and choose their fault domain.
    this.scaleSet = new OrchestratedVirtualMachineScaleSet(this, 'vmss', {
      ...common,
      name: `vmss-${props.namePrefix}`,
      platformFaultDomainCount: props.platformFaultDomainCount,
      proximityPlacementGroupId: props.proximityPlacementGroupId,
    });
    const vms: LinuxVirtualMachine[] = [];
    const nics: NetworkInterface[] = [];
    const layout: NodeFaultDomain[] = [];
    const width = String(instances - 1).length;
    for (let i = 0; i < instances; i++) {
      const suffix = String(i).padStart(Math.max(2, width), '0');
      const name = `${props.namePrefix}-node-${suffix}`;
      const faultDomain = nodeFaultDomain(i, props.platformFaultDomainCount);
      const nic = new NetworkInterface(this, `nic-${suffix}`, {
        ...common,
        name: `nic-${name}`,
        acceleratedNetworkingEnabled: true,
        ipForwardingEnabled: false,
        ipConfiguration: [
          {
            name: 'ipconfig',
            primary: true,
            subnetId: props.subnetId,
            privateIpAddressAllocation: 'Dynamic',
            privateIpAddressVersion: 'IPv4',
          },
        ],
      });
      const vm = new LinuxVirtualMachine(this, `vm-${suffix}`, {
        ...common,
        name,
        size: props.vmSize,
        networkInterfaceIds: [nic.id],
        virtualMachineScaleSetId: this.scaleSet.id,
        platformFaultDomain: faultDomain,
        proximityPlacementGroupId: props.proximityPlacementGroupId,
        priority: 'Regular',
        encryptionAtHostEnabled: encryptionAtHost,
        identity,
        bootDiagnostics: {},
        sourceImageReference: image,
        osDisk,
        customData,
        ...adminAccess,
        dependsOn: props.dependsOn,
      });
      nics.push(nic);
      vms.push(vm);
      layout.push({ name, index: i, faultDomain });
    }
    this.virtualMachines = vms;
    this.networkInterfaces = nics;
    this.faultDomains = layout;
  }

  /** Resource id of the scale set. */
  get id(): string {
    return this.scaleSet.id;
  }
}
