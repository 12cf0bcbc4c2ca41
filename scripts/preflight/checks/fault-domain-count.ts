import { MIN_VISIBLE_FAULT_DOMAINS, regionMaxFaultDomains } from '../../../constructs/compute/fault-domains';
import { notPass, pass, type PreflightCheck } from '../check';
import { MAX_FAULT_DOMAINS_CAPABILITY } from '../facts';

/**
 * Fault-domain count: the platform fault-domain count the scale set asks for is at most the region's
 * `MaximumPlatformFaultDomainCount` (the availabilitySets entry of the SKU listing already fetched). Zonal placement
 * uses 1, which every region accepts. In `fault-domains` placement a count above the maximum fails with the maximum
 * and the remedy; a listing without the capability is a warning, since then only the offline table vouches.
 */
export const faultDomainCountCheck: PreflightCheck<'fault-domain-count'> = {
  id: 'fault-domain-count',
  run({ profile, facts }) {
    const wanted = profile.placement.faultDomainCount;
    const max = facts.maxPlatformFaultDomainCount;
    const loc = profile.location;
    const offline = regionMaxFaultDomains(loc);
    const table =
      offline === undefined
        ? 'the offline table has no value for this region'
        : offline === max
          ? `the offline table agrees (${offline})`
          : `the offline table says ${offline}: update constructs/compute/fault-domains.ts`;
    if (profile.placement.mode === 'zonal') {
      return pass(
        'fault-domain-count',
        `zonal placement uses platform fault domain count 1 (max spreading); ${loc} allows ${max === undefined ? 'an unreported number of' : `up to ${max}`} fault domains for regional sets`,
      );
    }
    if (max === undefined) {
      return notPass(
        'fault-domain-count',
        'warn',
        `the SKU listing of ${loc} has no availabilitySets ${MAX_FAULT_DOMAINS_CAPABILITY}: cannot confirm that ${wanted} fault domains are allowed (${table})`,
        'run `az vm list-skus --location <region> --resource-type availabilitySets` and check MaximumPlatformFaultDomainCount before deploying',
      );
    }
    if (wanted > max) {
      const remedy =
        max >= MIN_VISIBLE_FAULT_DOMAINS
          ? `set placement.faultDomainCount to ${max} (or leave it out to use the region's maximum), with nodes.count a multiple of ${max}`
          : `use placement.mode "zonal" or a region that allows at least ${MIN_VISIBLE_FAULT_DOMAINS} fault domains`;
      return notPass(
        'fault-domain-count',
        'fail',
        `the profile asks for ${wanted} platform fault domains but ${loc} allows at most ${max} (${MAX_FAULT_DOMAINS_CAPABILITY}; ${table})`,
        remedy,
      );
    }
    return pass(
      'fault-domain-count',
      `${wanted} platform fault domains requested; ${loc} allows up to ${max} (${MAX_FAULT_DOMAINS_CAPABILITY}; ${table})`,
    );
  },
};
