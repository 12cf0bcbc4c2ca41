import { overlaps, parseCidr, type Cidr } from '../../../constructs/shared/cidr';
import { notPass, pass, type PreflightCheck } from '../check';
import { lastSegment, type VirtualNetworkFact } from '../facts';
import { peeredNetworkIds } from '../requirements';
import { notFound } from './shared';

/**
 * `network-peering`: every network named in `access.peerings` exists, and no address space overlaps the cluster's
 * (`network.addressSpace`) or another peered network's: Azure refuses to peer networks whose address spaces
 * overlap. Passes as "not used", without asking Azure, when the profile peers with nothing.
 */
export const networkPeeringCheck: PreflightCheck<'network-peering'> = {
  id: 'network-peering',
  run({ profile, facts }) {
    const id = 'network-peering';
    const ids = peeredNetworkIds(profile);
    if (ids.length === 0) return pass(id, 'not used: the profile peers with no network');
    const read = facts.peeredNetworks;
    if (!read || read.length !== ids.length) {
      return notPass(
        id,
        'warn',
        'not checked: the peered networks were not read from Azure',
        `check each by hand: ${ids.map((v) => `\`az network vnet show --ids ${v} --query addressSpace\``).join(', ')}`,
      );
    }
    const failures: string[] = [];
    const fixes: string[] = [];
    const own = parseCidr(profile.network.addressSpace);
    const seen: { name: string; cidr: Cidr }[] =
      own && !('error' in own) ? [{ name: 'the cluster network', cidr: own }] : [];
    read.forEach((n, i) => {
      const field = `access.peerings[${i}].remoteVirtualNetworkId`;
      if (!n.found) {
        failures.push(`peered network ${lastSegment(n.id)} was not found (${notFound(n)}): ${n.id}`);
        fixes.push(`fix ${field} (the identity needs Reader on the network's resource group), or remove the peering`);
        return;
      }
      for (const prefix of n.addressPrefixes) {
        const c = parseCidr(prefix);
        if ('error' in c) continue;
        const clash = seen.find((s) => overlaps(s.cidr, c));
        if (clash) {
          failures.push(
            `peered network ${n.name} (${prefix}) overlaps ${clash.name} (${clash.cidr.text}): Azure refuses to peer overlapping address spaces`,
          );
          fixes.push(
            clash.name === 'the cluster network'
              ? `choose a network.addressSpace (and subnets) that does not overlap ${prefix}`
              : `peer with only one of ${clash.name} and ${n.name}, or renumber one of them`,
          );
        }
        seen.push({ name: `peered network ${n.name}`, cidr: c });
      }
    });
    if (failures.length > 0) return notPass(id, 'fail', failures.join('; '), fixes.join('; '));
    const found = read.filter((n): n is VirtualNetworkFact => n.found);
    return pass(
      id,
      found.map((n) => `${n.name} (${n.addressPrefixes.join(', ') || 'no address prefix'})`).join('; ') +
        ` exist and do not overlap ${profile.network.addressSpace}`,
    );
  },
};
