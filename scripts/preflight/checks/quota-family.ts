import type { PreflightCheck } from '../check';
import { quota } from './shared';

/** Family quota: free vCPUs in the size's family cover nodes × vCPUs. */
export const quotaFamilyCheck: PreflightCheck<'quota-family'> = {
  id: 'quota-family',
  run({ profile, facts, spec, sku }) {
    const family = sku?.family ?? spec.quotaFamily;
    return quota('quota-family', family, family, profile, spec, sku, facts.usages);
  },
};
