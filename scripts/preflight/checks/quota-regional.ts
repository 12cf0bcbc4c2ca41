import type { PreflightCheck } from '../check';
import { REGIONAL_CORES } from '../requirements';
import { preflightVcpuDemand, quotaOf } from './shared';

/**
 * Regional quota: free Total Regional vCPUs (`cores`) cover every VM the stack creates: the nodes, the management
 * node and the client pool.
 */
export const quotaRegionalCheck: PreflightCheck<'quota-regional'> = {
  id: 'quota-regional',
  run({ profile, facts, sku }) {
    const demand = preflightVcpuDemand(profile, sku);
    return quotaOf(
      'quota-regional',
      REGIONAL_CORES,
      'Total Regional vCPUs',
      profile.location,
      { vcpus: demand.total, contributors: demand.contributors },
      facts.usages,
    );
  },
};
