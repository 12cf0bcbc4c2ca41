import { Construct } from 'constructs';
import { LinuxVirtualMachine } from '@cdktf/provider-azurerm/lib/linux-virtual-machine';
import { NetworkInterface } from '@cdktf/provider-azurerm/lib/network-interface';
import { type ITerraformDependable } from 'cdktf';
import { generalPurposeSpec, type GeneralPurposeSize, type GeneralPurposeSpec } from './general-purpose-catalog';
import { DEFAULT_NODE_IMAGE, type NodeImage } from './node-pool';
import {
  encryptionAtHostEnabled,
  linuxAdminAccess,
  osDiskSizeGiB,
  userAssignedIdentity,
  type LinuxVmAccessProps,
  type LinuxVmOsDiskProps,
} from './linux-vm-common';
import { assertZone, type Tags } from '../shared/validation';

/** Props of {@link ManagementNode}. */
export interface ManagementNodeProps extends LinuxVmAccessProps, LinuxVmOsDiskProps {
  /** Prefix for Azure resource names. */
  readonly namePrefix: string;
  /** Resource group for the VM and its NIC. */
  readonly resourceGroupName: string;
  /** Azure region. */
  readonly location: string;
  /** The VM size: a general-purpose size from the catalog. */
  readonly vmSize: GeneralPurposeSize;
  /**
   * The availability zone, the nodes' zone (from `NodePlacement.zones`).
   *
   * @default - no zone (the proximity placement group carries the placement)
   */
  readonly zone?: string;
  /**
   * The nodes' proximity placement group (from `NodePlacement.proximityPlacementGroup`).
   *
   * @default - none
   */
  readonly proximityPlacementGroupId?: string;
  /** The node subnet: VMS talks to the nodes on their internal ports, which stay inside that subnet. */
  readonly subnetId: string;
  /** Resource id of the nodes' user-assigned identity. */
  readonly identityId: string;
  /**
   * OS image.
   *
   * @default DEFAULT_NODE_IMAGE
   */
  readonly image?: NodeImage;
  /**
   * Resources that must exist before the VM (the node subnet's NSG and NAT associations).
   *
   * @default - none
   */
  readonly dependsOn?: ITerraformDependable[];
  /** Tags for the VM and its NIC. */
  readonly tags: Tags;
}

/**
 * The management node: one general-purpose Linux VM for the VAST Management System (VMS), in the node subnet and
 * placed with the nodes (their zone, or their proximity placement group). Hardened like the nodes: no public IP,
 * SSH keys only, the nodes' identity, encryption at host, accelerated networking, a managed Premium OS disk. Nothing
 * is installed on it here: VAST's installer deploys VMS.
 */
export class ManagementNode extends Construct {
  /** The VM. */
  readonly vm: LinuxVirtualMachine;
  /** Its single NIC. */
  readonly nic: NetworkInterface;
  /** The catalog entry for the size. */
  readonly spec: GeneralPurposeSpec;

  constructor(scope: Construct, id: string, props: ManagementNodeProps) {
    super(scope, id);
    this.spec = generalPurposeSpec(props.vmSize, 'vmSize');
    if (props.zone !== undefined) assertZone(props.zone, 'zone');
    const diskSizeGb = osDiskSizeGiB(props);
    const common = { resourceGroupName: props.resourceGroupName, location: props.location, tags: props.tags };

    this.nic = new NetworkInterface(this, 'nic', {
      ...common,
      name: `nic-${props.namePrefix}-vms`,
      acceleratedNetworkingEnabled: true,
      ipForwardingEnabled: false,
      ipConfiguration: [
        { name: 'ipconfig', primary: true, subnetId: props.subnetId, privateIpAddressAllocation: 'Dynamic' },
      ],
    });
    this.vm = new LinuxVirtualMachine(this, 'vm', {
      ...common,
      name: `vm-${props.namePrefix}-vms`,
      size: props.vmSize,
      zone: props.zone,
      proximityPlacementGroupId: props.proximityPlacementGroupId,
      networkInterfaceIds: [this.nic.id],
      priority: 'Regular',
      encryptionAtHostEnabled: encryptionAtHostEnabled(props),
      identity: userAssignedIdentity(props.identityId),
      bootDiagnostics: {},
      sourceImageReference: props.image ?? DEFAULT_NODE_IMAGE,
      osDisk: { caching: 'ReadWrite', storageAccountType: 'Premium_LRS', diskSizeGb },
      ...linuxAdminAccess(props),
      dependsOn: props.dependsOn,
    });
  }

  /** The VM's private IP address. */
  get privateIpAddress(): string {
    return this.nic.privateIpAddress;
  }
}
