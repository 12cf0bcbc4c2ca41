import { block, showSetting } from '../config';
import { fromViolations, type JsonObject, type PolicyRule } from '../rule';

/** VAZ-REL-009: the offload account keeps deleted blobs and containers for a while. */
export const offloadSoftDelete: PolicyRule = {
  id: 'VAZ-REL-009',
  category: 'reliability',
  level: 'error',
  title: 'Storage accounts have blob and container soft delete enabled',
  rationale:
    'The offload account is the recovery copy of the cluster; soft delete turns an accidental or malicious delete into a recoverable event within the retention window.',
  fix: 'Set `blob_properties { delete_retention_policy { days = N } container_delete_retention_policy { days = N } }` with N of 1–365 (profile `offload.softDeleteDays`).',
  resourceTypes: ['azurerm_storage_account'],
  check(subject) {
    const props = block(subject.config.blob_properties);
    const days = (policy: JsonObject | undefined, name: string) => {
      const d = policy?.days;
      if (policy === undefined) return `blob_properties.${name} is unset`;
      // The provider defaults `days` to 7 when the block is present.
      return d === undefined || (typeof d === 'number' && d >= 1)
        ? undefined
        : `blob_properties.${name}.days is ${showSetting(d)}`;
    };
    return fromViolations([
      days(block(props?.delete_retention_policy), 'delete_retention_policy'),
      days(block(props?.container_delete_retention_policy), 'container_delete_retention_policy'),
    ]);
  },
};
