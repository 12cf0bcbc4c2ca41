import { blocks, SCALE_SET_TYPES, text } from '../config';
import { fromViolations, type JsonObject, type PolicyRule } from '../rule';

/** VAZ-REL-003: every NIC has accelerated networking. */
export const acceleratedNetworking: PolicyRule = {
  id: 'VAZ-REL-003',
  category: 'reliability',
  level: 'error',
  title: 'Accelerated networking is enabled on every NIC',
  rationale:
    'VAST performance is bounded by the NIC; without accelerated networking (SR-IOV) a node gets a fraction of its rated bandwidth and higher, jittery latency, and POC numbers mislead the customer.',
  fix: 'Set `enable_accelerated_networking = true` on each scale set `network_interface` (`accelerated_networking_enabled = true` on an `azurerm_network_interface`).',
  resourceTypes: [...SCALE_SET_TYPES, 'azurerm_network_interface'],
  check(subject) {
    if (subject.type === 'azurerm_network_interface') {
      return fromViolations([
        subject.config.accelerated_networking_enabled === true
          ? undefined
          : 'accelerated_networking_enabled is not true',
      ]);
    }
    return fromViolations(
      blocks(subject.config.network_interface).map((nic: JsonObject) =>
        nic.enable_accelerated_networking === true || nic.accelerated_networking_enabled === true
          ? undefined
          : `network_interface "${text(nic.name)}" does not enable accelerated networking`,
      ),
    );
  },
};
