import { notPass, pass, type PreflightCheck } from '../check';
import { preflightVcpuDemand, quotaOf } from './shared';

/**
 * Family quota: in each quota family the stack draws on (the node size's, and the general-purpose family when the
 * management node or the client pool is on), the free vCPUs cover what that family's VMs need. One result for all
 * families (the check id stays one): it fails when any family is short, and its message gives each family's numbers.
 */
export const quotaFamilyCheck: PreflightCheck<'quota-family'> = {
  id: 'quota-family',
  run({ profile, facts, sku }) {
    const results = preflightVcpuDemand(profile, sku).families.map((f) =>
      quotaOf('quota-family', f.family, f.family, profile.location, f, facts.usages),
    );
    const message = results.map((r) => r.message).join('; ');
    const failed = results.filter((r) => r.status !== 'pass');
    if (failed.length === 0) return pass('quota-family', message);
    return notPass('quota-family', 'fail', message, failed.map((r) => r.remedy).join('; '));
  },
};
