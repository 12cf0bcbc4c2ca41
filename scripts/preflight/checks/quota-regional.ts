import type { PreflightCheck } from '../check';
import { REGIONAL_CORES } from '../requirements';
import { quota } from './shared';

/** Regional quota: free Total Regional vCPUs (`cores`) cover nodes × vCPUs. */
export const quotaRegionalCheck: PreflightCheck<'quota-regional'> = {
  id: 'quota-regional',
  run({ profile, facts, spec, sku }) {
    return quota('quota-regional', REGIONAL_CORES, 'Total Regional vCPUs', profile, spec, sku, facts.usages);
  },
};
