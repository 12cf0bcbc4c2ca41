import { blocks, isExpression, showSetting, text } from '../config';
import { fromViolations, type JsonObject, type JsonValue, type PolicyRule } from '../rule';
import { contains, parseCidr } from '../../shared/cidr';
import { INTERNAL_PORTS, portsOverlap } from '../../network/vast-ports';

/** The destination ports of an NSG rule: `destination_port_range` or `destination_port_ranges`. */
function destinationPorts(rule: JsonObject): JsonValue[] {
  if (Array.isArray(rule.destination_port_ranges)) return rule.destination_port_ranges;
  if (rule.destination_port_ranges !== undefined) return [rule.destination_port_ranges];
  return rule.destination_port_range === undefined ? [] : [rule.destination_port_range];
}

/** The source prefixes of an NSG rule. */
function sources(rule: JsonObject): JsonValue[] {
  if (Array.isArray(rule.source_address_prefixes)) return rule.source_address_prefixes;
  if (rule.source_address_prefixes !== undefined) return [rule.source_address_prefixes];
  return rule.source_address_prefix === undefined ? [] : [rule.source_address_prefix];
}

/** The VAST internal port a port or range opens, if any (`*` and expressions count as opening them all). */
function internalPortOpened(ports: readonly JsonValue[]): string | undefined {
  for (const p of ports) {
    if (typeof p !== 'string' || isExpression(p)) return JSON.stringify(p);
    const hit = INTERNAL_PORTS.find((i) => {
      try {
        return portsOverlap(p.trim(), i.port);
      } catch {
        return true; // a port the table cannot read: treat as open
      }
    });
    if (hit) return p === '*' ? '* (every port)' : `${p} (${hit.service} ${hit.port})`;
  }
  return undefined;
}

function violation(rule: JsonObject): string | undefined {
  if (text(rule.direction).toLowerCase() !== 'inbound' || text(rule.access).toLowerCase() !== 'allow') {
    return undefined;
  }
  const opened = internalPortOpened(destinationPorts(rule));
  if (opened === undefined) return undefined;
  const name = `rule "${text(rule.name)}"`;
  const destination = rule.destination_address_prefix;
  const subnet = typeof destination === 'string' ? parseCidr(destination) : { error: 'not a literal CIDR' };
  if ('error' in subnet) {
    return `${name} opens ${opened} to ${showSetting(destination)}, which is not a literal cluster subnet CIDR`;
  }
  for (const source of sources(rule)) {
    const c = typeof source === 'string' ? parseCidr(source) : { error: 'not a literal CIDR' };
    if ('error' in c || !contains(subnet, c)) {
      return `${name} opens ${opened} on ${subnet.text} from ${showSetting(source)}, which is not inside that subnet`;
    }
  }
  return sources(rule).length === 0 ? `${name} opens ${opened} without a source prefix` : undefined;
}

/** VAZ-SEC-014: VAST's internal cluster ports are reachable only from inside the cluster subnet. */
export const internalPortsStayInSubnet: PolicyRule = {
  id: 'VAZ-SEC-014',
  category: 'security',
  level: 'error',
  title: "VAST's internal cluster ports are open only from inside the cluster subnet",
  rationale:
    'VAST lists its internal ports (DNode and CNode internal, SPDK targets, leader, VMS monitor, the Docker registry) as local to the private cluster subnet only. Opening them to clients, administrators or peered networks exposes unauthenticated cluster plumbing.',
  fix: 'Open only the protocol and management ports of `constructs/network/vast-ports.ts` to clients and admins; keep any rule that covers an internal port (or `*`) to sources inside its destination subnet.',
  resourceTypes: ['azurerm_network_security_rule', 'azurerm_network_security_group'],
  check(subject) {
    const rules =
      subject.type === 'azurerm_network_security_rule' ? [subject.config] : blocks(subject.config.security_rule);
    return fromViolations(rules.map(violation));
  },
};
