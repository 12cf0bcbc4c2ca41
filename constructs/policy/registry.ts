/** The rule registry: every rule the pack runs, in id order. `docs/rules.md` is generated from this list. */
import type { PolicyRule } from './rule';
import { noPublicIpOnNodes } from './rules/sec-001-no-public-ip-on-nodes';
import { noInboundFromInternet } from './rules/sec-002-no-inbound-from-internet';
import { passwordAuthenticationDisabled } from './rules/sec-003-password-auth-disabled';
import { storageMinimumTls12 } from './rules/sec-004-storage-tls-1-2';
import { storageHttpsOnly } from './rules/sec-005-storage-https-only';
import { storageSharedKeyDisabled } from './rules/sec-006-storage-shared-key-disabled';
import { storagePublicNetworkAccessDisabled } from './rules/sec-007-storage-public-network-access-disabled';
import { storageNestedPublicAccessDisabled } from './rules/sec-008-storage-nested-public-access-disabled';
import { storageNetworkRulesDenyByDefault } from './rules/sec-009-storage-default-deny';
import { storagePrivateEndpointPresent } from './rules/sec-010-storage-private-endpoint';
import { roleAssignmentScopedToStorage } from './rules/sec-011-role-assignment-scope';
import { noSecretLiterals } from './rules/sec-012-no-secret-literals';
import { encryptionAtHost } from './rules/sec-013-encryption-at-host';
import { internalPortsStayInSubnet } from './rules/sec-014-internal-ports-stay-in-subnet';
import { zonalResourcesInProfileZone } from './rules/rel-001-zone-pinned';
import { flexZonalFaultDomainCount } from './rules/rel-002-flex-zones-fault-domains';
import { acceleratedNetworking } from './rules/rel-003-accelerated-networking';
import { noSpotOnNvmeNodes } from './rules/rel-004-no-spot-on-nvme';
import { noAutomaticRepairOnNvmeNodes } from './rules/rel-005-no-automatic-repair-on-nvme';
import { manualUpgradeOnNvmeNodes } from './rules/rel-006-manual-upgrade-on-nvme';
import { managedOsDiskOnNvmeNodes } from './rules/rel-007-managed-os-disk-on-nvme';
import { gen2ImageOnV4V5 } from './rules/rel-008-gen2-image-on-v4-v5';
import { offloadSoftDelete } from './rules/rel-009-offload-soft-delete';
import { requiredTags } from './rules/rel-010-required-tags';
import { scheduledEventsWatcherOnNvme } from './rules/rel-011-scheduled-events-watcher-on-nvme';
import { offloadDeleteLock } from './rules/rel-012-offload-delete-lock';
import { flexRepairNeedsHealthExtension } from './rules/azr-001-flex-repair-needs-health-extension';
import { faultDomainCountInRegion } from './rules/azr-002-fault-domain-count-in-region';
import { zonalPpgMembersInZone } from './rules/azr-003-zonal-ppg-members-in-zone';
import { osDiskCachingSupported } from './rules/azr-004-os-disk-caching-supported';
import { vmFaultDomainInScaleSet } from './rules/azr-005-vm-fault-domain-in-scale-set';
import { ppgOrCapacityReservation } from './rules/azr-006-ppg-or-capacity-reservation';

/** Every rule of the VAST POC policy pack: security, reliability, then conformance, each family in id order. */
export const POLICY_RULES: readonly PolicyRule[] = Object.freeze([
  noPublicIpOnNodes,
  noInboundFromInternet,
  passwordAuthenticationDisabled,
  storageMinimumTls12,
  storageHttpsOnly,
  storageSharedKeyDisabled,
  storagePublicNetworkAccessDisabled,
  storageNestedPublicAccessDisabled,
  storageNetworkRulesDenyByDefault,
  storagePrivateEndpointPresent,
  roleAssignmentScopedToStorage,
  noSecretLiterals,
  encryptionAtHost,
  internalPortsStayInSubnet,
  zonalResourcesInProfileZone,
  flexZonalFaultDomainCount,
  acceleratedNetworking,
  noSpotOnNvmeNodes,
  noAutomaticRepairOnNvmeNodes,
  manualUpgradeOnNvmeNodes,
  managedOsDiskOnNvmeNodes,
  gen2ImageOnV4V5,
  offloadSoftDelete,
  requiredTags,
  scheduledEventsWatcherOnNvme,
  offloadDeleteLock,
  flexRepairNeedsHealthExtension,
  faultDomainCountInRegion,
  zonalPpgMembersInZone,
  osDiskCachingSupported,
  vmFaultDomainInScaleSet,
  ppgOrCapacityReservation,
]);

/** The ids of every rule, for validating suppressions. */
export const POLICY_RULE_IDS: readonly string[] = Object.freeze(POLICY_RULES.map((r) => r.id));

/** The rule with an id, or undefined. */
export function findPolicyRule(id: string): PolicyRule | undefined {
  return POLICY_RULES.find((r) => r.id === id);
}
