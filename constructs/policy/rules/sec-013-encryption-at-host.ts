import { COMPUTE_TYPE_NAMES, isScaleSetWithoutVmProfile, showSetting } from '../config';
import { compliant, nonCompliant, notApplicable, type PolicyRule } from '../rule';

/** VAZ-SEC-013: VMs encrypt OS disk, caches and temp data at the host (warning: needs a subscription feature). */
export const encryptionAtHost: PolicyRule = {
  id: 'VAZ-SEC-013',
  category: 'security',
  level: 'warning',
  title: 'Encryption at host is enabled on every node',
  rationale:
    'Encryption at host covers the OS disk cache and temp data that platform-managed disk encryption does not. A warning, not an error: it needs the `Microsoft.Compute/EncryptionAtHost` feature registered on the subscription, which some customers cannot do for a POC.',
  fix: "Set `encryption_at_host_enabled = true` (profile `nodes.encryptionAtHost: true`) after registering the EncryptionAtHost feature, or suppress with the customer's reason.",
  resourceTypes: COMPUTE_TYPE_NAMES,
  check(subject) {
    if (isScaleSetWithoutVmProfile(subject)) return notApplicable();
    const v = subject.config.encryption_at_host_enabled;
    return v === true ? compliant() : nonCompliant(`encryption_at_host_enabled is ${showSetting(v)}`);
  },
};
