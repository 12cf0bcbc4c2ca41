import { L_SERIES_SIZES } from '../../../constructs/compute/l-series-catalog';
import { notPass, pass, type PreflightCheck } from '../check';
import { findSku, locationRestriction } from './shared';

/** SKU in region: the size is offered in the location and not under a `Location` restriction. */
export const skuRegionCheck: PreflightCheck<'sku-region'> = {
  id: 'sku-region',
  run({ profile, facts, sku }) {
    const size = profile.nodes.vmSize;
    const loc = profile.location;
    const offered = L_SERIES_SIZES.filter((s) => {
      const f = findSku(facts, s);
      return f !== undefined && !locationRestriction(f, loc);
    });
    const others = offered.filter((s) => s !== size);
    const instead =
      others.length > 0 ? `choose a size offered here (${others.join(', ')})` : 'no catalog size is offered here';
    if (!sku) {
      return notPass(
        'sku-region',
        'fail',
        `${size} is not offered in ${loc} (${offered.length} catalog sizes are)`,
        `${instead}, or choose another region`,
      );
    }
    const restriction = locationRestriction(sku, loc);
    if (restriction) {
      const why =
        restriction.reasonCode === 'QuotaId'
          ? "the subscription's offer type (quota id) does not allow this size: use another subscription type"
          : `ask Microsoft to enable ${size} in ${loc} for this subscription (support request, "Service and subscription limits (quotas)")`;
      return notPass(
        'sku-region',
        'fail',
        `${size} is offered in ${loc} but restricted for this subscription (Location restriction, ${restriction.reasonCode || 'no reason given'})`,
        `${why}; or ${instead}`,
      );
    }
    return pass('sku-region', `${size} is offered in ${loc} with no Location restriction`);
  },
};
