import { notPass, pass, type PreflightCheck } from '../check';
import { lastSegment, type NotFoundFact, type SubnetFact } from '../facts';
import { notFound, resourceGroupOf } from './shared';

/**
 * Existing network: when the profile deploys into `network.existing`, the virtual network and both subnets exist, the
 * VNet is in the profile's location, and the node subnet and the private endpoint subnet differ (all fail
 * otherwise). The stack creates nothing network-side there, so it warns when the node subnet has no explicit
 * outbound (neither a NAT gateway nor a route table: Flexible scale sets get no default outbound access), when it has
 * a route table (preflight does not read its routes, so it cannot tell where 0.0.0.0/0 goes), and when it has no
 * network security group. Passes as not used, without asking Azure, when the stack creates its own network.
 */
export const networkExistingCheck: PreflightCheck<'network-existing'> = {
  id: 'network-existing',
  run({ profile, facts }) {
    const id = 'network-existing';
    const existing = profile.network.existing;
    if (!existing) return pass(id, 'not used: the stack creates its own network');
    const n = facts.network;
    if (!n) {
      return notPass(
        id,
        'warn',
        'not checked: the existing network was not read from Azure',
        `check it by hand: \`az network vnet show --ids ${existing.virtualNetworkId}\``,
      );
    }
    const failures: string[] = [];
    const fixes: string[] = [];
    const { virtualNetwork: vnet, nodeSubnet: node, privateEndpointSubnet: pe } = n;
    const vnetName = lastSegment(existing.virtualNetworkId);
    const vnetRg = resourceGroupOf(existing.virtualNetworkId);
    const listSubnets = `\`az network vnet subnet list --resource-group ${vnetRg} --vnet-name ${vnetName} -o table\``;

    if (!vnet.found) {
      failures.push(`virtual network ${vnetName} was not found (${notFound(vnet)}): ${existing.virtualNetworkId}`);
      fixes.push(
        `fix network.existing.virtualNetworkId (subscription, resource group and name; the identity needs Reader on the network's resource group), or remove network.existing to let the stack create its own network`,
      );
    } else {
      const subnetMissing = (role: string, field: string, s: SubnetFact | NotFoundFact): void => {
        if (s.found) return;
        failures.push(`${role} ${lastSegment(s.id)} was not found in ${vnet.name} (${notFound(s)})`);
        fixes.push(
          `fix network.existing.${field} or create the subnet; ${listSubnets} lists the subnets of ${vnet.name}`,
        );
      };
      subnetMissing('node subnet', 'nodeSubnetId', node);
      subnetMissing('private endpoint subnet', 'privateEndpointSubnetId', pe);
      if (vnet.location.toLowerCase() !== profile.location.toLowerCase()) {
        failures.push(
          `virtual network ${vnet.name} is in ${vnet.location || 'an unknown location'}, the profile's location is ${profile.location}: the nodes must be in the network's region`,
        );
        fixes.push(
          `set location to ${vnet.location} (then run preflight again: zones, sizes and quotas change with it), or name a virtual network in ${profile.location}`,
        );
      }
    }
    if (existing.nodeSubnetId.toLowerCase() === existing.privateEndpointSubnetId.toLowerCase()) {
      failures.push(
        `network.existing.nodeSubnetId and privateEndpointSubnetId are the same subnet (${lastSegment(existing.nodeSubnetId)})`,
      );
      fixes.push(
        `give the private endpoints a subnet of their own in ${vnetName} (a /27 is enough) and set network.existing.privateEndpointSubnetId to it`,
      );
    }
    // A resource that was not found has already added a failure; the other conditions narrow the types.
    if (failures.length > 0 || !vnet.found || !node.found || !pe.found) {
      return notPass(id, 'fail', failures.join('; '), fixes.join('; '));
    }
    const prefixes = (xs: readonly string[]): string => (xs.length > 0 ? xs.join(', ') : 'no address prefix');
    const summary = `virtual network ${vnet.name} in ${vnet.location} (${prefixes(vnet.addressPrefixes)}); node subnet ${node.name} (${prefixes(node.addressPrefixes)}); private endpoint subnet ${pe.name} (${prefixes(pe.addressPrefixes)})`;
    const update = `\`az network vnet subnet update --ids ${node.id}`;
    const findings: string[] = [];
    const remedies: string[] = [];
    if (!node.natGatewayId && !node.routeTableId) {
      findings.push(
        `node subnet ${node.name} has no explicit outbound (no NAT gateway, no route table): the nodes (a Flexible scale set) get no default outbound access, so they could not reach the internet`,
      );
      remedies.push(
        `attach a NAT gateway to ${node.name}, or a route table that sends 0.0.0.0/0 to your firewall or NVA: ${update} --nat-gateway <NAT gateway id>\` (or \`--route-table <route table id>\`)`,
      );
    } else if (node.routeTableId) {
      const rt = lastSegment(node.routeTableId);
      const routes = `\`az network route-table route list --resource-group ${resourceGroupOf(node.routeTableId)} --route-table-name ${rt} -o table\``;
      findings.push(
        node.natGatewayId
          ? `node subnet ${node.name} has NAT gateway ${lastSegment(node.natGatewayId)} and route table ${rt}: preflight does not read the routes, and a 0.0.0.0/0 route to a firewall, an NVA or None takes precedence over the NAT gateway`
          : `node subnet ${node.name} has route table ${rt} and no NAT gateway: outbound depends on its 0.0.0.0/0 route, which preflight does not read`,
      );
      remedies.push(
        `check with ${routes} where 0.0.0.0/0 goes: to a firewall or NVA that lets the nodes out, or (with a NAT gateway) nowhere else`,
      );
    }
    if (!node.networkSecurityGroupId) {
      findings.push(
        `node subnet ${node.name} has no network security group: inbound traffic to the nodes is not filtered at this subnet, and the toolkit manages no NSG in an existing network`,
      );
      remedies.push(
        `associate an NSG with ${node.name} that allows SSH from the admin networks, the VAST protocols from the clients and traffic within the subnet (${update} --network-security-group <NSG id>\`)`,
      );
    }
    if (findings.length > 0) return notPass(id, 'warn', `${summary}; ${findings.join('; ')}`, remedies.join('; '));
    const outbound = `NAT gateway ${lastSegment(node.natGatewayId ?? '')}`;
    const nsg = `NSG ${lastSegment(node.networkSecurityGroupId ?? '')}`;
    return pass(id, `${summary}; node subnet outbound through ${outbound}, inbound filtered by ${nsg}`);
  },
};
