import { notPass, pass, type PreflightCheck } from '../check';

/** Region: the location exists for the subscription, has zones, and the chosen zone maps to a physical zone. */
export const regionCheck: PreflightCheck<'region'> = {
  id: 'region',
  run({ profile, facts }) {
    const loc = facts.locations.find((l) => l.name.toLowerCase() === profile.location.toLowerCase());
    if (!loc) {
      const zonal = facts.locations.filter((l) => l.zoneMappings.length > 0).map((l) => l.name);
      return notPass(
        'region',
        'fail',
        `${profile.location} is not a location this subscription can use (${facts.locations.length} locations listed, ${zonal.length} with zones)`,
        `choose a location with availability zones that the subscription lists${zonal.length > 0 ? ` (${zonal.slice(0, 12).join(', ')}${zonal.length > 12 ? ', …' : ''})` : ''}, or ask Microsoft for access to ${profile.location}`,
      );
    }
    if (loc.zoneMappings.length === 0) {
      return notPass(
        'region',
        'fail',
        `${loc.displayName} (${loc.name}) has no availability zones for this subscription`,
        'choose a region with availability zones: the cluster is pinned to one zone',
      );
    }
    const zones = loc.zoneMappings.map((m) => m.logicalZone).sort();
    const all = [...loc.zoneMappings]
      .sort((a, b) => a.logicalZone.localeCompare(b.logicalZone))
      .map((m) => `${m.logicalZone}→${m.physicalZone}`)
      .join(', ');
    if (profile.zone === undefined) {
      return pass(
        'region',
        `${loc.displayName} (${loc.name}) has zones ${zones.join(', ')}; placement is regional (mode fault-domains), so no zone is pinned (${all})`,
      );
    }
    const mapping = loc.zoneMappings.find((m) => m.logicalZone === profile.zone);
    if (!mapping) {
      return notPass(
        'region',
        'fail',
        `zone ${profile.zone} is not one of the zones of ${loc.name} (${zones.join(', ')})`,
        `set zone to one of ${zones.join(', ')} in the profile`,
      );
    }
    return pass(
      'region',
      `${loc.displayName} (${loc.name}) has zones ${zones.join(', ')}; logical zone ${profile.zone} is physical zone ${mapping.physicalZone} in this subscription (${all})`,
    );
  },
};
