/**
 * The stack's Terraform variables: their names (the customer's tfvars contract), types, defaults from the profile,
 * descriptions and validation blocks. The stack constructor declares them through {@link declareVariables} and reads
 * the values (tokens, or the profile's literal where the profile fixes a value) from the result.
 *
 * Validation conditions are Terraform expressions written here, never built from user-supplied strings: profile values
 * enter a variable only as its `default` (a literal), and lists of allowed values come from the toolkit's own tables.
 */
import { TerraformVariable, type TerraformStack } from 'cdktf';
import { regionMaxFaultDomains } from '../constructs/compute/fault-domains';
import { AZURE_SUBNET_RESERVED_ADDRESSES, parseCidr } from '../constructs/shared/cidr';
import { ZONAL_REGIONS } from './profile/model';
import { MAX_NODES, MIN_NODES, type Profile } from './profile/schema';
import { RESOURCE_GROUP_NAME_PATTERN, RESOURCE_GROUP_NAME_RULE } from '../constructs/shared/validation';

/** Terraform variable names: part of the customer contract (tfvars files name them). */
export const VARIABLES = {
  resourceGroupName: 'resource_group_name',
  sshPublicKey: 'ssh_public_key',
  adminCidrs: 'admin_cidrs',
  clientCidrs: 'client_cidrs',
  location: 'location',
  nodeCount: 'node_count',
} as const;

/**
 * The variables whose default is a value of the profile (its region, its node count): documents generated from the
 * configuration read these as their defaults, since they describe the configuration as the profile planned it.
 */
export const PROFILE_VALUE_VARIABLES: readonly string[] = [VARIABLES.location, VARIABLES.nodeCount];

/** One validation block of a variable as cdktf takes it. */
export interface VariableValidation {
  /** A Terraform expression, `${…}`-wrapped, that is true for an acceptable value. */
  readonly condition: string;
  /** The message Terraform prints when the condition is false. */
  readonly errorMessage: string;
}

/**
 * The smallest base64 payload of an `ssh-rsa` public key of 2048 bits or more (a 2048-bit modulus with exponent 65537
 * or 3 encodes to 372 characters; 1024- and 1536-bit keys to 204 and 288).
 */
export const SSH_RSA_MIN_BASE64_LENGTH = 372;

/**
 * Validation blocks of the `ssh_public_key` variable: as close to the provider's `SSHKey` validate function
 * (internal/services/compute/validate/ssh_key.go at v4.55.0: RSA of at least 2048 bits or ED25519, nothing else) as
 * Terraform's functions allow. The key type is read from both the prefix and the encoded blob's header; an ED25519
 * blob has a fixed length; an RSA blob's length stands in for the modulus size, because Terraform cannot decode the
 * binary blob to count bits. Not expressible: a blob that is valid base64 but not a parseable key, and RSA moduli of
 * 2025–2040 bits (they encode to the same length as 2048 bits); the provider still refuses those at plan.
 */
export const SSH_PUBLIC_KEY_VALIDATION: readonly VariableValidation[] = [
  {
    // The blob's header repeats the key type: "AAAAB3NzaC1yc2E" is the base64 of the length-prefixed "ssh-rsa", and
    // an ED25519 blob is always 68 characters (51 bytes). can() turns a missing second field into false.
    condition:
      '${contains(["ssh-rsa", "ssh-ed25519"], split(" ", var.ssh_public_key)[0]) && can(regex(split(" ", var.ssh_public_key)[0] == "ssh-rsa" ? "^AAAAB3NzaC1yc2E[A-Za-z0-9+/]+={0,2}$" : "^AAAAC3NzaC1lZDI1NTE5AAAAI[A-Za-z0-9+/]{43}$", split(" ", var.ssh_public_key)[1]))}',
    errorMessage:
      'ssh_public_key must be an OpenSSH RSA (ssh-rsa) or ED25519 (ssh-ed25519) public key: Azure and the azurerm provider refuse ECDSA, DSA and anything else.',
  },
  {
    condition: `\${split(" ", var.ssh_public_key)[0] != "ssh-rsa" || try(length(split(" ", var.ssh_public_key)[1]) >= ${SSH_RSA_MIN_BASE64_LENGTH}, false)}`,
    errorMessage: 'ssh_public_key: an ssh-rsa key must have at least 2048 bits (Azure refuses shorter RSA keys).',
  },
];

/** Validation of `resource_group_name`: Azure's resource group naming rules. */
export const RESOURCE_GROUP_NAME_VALIDATION: readonly VariableValidation[] = [
  {
    // The HCL string literal doubles every backslash of the pattern.
    condition: `\${can(regex("${RESOURCE_GROUP_NAME_PATTERN.replace(/\\/g, '\\\\')}", var.resource_group_name))}`,
    errorMessage: `resource_group_name must be ${RESOURCE_GROUP_NAME_RULE}.`,
  },
];

/**
 * The Terraform validation of a CIDR-list variable: IPv4 blocks only, none wider than /8. The policy pack
 * (VAZ-SEC-002) recognises the prefix-length rule as a guard.
 */
export function cidrListValidation(name: string, purpose: string, allowEmpty: boolean): VariableValidation[] {
  return [
    {
      condition: `\${${allowEmpty ? '' : `length(var.${name}) > 0 && `}alltrue([for c in var.${name} : can(cidrhost(c, 0)) && can(regex("^[0-9.]+/[0-9]+$", c))])}`,
      errorMessage: `${name} must be a ${allowEmpty ? '' : 'non-empty '}list of IPv4 CIDR blocks such as 203.0.113.0/24.`,
    },
    {
      // try(): a value without "/" fails the rule above; here it must not stop evaluation.
      condition: `\${alltrue([for c in var.${name} : try(tonumber(split("/", c)[1]) >= 8, false)])}`,
      errorMessage: `${name} must not open ${purpose} to the internet: every block needs a prefix of /8 or longer (0.0.0.0/0 is refused).`,
    },
  ];
}

/**
 * The values the stack reads from its variables: a token (`${var.…}`) where the customer supplies the value, the
 * profile's literal where the profile fixes it.
 */
export interface StackVariables {
  /** The resource group's name (`var.resource_group_name`). */
  readonly resourceGroupName: string;
  /** The admin user's SSH public key (`var.ssh_public_key`). */
  readonly sshPublicKey: string;
}

/** The sources the created network admits: the profile's lists, or variables where the profile leaves them out. */
export interface AccessVariables {
  /** Admin CIDRs: the profile's `network.adminCidrs`, or `var.admin_cidrs`. */
  readonly adminCidrs: string[];
  /** Client CIDRs: the profile's `access.clientCidrs`, or `var.client_cidrs`. */
  readonly clientCidrs: string[];
}

/**
 * The regions the synthesized layout is valid in, from the toolkit's own tables (never from user input):
 *
 * - with an existing network, only the profile's region (the network's region is fixed and every NIC must be in it);
 * - in `zonal` placement, every region with availability zones (the zone is pinned; every such region has zone 1-3);
 * - in `fault-domains` placement, the regions with zones whose maximum platform fault-domain count (offline table)
 *   is at least the profile's count (the node VMs are synthesized in fault domain i mod that count), and always the
 *   profile's own region: a region missing from the table is accepted by the profile with an explicit count (that
 *   preflight confirms), and the variable's default must pass its own validation.
 */
export function allowedLocations(profile: Profile): string[] {
  const zonal = [...ZONAL_REGIONS] as string[];
  if (profile.network.existing) return zonal.filter((r) => r === profile.location);
  if (profile.placement.mode === 'zonal') return zonal;
  const count = profile.placement.faultDomainCount;
  return zonal.filter((r) => r === profile.location || (regionMaxFaultDomains(r) ?? 0) >= count);
}

/**
 * The node count range this configuration supports in `zonal` placement: from the mode's smallest erasure-coding
 * layout to what the node subnet holds (its addresses less the ones Azure reserves and the management node's), or
 * the scale set's maximum with an existing network (whose subnet size is not known offline).
 */
export function nodeCountRange(profile: Profile): { readonly min: number; readonly max: number; readonly why: string } {
  const min = MIN_NODES[profile.placement.mode];
  if (profile.network.existing) {
    return { min, max: MAX_NODES, why: `a Flexible scale set holds at most ${MAX_NODES}` };
  }
  const subnet = parseCidr(profile.network.nodeSubnet);
  if ('error' in subnet) throw new Error(`network.nodeSubnet ${subnet.error}, got "${profile.network.nodeSubnet}"`);
  const management = profile.management.enabled ? 1 : 0;
  const max = Math.min(MAX_NODES, subnet.size - AZURE_SUBNET_RESERVED_ADDRESSES - management);
  return {
    min,
    max,
    why: `the node subnet ${subnet.text} has ${subnet.size} addresses, ${AZURE_SUBNET_RESERVED_ADDRESSES} of them reserved by Azure${management ? ' and 1 for the management node' : ''}`,
  };
}

/**
 * Declares `location`: the region of every resource, the profile's region by default, restricted by validation to
 * {@link allowedLocations}.
 */
export function declareLocation(stack: TerraformStack, profile: Profile): string {
  const allowed = allowedLocations(profile);
  const what = profile.network.existing
    ? `only ${profile.location}: the existing virtual network is there`
    : profile.placement.mode === 'zonal'
      ? `a region with availability zones (zone ${profile.zone ?? ''} is pinned)`
      : `a region with availability zones and at least ${profile.placement.faultDomainCount} platform fault domains (the node VMs are placed in fault domains 0-${profile.placement.faultDomainCount - 1})` +
        (regionMaxFaultDomains(profile.location) === undefined
          ? `, or the profile's own ${profile.location}, whose maximum is not in the offline table (preflight confirms it)`
          : '');
  return new TerraformVariable(stack, VARIABLES.location, {
    type: 'string',
    default: profile.location,
    // null (e.g. `location = null` in a tfvars) means the default, not a value the validation functions fail on.
    nullable: false,
    description:
      `Azure region of every resource this configuration creates. Default: the profile's region, ${profile.location}, which README.md, the quota figures and the preflight report describe. ` +
      'Changing it after apply replaces every resource (location cannot be updated in place). ' +
      `Allowed: ${what}. Terraform cannot check the rest for another region: run preflight for it (VM size offered, quota, encryption at host, the offload account name).`,
    validation: [
      {
        // The list is the toolkit's own region names, quoted; ", " between items is terraform fmt's layout.
        condition: `\${contains([${allowed.map((r) => JSON.stringify(r)).join(', ')}], var.location)}`,
        errorMessage: `location must be ${what}; one of ${allowed.join(', ')}.`,
      },
    ],
  }).stringValue;
}

/**
 * The node count: a `node_count` variable in `zonal` placement (the scale set's `instances`), validated to
 * {@link nodeCountRange}; the profile's literal in `fault-domains` placement, where each node is a VM and NIC of its
 * own, synthesized with its fault domain (Terraform would need `count` to vary them, and the layout, one strip per
 * fault domain, is planned for the profile's count).
 */
export function declareNodeCount(stack: TerraformStack, profile: Profile): number {
  if (profile.placement.mode !== 'zonal') return profile.nodes.count;
  const { min, max, why } = nodeCountRange(profile);
  return new TerraformVariable(stack, VARIABLES.nodeCount, {
    type: 'number',
    default: profile.nodes.count,
    nullable: false,
    description:
      `Number of storage nodes (the scale set's instances${profile.capacityReservation.enabled ? ' and the capacity reserved for them' : ''}). Default: the profile's ${profile.nodes.count}, for which README.md and RUNBOOK.md give capacity, performance and quota figures; re-plan for another count. ` +
      'Lowering it on a deployed cluster deletes node VMs and their local NVMe data (Azure scales in by deleting instances): remove the nodes from VAST first. ' +
      `${min} to ${max}: ${min} is the smallest erasure-coding layout for zonal placement; ${max} because ${why}.`,
    validation: [
      {
        condition: `\${var.node_count == floor(var.node_count) && var.node_count >= ${min} && var.node_count <= ${max}}`,
        errorMessage: `node_count must be a whole number from ${min} to ${max}: at least ${min} (the smallest erasure-coding layout for zonal placement), at most ${max} (${why}).`,
      },
    ],
  }).numberValue;
}

/** Declares the variables every stack has: the resource group's name and the admin user's SSH public key. */
export function declareVariables(stack: TerraformStack, profile: Profile): StackVariables {
  const createRg = profile.resourceGroup.create;
  const resourceGroupName = new TerraformVariable(stack, VARIABLES.resourceGroupName, {
    type: 'string',
    ...(createRg ? { default: `rg-${profile.name}` } : {}),
    description: createRg
      ? 'Name of the resource group the cluster is created in (created by this configuration).'
      : `Name of the existing resource group the cluster is deployed into, in ${profile.location} (read, never created or deleted, by this configuration).`,
    validation: RESOURCE_GROUP_NAME_VALIDATION.map((v) => ({ ...v })),
  }).stringValue;
  const sshPublicKey = new TerraformVariable(stack, VARIABLES.sshPublicKey, {
    type: 'string',
    description: `OpenSSH public key for the "${profile.nodes.adminUsername}" admin user on every node (password login is disabled).`,
    validation: SSH_PUBLIC_KEY_VALIDATION.map((v) => ({ ...v })),
  }).stringValue;
  return { resourceGroupName, sshPublicKey };
}

/**
 * Declares the CIDR-list variables of a stack that creates its network, each only when the profile leaves its list
 * out (a profile's list is used as it is).
 */
export function declareAccessVariables(stack: TerraformStack, profile: Profile): AccessVariables {
  return { adminCidrs: adminCidrs(stack, profile), clientCidrs: clientCidrs(stack, profile) };
}

function adminCidrs(stack: TerraformStack, profile: Profile): string[] {
  if (profile.network.adminCidrs) return [...profile.network.adminCidrs];
  return new TerraformVariable(stack, VARIABLES.adminCidrs, {
    type: 'list(string)',
    description: 'Source IPv4 CIDR blocks allowed to reach the nodes on SSH (TCP 22). Never 0.0.0.0/0.',
    validation: cidrListValidation(VARIABLES.adminCidrs, 'SSH', false),
  }).listValue;
}

function clientCidrs(stack: TerraformStack, profile: Profile): string[] {
  if (profile.access.clientCidrs) return [...profile.access.clientCidrs];
  const pool = profile.clientPool;
  return new TerraformVariable(stack, VARIABLES.clientCidrs, {
    type: 'list(string)',
    description: `Source IPv4 CIDR blocks of the storage clients: they reach the nodes on the ports of ${profile.access.protocols.join(', ')}. Never 0.0.0.0/0.${pool.enabled ? ' May be empty: the client subnet is always allowed.' : ''}`,
    ...(pool.enabled ? { default: [] } : {}),
    validation: cidrListValidation(VARIABLES.clientCidrs, 'the data ports', pool.enabled),
  }).listValue;
}
