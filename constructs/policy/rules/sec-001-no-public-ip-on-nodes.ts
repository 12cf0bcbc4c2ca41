import { blocks, showSetting, SCALE_SET_TYPES, text } from '../config';
import { fromViolations, type PolicyRule } from '../rule';

/** VAZ-SEC-001: nodes have no public IP address, neither on a scale set NIC nor through a NIC resource. */
export const noPublicIpOnNodes: PolicyRule = {
  id: 'VAZ-SEC-001',
  category: 'security',
  level: 'error',
  title: 'Nodes have no public IP address',
  rationale:
    'A public IP on a node exposes SSH and every VAST port to the internet, bypassing the NAT gateway and the admin allow-list. Nodes reach the internet outbound through the NAT gateway only.',
  fix: 'Remove `public_ip_address` from the scale set `ip_configuration` (or `public_ip_address_id` from the NIC); reach nodes through a bastion, VPN or peered network.',
  resourceTypes: [...SCALE_SET_TYPES, 'azurerm_network_interface'],
  check(subject) {
    if (subject.type === 'azurerm_network_interface') {
      return fromViolations(
        blocks(subject.config.ip_configuration).map((ip) =>
          ip.public_ip_address_id === undefined
            ? undefined
            : `ip_configuration "${text(ip.name)}" has public_ip_address_id ${showSetting(ip.public_ip_address_id)}`,
        ),
      );
    }
    return fromViolations(
      blocks(subject.config.network_interface).flatMap((nic) =>
        blocks(nic.ip_configuration).map((ip) =>
          blocks(ip.public_ip_address).length === 0 && ip.public_ip_address === undefined
            ? undefined
            : `network_interface "${text(nic.name)}" ip_configuration "${text(ip.name)}" has a public_ip_address block`,
        ),
      ),
    );
  },
};
