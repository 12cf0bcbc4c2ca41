import { L_SERIES_SIZES, lSeriesSpec } from '../../../constructs/compute/l-series-catalog';
import { notPass, pass, type PreflightCheck } from '../check';
import { covers, findSku, locationRestriction, usableZones } from './shared';

/**
 * SKU in zone: the size is offered in the chosen zone and not under a `Zone` restriction. On failure it names the
 * zones where the size can be used and the other catalog sizes usable in the chosen zone, closest in vCPUs first.
 */
export const skuZoneCheck: PreflightCheck<'sku-zone'> = {
  id: 'sku-zone',
  run({ profile, facts, sku }) {
    const size = profile.nodes.vmSize;
    const { location: loc, zone } = profile;
    if (zone === undefined) {
      return pass(
        'sku-zone',
        `placement is regional (mode fault-domains): no zone is pinned, so only the region matters (check sku-region)`,
      );
    }
    const usable = sku ? usableZones(sku, loc) : [];
    if (usable.includes(zone)) {
      return pass('sku-zone', `${size} is available in zone ${zone} of ${loc} (usable zones: ${usable.join(', ')})`);
    }
    let why: string;
    if (!sku) why = 'not offered in the region';
    else if (locationRestriction(sku, loc)) why = 'Location restriction';
    else if (!sku.zones.includes(zone)) why = `offered only in zones ${sku.zones.join(', ') || 'none'}`;
    else {
      const r = sku.restrictions.find((x) => x.type === 'Zone' && covers(x, loc) && x.zones.includes(zone));
      why = `Zone restriction, ${r?.reasonCode || 'no reason given'}`;
    }
    const alternatives = closestFirst(
      size,
      L_SERIES_SIZES.filter((s) => {
        if (s === size) return false;
        const f = findSku(facts, s);
        return f !== undefined && usableZones(f, loc).includes(zone);
      }),
    );
    const where =
      usable.length > 0 ? `it is available in zones ${usable.join(', ')}` : `it is available in no zone of ${loc}`;
    const sizes =
      alternatives.length > 0
        ? `catalog sizes available in zone ${zone}: ${alternatives.join(', ')}`
        : `no other catalog size is available in zone ${zone}`;
    const remedies = [
      ...(usable.length > 0
        ? [`set zone to ${usable.map((z) => `"${z}"`).join(' or ')} (the physical zone changes with it)`]
        : []),
      ...(alternatives.length > 0 ? [`set nodes.vmSize to one of ${alternatives.join(', ')}`] : []),
      `ask Microsoft to lift the restriction on ${size} in zone ${zone} of ${loc}`,
    ];
    return notPass(
      'sku-zone',
      'fail',
      `${size} is not available in zone ${zone} of ${loc} (${why}); ${where}; ${sizes}`,
      remedies.join('; or '),
    );
  },
};

/** Orders catalog sizes by how close they are to `size`: vCPU count first, then same generation, then catalog order. */
function closestFirst(size: string, sizes: readonly string[]): string[] {
  const ref = lSeriesSpec(size);
  const key = (s: string): [number, number, number] => {
    const spec = lSeriesSpec(s);
    return [Math.abs(spec.vcpus - ref.vcpus), spec.generation === ref.generation ? 0 : 1, L_SERIES_SIZES.indexOf(s)];
  };
  return [...sizes].sort((a, b) => {
    const [ka, kb] = [key(a), key(b)];
    return ka[0] - kb[0] || ka[1] - kb[1] || ka[2] - kb[2];
  });
}
