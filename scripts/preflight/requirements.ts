/**
 * What preflight needs to know about a profile before asking Azure: the resource provider namespaces (from the
 * resource type catalog), the subscription features, and the networks it reads.
 */
import {
  namespacesToRegister,
  RESOURCE_TYPE_NAMES,
  resourceTypeEntry,
  type EmitCondition,
} from '../../constructs/shared/resource-types';
import type { Profile } from '../../stacks/profile/schema';
import type { ExistingNetworkRef, FeatureRef } from './facts';

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
  return namespacesToRegister(
    RESOURCE_TYPE_NAMES.filter((t) => {
      const condition = resourceTypeEntry(t)?.emittedOnlyWith;
      return condition === undefined || EMIT_CONDITIONS[condition](profile);
    }),
  );
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

/** Network interfaces the stack attaches to each node. */
export const NICS_PER_NODE = 1;

/** The quota row of Total Regional vCPUs. */
export const REGIONAL_CORES = 'cores';
