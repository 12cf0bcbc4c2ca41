import { L_SERIES_CATALOG, osDiskCachingValues } from '../../compute/l-series-catalog';
import { block, COMPUTE_TYPE_NAMES, showSetting, vmSizeOf } from '../config';
import { compliant, nonCompliant, notApplicable, type PolicyRule } from '../rule';

/** VAZ-AZR-004: the OS disk caching is one the VM size accepts. */
export const osDiskCachingSupported: PolicyRule = {
  id: 'VAZ-AZR-004',
  category: 'conformance',
  level: 'error',
  title: 'The OS disk `caching` is one the VM size supports',
  rationale:
    'Host caching of Premium Storage disks is "Not Supported" on Lsv3 and Lasv3 and excepted for Standard_L96s_v4 (Microsoft size pages, recorded as `premiumStorageCaching` in constructs/compute/l-series-catalog.ts); `caching = "ReadWrite"` or `"ReadOnly"` on those sizes is refused by Azure at deploy time. The provider only checks the value is None/ReadOnly/ReadWrite.',
  fix: 'Set `os_disk.caching = "None"` (what the node pool uses on every size).',
  resourceTypes: COMPUTE_TYPE_NAMES,
  check(subject) {
    const size = vmSizeOf(subject);
    const spec = size === undefined ? undefined : L_SERIES_CATALOG[size];
    if (spec === undefined) return notApplicable();
    const caching = block(subject.config.os_disk)?.caching;
    const allowed = osDiskCachingValues(spec);
    return typeof caching === 'string' && allowed.includes(caching)
      ? compliant()
      : nonCompliant(
          `os_disk.caching is ${showSetting(caching)} on ${spec.name}, which accepts only ${allowed.join(', ')}`,
        );
  },
};
