/**
 * What preflight needs to know about a profile before asking Azure: the resource provider namespaces (from the
 * resource type catalog), the subscription features, and the networks it reads.
 */
import {
  authorizationActionsFor,
  namespacesToRegister,
  RESOURCE_TYPE_NAMES,
  resourceTypeEntry,
  type AuthorizationAction,
  type EmitCondition,
  type ResourceType,
} from '../../constructs/shared/resource-types';
import type { Profile } from '../../stacks/profile/schema';
import { showInput } from '../../stacks/profile/strings';
import { VARIABLES } from '../../stacks/variables';
import { UsageError } from '../lib/cli';
import type { ExistingNetworkRef, FeatureRef } from './facts';
import { RESOURCE_GROUP_NAME_PATTERN, RESOURCE_GROUP_NAME_RULE } from '../../constructs/shared/validation';

/** Whether a profile turns on the setting that an emit condition of the resource type catalog names. */
export const EMIT_CONDITIONS: Readonly<Record<EmitCondition, (profile: Profile) => boolean>> = {
  diagnostics: (p) => p.diagnostics.enabled,
  'diagnostics-workspace': (p) => p.diagnostics.enabled && p.diagnostics.workspaceId === undefined,
  peering: (p) => p.access.peerings.length > 0,
  'capacity-reservation': (p) => p.capacityReservation.enabled,
  'delete-lock': (p) => p.offload.deleteLock,
};

/**
 * The namespaces a profile needs registered: those of every catalog type the stacks can emit for it (so with
 * `diagnostics.enabled` also Microsoft.Insights, and Microsoft.OperationalInsights when the stack creates the
 * workspace). Namespaces Azure keeps registered in every subscription (Resources, Authorization) are left out.
 */
export function requiredProviders(profile: Profile): string[] {
  return namespacesToRegister(emittedTypes(profile));
}

/** The catalog types the stacks can emit for a profile: those without an emit condition, and those it turns on. */
export function emittedTypes(profile: Profile): ResourceType[] {
  return RESOURCE_TYPE_NAMES.filter((t) => {
    const condition = resourceTypeEntry(t)?.emittedOnlyWith;
    return condition === undefined || EMIT_CONDITIONS[condition](profile);
  });
}

/**
 * The `Microsoft.Authorization` writes the deployer needs for what the stacks create for a profile (the catalog's
 * `authorizationAction` of every emitted type): the role assignment always, the delete lock with
 * `offload.deleteLock`. Only these: the other writes are what Contributor grants, and preflight does not check them.
 */
export function requiredAuthorizationActions(profile: Profile): AuthorizationAction[] {
  return authorizationActionsFor(emittedTypes(profile));
}

/**
 * The subscription feature that `encryption_at_host_enabled = true` on the scale set needs; without it the
 * deployment fails. Read only when the profile turns encryption at host on (`nodes.encryptionAtHost`).
 */
export const ENCRYPTION_AT_HOST_FEATURE: FeatureRef = { namespace: 'Microsoft.Compute', name: 'EncryptionAtHost' };

/** The subscription features a profile depends on: what preflight reads from Azure for it. */
export function requiredFeatures(profile: Profile): FeatureRef[] {
  return profile.nodes.encryptionAtHost ? [ENCRYPTION_AT_HOST_FEATURE] : [];
}

/** The existing network a profile deploys into, which preflight reads; undefined when the stack creates its own. */
export function existingNetwork(profile: Profile): ExistingNetworkRef | undefined {
  return profile.network.existing;
}

/** The virtual networks a profile peers with, which preflight reads; empty when none. */
export function peeredNetworkIds(profile: Profile): string[] {
  return profile.access.peerings.map((p) => p.remoteVirtualNetworkId);
}

/**
 * The environment variable that names the resource group to Terraform (`TF_VAR_resource_group_name`); preflight reads
 * it too, when the stack deploys into an existing group, to check permissions on that group.
 */
export const RESOURCE_GROUP_ENV = `TF_VAR_${VARIABLES.resourceGroupName}`;

/** Azure's resource group naming rule, the one the `resource_group_name` variable validates. */
const RESOURCE_GROUP_NAME = new RegExp(RESOURCE_GROUP_NAME_PATTERN);

/**
 * The resource group whose permissions preflight reads: the one named by {@link RESOURCE_GROUP_ENV} when the
 * profile deploys into an existing group; undefined when the stack creates the group (it does not exist before
 * apply, so the subscription is read) or the name is not set.
 *
 * @throws UsageError (exit 2) naming the variable and the value when it is not a resource group name.
 */
export function permissionsResourceGroup(profile: Profile, env: NodeJS.ProcessEnv): string | undefined {
  if (profile.resourceGroup.create) return undefined;
  const name = env[RESOURCE_GROUP_ENV];
  if (name === undefined || name === '') return undefined;
  if (!RESOURCE_GROUP_NAME.test(name)) {
    throw new UsageError(
      `${RESOURCE_GROUP_ENV} must be a resource group name (${RESOURCE_GROUP_NAME_RULE}), got ${showInput(name)}`,
    );
  }
  return name;
}

/** Network interfaces the stack attaches to each node. */
export const NICS_PER_NODE = 1;

/** The quota row of Total Regional vCPUs. */
export const REGIONAL_CORES = 'cores';
