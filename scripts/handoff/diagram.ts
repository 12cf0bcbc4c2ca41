/**
 * The Mermaid topology diagram of the README, drawn from the configuration: the VNet with its subnets, the NSGs and
 * NAT gateway attached to them, the scale set in its zone and fault-domain mode, the identity, and the storage
 * account with its private endpoints. Subnets that the configuration only references (an existing network) are
 * drawn as external.
 */
import { nodePool, ofType, referencesIn, type NodePoolFact, type ResourceFact } from './model';
import { text, type Json, type JsonObject } from './terraform';

/**
 * A diagram being drawn: Mermaid node ids handed out in order of first use, and the lines inside the resource group,
 * outside it and between nodes, which the sections append to.
 */
interface Drawing {
  readonly facts: readonly ResourceFact[];
  /** The node pool, which several sections connect to. */
  readonly pool: NodePoolFact;
  /** The node pool's scale set. */
  readonly vmss: ResourceFact;
  /** Node ids by resource address (or `external:<name>` for what the configuration only references). */
  readonly ids: Map<string, string>;
  /** The node id of an address, handed out on first use. */
  readonly id: (address: string) => string;
  /** Lines inside the resource group's subgraph. */
  readonly lines: string[];
  /** Networks outside the resource group (peered customer networks), drawn after its subgraph closes. */
  readonly outside: string[];
  /** Edges, drawn last. */
  readonly edges: string[];
}

/** The sections of the diagram, in drawing order (which fixes the node ids, so the output is stable). */
const SECTIONS: readonly ((d: Drawing) => void)[] = [
  drawNetwork,
  drawPlacementAndIdentity,
  drawNodePool,
  drawManagementVms,
  drawClientPools,
  drawPeerings,
  drawStorage,
  drawRoleAssignments,
];

/** Renders the diagram as a fenced Mermaid block. */
export function renderTopology(facts: readonly ResourceFact[]): string {
  const ids = new Map<string, string>();
  const id = (address: string): string => {
    let v = ids.get(address);
    if (!v) {
      v = `n${ids.size + 1}`;
      ids.set(address, v);
    }
    return v;
  };
  const pool = nodePool(facts);
  const vmss = ofType(facts, 'azurerm_orchestrated_virtual_machine_scale_set').find((f) => f.address === pool.address)!;
  const d: Drawing = { facts, pool, vmss, ids, id, lines: ['```mermaid', 'flowchart LR'], outside: [], edges: [] };
  const rg = ofType(facts, 'azurerm_resource_group')[0];
  // An existing group is read, not created: name it by its variable and take the region from what is created.
  const location = text((rg ?? facts.find((f) => typeof f.config.location === 'string'))?.config.location ?? '');
  const rgName = rg ? rg.azureName : 'var.resource_group_name (existing)';
  d.lines.push(`  subgraph rg["Resource group ${label(rgName)} · ${label(location)}"]`);
  for (const section of SECTIONS) section(d);
  d.lines.push('  end', ...d.outside, ...d.edges, '```');
  return d.lines.join('\n');
}

/** The VNets with their subnets, the NSGs, public IPs and NAT gateways, and how they attach to the subnets. */
function drawNetwork(d: Drawing): void {
  const { facts, id, lines, edges } = d;
  const subnets = ofType(facts, 'azurerm_subnet');
  for (const vnet of ofType(facts, 'azurerm_virtual_network')) {
    lines.push(
      `    subgraph ${id(vnet.address)}["VNet ${label(vnet.azureName)} ${label(list(vnet.config.address_space))}"]`,
    );
    for (const s of subnets.filter((x) => referencesIn(x.config.virtual_network_name ?? null).includes(vnet.address))) {
      lines.push(
        `      ${id(s.address)}["Subnet ${label(s.azureName)}<br/>${label(list(s.config.address_prefixes))}"]`,
      );
    }
    lines.push('    end');
  }
  for (const nsg of ofType(facts, 'azurerm_network_security_group')) {
    lines.push(`    ${id(nsg.address)}{{"NSG ${label(nsg.azureName)}"}}`);
  }
  for (const a of ofType(facts, 'azurerm_subnet_network_security_group_association')) {
    const [nsg, subnet] = [ref(a.config.network_security_group_id), ref(a.config.subnet_id)];
    if (nsg && subnet) edges.push(`  ${id(nsg)} -. filters inbound .- ${id(subnet)}`);
  }
  for (const ip of ofType(facts, 'azurerm_public_ip')) {
    lines.push(`    ${id(ip.address)}(["Public IP ${label(ip.azureName)}"])`);
  }
  for (const nat of ofType(facts, 'azurerm_nat_gateway')) {
    lines.push(`    ${id(nat.address)}["NAT gateway ${label(nat.azureName)}${zoneText(nat.zones)}"]`);
  }
  for (const a of ofType(facts, 'azurerm_nat_gateway_public_ip_association')) {
    const [nat, ip] = [ref(a.config.nat_gateway_id), ref(a.config.public_ip_address_id)];
    if (nat && ip) edges.push(`  ${id(nat)} --- ${id(ip)}`);
  }
  for (const a of ofType(facts, 'azurerm_subnet_nat_gateway_association')) {
    const [nat, subnet] = [ref(a.config.nat_gateway_id), ref(a.config.subnet_id)];
    if (nat && subnet) edges.push(`  ${id(subnet)} -- outbound --> ${id(nat)}`);
  }
}

/** The proximity placement and capacity reservation groups and the managed identities the nodes use. */
function drawPlacementAndIdentity(d: Drawing): void {
  const { facts, id, lines } = d;
  for (const ppg of ofType(facts, 'azurerm_proximity_placement_group')) {
    lines.push(`    ${id(ppg.address)}["Proximity placement group ${label(ppg.azureName)}${zoneText(ppg.zones)}"]`);
  }
  for (const crg of ofType(facts, 'azurerm_capacity_reservation_group')) {
    lines.push(`    ${id(crg.address)}["Capacity reservation group ${label(crg.azureName)}${zoneText(crg.zones)}"]`);
  }
  for (const ident of ofType(facts, 'azurerm_user_assigned_identity')) {
    lines.push(`    ${id(ident.address)}(["Managed identity ${label(ident.azureName)}"])`);
  }
}

/** The node scale set, its placement, and what it uses (subnets, groups, identity), existing subnets included. */
function drawNodePool(d: Drawing): void {
  const { pool, vmss, ids, id, lines, edges } = d;
  const placement =
    pool.zones.length > 0
      ? `zone ${pool.zones.join(', ')}, fault domain count ${pool.platformFaultDomainCount} (spreading not visible)`
      : `regional (no zone), ${pool.platformFaultDomainCount} fault domains${pool.faultDomains.length > 0 ? ', node i in fault domain i mod ' + String(pool.platformFaultDomainCount) : ''}`;
  lines.push(
    `    ${id(vmss.address)}["Scale set ${label(vmss.azureName)}<br/>${pool.instances} × ${label(pool.vmSize)}<br/>${label(placement)}"]`,
  );
  const vmssConfig = vmss.config;
  for (const target of referencesIn([
    vmssConfig.network_interface ?? null,
    vmssConfig.proximity_placement_group_id ?? null,
    vmssConfig.capacity_reservation_group_id ?? null,
    vmssConfig.identity ?? null,
  ])) {
    if (target.startsWith('azurerm_subnet.')) edges.push(`  ${id(vmss.address)} -- NIC --> ${id(target)}`);
    else if (ids.has(target)) edges.push(`  ${id(vmss.address)} -- uses --> ${id(target)}`);
  }
  for (const external of externalSubnets(vmssConfig)) {
    const ext = id(`external:${external}`);
    lines.push(`    ${ext}["Existing subnet ${label(external)} (customer network)"]`);
    edges.push(`  ${id(vmss.address)} -- NIC --> ${ext}`);
  }
}

/** The management VMs and the subnets of their NICs. */
function drawManagementVms(d: Drawing): void {
  const { facts, id, lines, edges } = d;
  for (const vm of ofType(facts, 'azurerm_linux_virtual_machine')) {
    lines.push(
      `    ${id(vm.address)}["Management VM ${label(vm.azureName)}<br/>${label(text(vm.config.size))}${zoneText(vm.zones)}"]`,
    );
    for (const nic of referencesIn(vm.config.network_interface_ids ?? null)) {
      const n = facts.find((f) => f.address === nic);
      const subnet = n ? ref(first(n.config.ip_configuration)?.subnet_id) : undefined;
      if (subnet) edges.push(`  ${id(vm.address)} -- NIC --> ${id(subnet)}`);
    }
  }
}

/** The client pools (every scale set but the nodes'), their subnets and their traffic to the node subnet. */
function drawClientPools(d: Drawing): void {
  const { facts, vmss, id, lines, edges } = d;
  const vmssConfig = vmss.config;
  for (const clients of ofType(facts, 'azurerm_orchestrated_virtual_machine_scale_set').filter((f) => f !== vmss)) {
    lines.push(
      `    ${id(clients.address)}["Client pool ${label(clients.azureName)}<br/>${label(text(clients.config.instances))} × ${label(text(clients.config.sku_name))}, NFS client and fio"]`,
    );
    for (const target of referencesIn(clients.config.network_interface ?? null)) {
      if (target.startsWith('azurerm_subnet.')) edges.push(`  ${id(clients.address)} -- NIC --> ${id(target)}`);
    }
    const nodeSubnet = referencesIn(vmssConfig.network_interface ?? null).find((t) => t.startsWith('azurerm_subnet.'));
    if (nodeSubnet) edges.push(`  ${id(clients.address)} -. NFS and other protocols .-> ${id(nodeSubnet)}`);
  }
}

/** The peered customer networks, outside the resource group. */
function drawPeerings(d: Drawing): void {
  const { facts, id, outside, edges } = d;
  for (const peering of ofType(facts, 'azurerm_virtual_network_peering')) {
    const remote = text(peering.config.remote_virtual_network_id);
    const local = referencesIn(peering.config.virtual_network_name ?? null)[0];
    if (!local || remote.includes('${')) continue;
    const ext = id(`external:${remote}`);
    outside.push(`  ${ext}["Customer VNet ${label(lastSegment(remote))}<br/>peered: its clients reach the nodes"]`);
    edges.push(`  ${id(local)} <-- peering --> ${ext}`);
  }
}

/** The storage accounts and their private endpoints, with the subnets they sit in. */
function drawStorage(d: Drawing): void {
  const { facts, id, lines, edges } = d;
  for (const st of ofType(facts, 'azurerm_storage_account')) {
    const publicAccess = st.config.public_network_access_enabled === false ? 'public access off' : 'public access ON';
    lines.push(
      `    ${id(st.address)}[("Storage account ${label(st.azureName)}<br/>${label(text(st.config.account_replication_type))}, ${publicAccess}")]`,
    );
  }
  for (const pe of ofType(facts, 'azurerm_private_endpoint')) {
    const psc = first(pe.config.private_service_connection);
    const sub = list(psc?.subresource_names ?? null);
    lines.push(`    ${id(pe.address)}["Private endpoint ${label(sub)}"]`);
    const subnet = ref(pe.config.subnet_id);
    if (subnet) edges.push(`  ${id(pe.address)} -- in --> ${id(subnet)}`);
    else if (typeof pe.config.subnet_id === 'string') {
      const ext = id(`external:${lastSegment(pe.config.subnet_id)}`);
      if (!lines.some((l) => l.includes(`${ext}[`))) {
        lines.push(`    ${ext}["Existing subnet ${label(lastSegment(pe.config.subnet_id))} (customer network)"]`);
      }
      edges.push(`  ${id(pe.address)} -- in --> ${ext}`);
    }
    const target = ref(psc?.private_connection_resource_id ?? null);
    if (target) edges.push(`  ${id(pe.address)} -- private link --> ${id(target)}`);
  }
}

/** The role assignments between resources of the diagram. */
function drawRoleAssignments(d: Drawing): void {
  const { facts, id, edges } = d;
  for (const ra of ofType(facts, 'azurerm_role_assignment')) {
    const [principal, scope] = [ref(ra.config.principal_id), ref(ra.config.scope)];
    if (principal && scope) {
      edges.push(`  ${id(principal)} -- ${label(text(ra.config.role_definition_name))} --> ${id(scope)}`);
    }
  }
}

/** The first resource address a value references, if any. */
function ref(v: Json | undefined): string | undefined {
  return v === undefined ? undefined : referencesIn(v)[0];
}

function first(v: Json | undefined): JsonObject | undefined {
  const x = Array.isArray(v) ? v[0] : v;
  return x !== null && typeof x === 'object' && !Array.isArray(x) ? x : undefined;
}

function list(v: Json): string {
  return Array.isArray(v) ? v.map(String).join(', ') : text(v);
}

function zoneText(zones: readonly string[]): string {
  return zones.length ? ` (zone ${zones.join(', ')})` : '';
}

function externalSubnets(config: JsonObject): string[] {
  const out: string[] = [];
  const visit = (v: Json): void => {
    if (typeof v === 'string' && /\/subnets\//i.test(v) && !v.includes('${')) out.push(lastSegment(v));
    else if (Array.isArray(v)) v.forEach(visit);
    else if (v !== null && typeof v === 'object') Object.values(v).forEach(visit);
  };
  visit(config.network_interface ?? null);
  return out;
}

function lastSegment(id: string): string {
  return id.split('/').filter(Boolean).pop() ?? id;
}

/** Text safe inside a quoted Mermaid label. */
export function label(text: string): string {
  return text.replace(/"/g, '#quot;').replace(/[<>]/g, (c) => (c === '<' ? '#lt;' : '#gt;'));
}
