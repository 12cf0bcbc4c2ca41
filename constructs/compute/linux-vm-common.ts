import type { OrchestratedVirtualMachineScaleSetNetworkInterface } from '@cdktf/provider-azurerm/lib/orchestrated-virtual-machine-scale-set';
import { assertIntegerInRange } from '../shared/validation';

/**
 * Admin access and host encryption shared by every Linux VM the toolkit creates (nodes, management node, clients):
 * one admin user who logs in with an SSH key only.
 */
export interface LinuxVmAccessProps {
  /** Admin user created on every VM (SSH key login only). */
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
}

/** The admin settings of {@link linuxAdminAccess}: SSH key only, password login off, VM agent on. */
export interface LinuxAdminAccess {
  readonly adminUsername: string;
  readonly disablePasswordAuthentication: true;
  readonly provisionVmAgent: true;
  readonly adminSshKey: { username: string; publicKey: string }[];
}

/**
 * The admin settings of a Linux VM, the same for `azurerm_linux_virtual_machine` and a scale set's
 * `os_profile.linux_configuration`: SSH key login only (password login disabled), the VM agent provisioned.
 */
export function linuxAdminAccess(props: LinuxVmAccessProps): LinuxAdminAccess {
  return {
    adminUsername: props.adminUsername,
    disablePasswordAuthentication: true,
    provisionVmAgent: true,
    adminSshKey: [{ username: props.adminUsername, publicKey: props.sshPublicKey }],
  };
}

/** Whether host encryption is on: {@link LinuxVmAccessProps.encryptionAtHost}, on unless turned off. */
export function encryptionAtHostEnabled(props: LinuxVmAccessProps): boolean {
  return props.encryptionAtHost ?? true;
}

/**
 * A scale set's VM profile NIC: one primary NIC named `nic` in `subnetId`, accelerated networking on, IP forwarding
 * off, one primary IPv4 configuration and no public IP.
 */
export function scaleSetNetworkInterface(subnetId: string): OrchestratedVirtualMachineScaleSetNetworkInterface[] {
  return [
    {
      name: 'nic',
      primary: true,
      enableAcceleratedNetworking: true,
      enableIpForwarding: false,
      ipConfiguration: [{ name: 'ipconfig', primary: true, subnetId, version: 'IPv4' }],
    },
  ];
}

/** Managed OS disk size in GiB when the props leave it unset. */
export const DEFAULT_OS_DISK_SIZE_GIB = 64;

/** OS disk sizes in GiB the toolkit accepts: the managed disk range an OS disk takes. */
export const OS_DISK_SIZE_GIB_RANGE = { min: 30, max: 4095 } as const;

/** The managed OS disk size of a VM with a fixed-size disk (nodes, management node). */
export interface LinuxVmOsDiskProps {
  /**
   * Managed OS disk size in GiB.
   *
   * @default 64
   */
  readonly osDiskSizeGiB?: number;
}

/**
 * The OS disk size in GiB: {@link LinuxVmOsDiskProps.osDiskSizeGiB} or {@link DEFAULT_OS_DISK_SIZE_GIB}. Throws
 * unless it is an integer in {@link OS_DISK_SIZE_GIB_RANGE} (30 to 4095, the managed disk range an OS disk accepts).
 */
export function osDiskSizeGiB(props: LinuxVmOsDiskProps): number {
  const size = props.osDiskSizeGiB ?? DEFAULT_OS_DISK_SIZE_GIB;
  assertIntegerInRange(size, OS_DISK_SIZE_GIB_RANGE.min, OS_DISK_SIZE_GIB_RANGE.max, 'osDiskSizeGiB');
  return size;
}

/** The `identity` block of a VM or scale set that runs as one user-assigned identity. */
export function userAssignedIdentity(identityId: string): { type: string; identityIds: string[] } {
  return { type: 'UserAssigned', identityIds: [identityId] };
}
