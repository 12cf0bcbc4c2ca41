/**
 * The stack's Terraform variables: their names (the customer's tfvars contract), types, defaults from the profile,
 * descriptions and validation blocks. The stack constructor declares them through {@link declareVariables} and reads
 * the values (tokens, or the profile's literal where the profile fixes a value) from the result.
 *
 * Validation conditions are Terraform expressions written here, never built from user-supplied strings: profile values
 * enter a variable only as its `default` (a literal), and lists of allowed values come from the toolkit's own tables.
 */
import { TerraformVariable, type TerraformStack } from 'cdktf';
import type { Profile } from './profile/schema';

/** Terraform variable names: part of the customer contract (tfvars files name them). */
export const VARIABLES = {
  resourceGroupName: 'resource_group_name',
  sshPublicKey: 'ssh_public_key',
  adminCidrs: 'admin_cidrs',
  clientCidrs: 'client_cidrs',
} as const;

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
    condition: '${can(regex("^[-\\\\w._()]{0,89}[-\\\\w_()]$", var.resource_group_name))}',
    errorMessage:
      'resource_group_name must be 1-90 letters, digits, underscores, hyphens, periods or parentheses, not ending in a period.',
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
