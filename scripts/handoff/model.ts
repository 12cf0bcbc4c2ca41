/**
 * Facts about the configuration that the generated documents state, read from the cleaned Terraform JSON (never
 * from a hand-written list), so README, RUNBOOK and diagram always describe what the Terraform creates.
 */
import { isLSeriesSize, lSeriesSpec, type LSeriesSpec } from '../../constructs/compute/l-series-catalog';
import { PROFILE_VALUE_VARIABLES } from '../../stacks/variables';
import { orderedTypes } from './hcl';
import { compareStrings, text, type Json, type JsonObject, type TerraformDocument } from './terraform';

/** One resource of the configuration. */
export interface ResourceFact {
  /** Terraform address, e.g. `azurerm_subnet.network_node_subnet`. */
  readonly address: string;
  readonly type: string;
  /** Terraform logical name. */
  readonly logicalName: string;
  /** The Azure name as written in the configuration (a literal, or the expression that sets it). */
  readonly azureName: string;
  /** Zones the resource is pinned to, when it names any. */
  readonly zones: readonly string[];
  /** The configuration. */
  readonly config: JsonObject;
}

/** What a resource type is, for the reader, and the resource provider namespace it needs. */
export interface ResourceTypeInfo {
  readonly label: string;
  readonly purpose: string;
  readonly namespace: string;
}

/** Descriptions of the resource types the stack creates. A type not listed is shown with its Terraform name. */
export const RESOURCE_TYPES: Readonly<Record<string, ResourceTypeInfo>> = {
  azurerm_resource_group: {
    label: 'Resource group',
    purpose: 'Holds every resource of the cluster',
    namespace: 'Microsoft.Resources',
  },
  azurerm_virtual_network: {
    label: 'Virtual network',
    purpose: 'Private address space',
    namespace: 'Microsoft.Network',
  },
  azurerm_subnet: { label: 'Subnet', purpose: 'Nodes, or private endpoints', namespace: 'Microsoft.Network' },
  azurerm_network_security_group: {
    label: 'Network security group',
    purpose: 'Inbound filtering per subnet',
    namespace: 'Microsoft.Network',
  },
  azurerm_network_security_rule: { label: 'NSG rule', purpose: 'One inbound rule', namespace: 'Microsoft.Network' },
  azurerm_subnet_network_security_group_association: {
    label: 'Subnet ↔ NSG association',
    purpose: 'Applies an NSG to a subnet',
    namespace: 'Microsoft.Network',
  },
  azurerm_public_ip: {
    label: 'Public IP',
    purpose: 'The NAT gateway’s outbound address (never on a node)',
    namespace: 'Microsoft.Network',
  },
  azurerm_nat_gateway: {
    label: 'NAT gateway',
    purpose: 'Explicit outbound internet access for the nodes',
    namespace: 'Microsoft.Network',
  },
  azurerm_nat_gateway_public_ip_association: {
    label: 'NAT ↔ public IP association',
    purpose: 'Gives the NAT gateway its address',
    namespace: 'Microsoft.Network',
  },
  azurerm_subnet_nat_gateway_association: {
    label: 'Subnet ↔ NAT association',
    purpose: 'Routes the node subnet’s outbound traffic through NAT',
    namespace: 'Microsoft.Network',
  },
  azurerm_user_assigned_identity: {
    label: 'Managed identity',
    purpose: 'The identity the nodes use for Blob (no keys)',
    namespace: 'Microsoft.ManagedIdentity',
  },
  azurerm_proximity_placement_group: {
    label: 'Proximity placement group',
    purpose: 'Co-locates the nodes (intent: the VM size; no zone in fault-domains placement)',
    namespace: 'Microsoft.Compute',
  },
  azurerm_capacity_reservation_group: {
    label: 'Capacity reservation group',
    purpose: 'Holds the reserved node capacity',
    namespace: 'Microsoft.Compute',
  },
  azurerm_capacity_reservation: {
    label: 'Capacity reservation',
    purpose: 'Guaranteed capacity for the nodes (billed whether or not they run)',
    namespace: 'Microsoft.Compute',
  },
  azurerm_orchestrated_virtual_machine_scale_set: {
    label: 'VM scale set (Flexible)',
    purpose: 'The VAST nodes with local NVMe',
    namespace: 'Microsoft.Compute',
  },
  azurerm_linux_virtual_machine: {
    label: 'Virtual machine',
    purpose:
      'A VAST node with local NVMe in a known fault domain of the scale set (fault-domains placement), or the management node (VAST Management System) placed with the nodes',
    namespace: 'Microsoft.Compute',
  },
  azurerm_network_interface: {
    label: 'Network interface',
    purpose: "A node's or the management node's private NIC (accelerated networking, no public IP)",
    namespace: 'Microsoft.Network',
  },
  azurerm_virtual_network_peering: {
    label: 'VNet peering',
    purpose: 'One side of a peering with a customer network (traffic only, no gateway transit)',
    namespace: 'Microsoft.Network',
  },
  azurerm_storage_account: {
    label: 'Storage account',
    purpose: 'Blob offload target (hierarchical namespace, private only)',
    namespace: 'Microsoft.Storage',
  },
  azurerm_storage_container: {
    label: 'Blob container',
    purpose: 'Where the cluster offloads',
    namespace: 'Microsoft.Storage',
  },
  azurerm_storage_management_policy: {
    label: 'Lifecycle policy',
    purpose: 'Tiers (and optionally deletes) offloaded objects',
    namespace: 'Microsoft.Storage',
  },
  azurerm_private_dns_zone: {
    label: 'Private DNS zone',
    purpose: 'Resolves the account’s private endpoints',
    namespace: 'Microsoft.Network',
  },
  azurerm_private_dns_zone_virtual_network_link: {
    label: 'Private DNS link',
    purpose: 'Makes the zone visible in the VNet',
    namespace: 'Microsoft.Network',
  },
  azurerm_private_endpoint: {
    label: 'Private endpoint',
    purpose: 'Private path from the VNet to one storage sub-resource',
    namespace: 'Microsoft.Network',
  },
  azurerm_role_assignment: {
    label: 'Role assignment',
    purpose: 'Grants the node identity data access on the account only',
    namespace: 'Microsoft.Authorization',
  },
  azurerm_management_lock: {
    label: 'Delete lock',
    purpose: 'Stops the offload account (the recovery point) being deleted; removed first at tear-down',
    namespace: 'Microsoft.Authorization',
  },
  azurerm_log_analytics_workspace: {
    label: 'Log Analytics workspace',
    purpose: 'Receives the diagnostic logs and metrics',
    namespace: 'Microsoft.OperationalInsights',
  },
  azurerm_monitor_diagnostic_setting: {
    label: 'Diagnostic setting',
    purpose: 'Sends blob reads, writes, deletes and transactions, or NSG logs, to the workspace',
    namespace: 'Microsoft.Insights',
  },
};

/** Every resource, in main.tf order. */
export function resourceFacts(doc: TerraformDocument): ResourceFact[] {
  const out: ResourceFact[] = [];
  for (const type of orderedTypes(Object.keys(doc.resource ?? {}))) {
    const byName = doc.resource![type]!;
    for (const logicalName of Object.keys(byName).sort(compareStrings)) {
      const config = byName[logicalName]!;
      const zones = Array.isArray(config.zones)
        ? config.zones.map(String)
        : typeof config.zone === 'string'
          ? [config.zone]
          : [];
      out.push({
        address: `${type}.${logicalName}`,
        type,
        logicalName,
        azureName: displayExpression(config.name ?? null),
        zones,
        config: withProfileDefaults(config, doc),
      });
    }
  }
  return out;
}

/**
 * The configuration with each top-level attribute that is a whole reference to a variable standing for a profile
 * value (`location = var.location`, `instances = var.node_count`) read as that variable's default: the documents
 * state the figures of the configuration as the profile planned it.
 */
function withProfileDefaults(config: JsonObject, doc: TerraformDocument): JsonObject {
  const out: JsonObject = { ...config };
  for (const [key, value] of Object.entries(config)) {
    const name = typeof value === 'string' ? /^\$\{var\.([A-Za-z_][\w-]*)\}$/.exec(value)?.[1] : undefined;
    const fallback =
      name !== undefined && PROFILE_VALUE_VARIABLES.includes(name) ? doc.variable?.[name]?.default : undefined;
    if (fallback !== undefined) out[key] = fallback;
  }
  return out;
}

/** Resources of one type. */
export function ofType(facts: readonly ResourceFact[], type: string): ResourceFact[] {
  return facts.filter((f) => f.type === type);
}

/** A string for people: literals as they are, `${var.x}` as `var.x`, anything else as JSON. */
export function displayExpression(v: Json): string {
  if (v === null) return '—';
  if (typeof v === 'string') {
    const m = /^\$\{([^{}]*)\}$/.exec(v);
    return m ? m[1]!.trim() : v;
  }
  return JSON.stringify(v);
}

/** Terraform addresses (`type.name`) referenced anywhere inside a value, in order of first appearance. */
export function referencesIn(v: Json): string[] {
  const found: string[] = [];
  const visit = (x: Json): void => {
    if (typeof x === 'string') {
      for (const m of x.matchAll(/\b(azurerm_[a-z0-9_]+)\.([A-Za-z0-9_-]+)/g)) {
        const address = `${m[1]}.${m[2]}`;
        if (!found.includes(address)) found.push(address);
      }
    } else if (Array.isArray(x)) x.forEach(visit);
    else if (x !== null && typeof x === 'object') Object.values(x).forEach(visit);
  };
  visit(v);
  return found;
}

/** The node pool as the configuration creates it. */
export interface NodePoolFact {
  readonly address: string;
  readonly vmSize: string;
  readonly instances: number;
  readonly zones: readonly string[];
  readonly platformFaultDomainCount: number;
  readonly proximityPlacementGroup: boolean;
  readonly capacityReservation: boolean;
  readonly encryptionAtHost: boolean;
  /** Catalog entry of the size, when it is a catalog size. */
  readonly spec?: LSeriesSpec;
  /** vCPUs the pool needs: vCPUs per node × instances (0 when the size is not in the catalog). */
  readonly vcpus: number;
  /**
   * Which node VM is in which platform fault domain, when the nodes are VMs created with an explicit fault domain
   * (fault-domains placement); empty when the scale set creates its instances (Azure does not say).
   */
  readonly faultDomains: readonly { readonly name: string; readonly faultDomain: number }[];
}

/** Reads the node pool; the stack always has exactly one (the client pool's scale set, `clients_*`, is not it). */
export function nodePool(facts: readonly ResourceFact[]): NodePoolFact {
  const pools = ofType(facts, 'azurerm_orchestrated_virtual_machine_scale_set').filter(
    (f) => !f.address.startsWith('azurerm_orchestrated_virtual_machine_scale_set.clients_'),
  );
  if (pools.length !== 1) throw new Error(`expected exactly one scale set, found ${pools.length}`);
  const c = pools[0]!.config;
  // A scale set without sku_name creates no VMs: the nodes are VMs that join it (explicit fault domains).
  const ref = `\${${pools[0]!.address}.id}`;
  const members = ofType(facts, 'azurerm_linux_virtual_machine').filter(
    (v) => v.config.virtual_machine_scale_set_id === ref,
  );
  const joined = c.sku_name === undefined && members.length > 0;
  const vmSize = joined ? text(members[0]!.config.size) : text(c.sku_name);
  const instances = joined ? members.length : Number(c.instances);
  const spec = isLSeriesSize(vmSize) ? lSeriesSpec(vmSize) : undefined;
  return {
    address: pools[0]!.address,
    vmSize,
    instances,
    zones: pools[0]!.zones,
    platformFaultDomainCount: Number(c.platform_fault_domain_count),
    proximityPlacementGroup: c.proximity_placement_group_id !== undefined,
    capacityReservation: c.capacity_reservation_group_id !== undefined,
    encryptionAtHost: joined
      ? members.every((v) => v.config.encryption_at_host_enabled === true)
      : c.encryption_at_host_enabled === true,
    ...(spec ? { spec } : {}),
    vcpus: spec ? spec.vcpus * instances : 0,
    faultDomains: joined
      ? members
          .filter((v) => typeof v.config.platform_fault_domain === 'number')
          .map((v) => ({ name: v.azureName, faultDomain: v.config.platform_fault_domain as number }))
          .sort((a, b) => compareStrings(a.name, b.name))
      : [],
  };
}

/** The offload storage account. */
export interface StorageFact {
  readonly address: string;
  readonly name: string;
  readonly replication: string;
  readonly containerName: string;
  readonly softDeleteDays: number | null;
  readonly config: JsonObject;
}

/** Reads the offload account and its container. */
export function offloadStorage(facts: readonly ResourceFact[]): StorageFact {
  const accounts = ofType(facts, 'azurerm_storage_account');
  if (accounts.length !== 1) throw new Error(`expected exactly one storage account, found ${accounts.length}`);
  const a = accounts[0]!;
  const container = ofType(facts, 'azurerm_storage_container')[0];
  const retention = (a.config.blob_properties as JsonObject | undefined)?.delete_retention_policy as
    JsonObject | undefined;
  return {
    address: a.address,
    name: a.azureName,
    replication: text(a.config.account_replication_type),
    containerName: container ? container.azureName : 'vast-offload',
    softDeleteDays: typeof retention?.days === 'number' ? retention.days : null,
    config: a.config,
  };
}

/** Resource provider namespaces the configuration needs registered, sorted. */
export function resourceProviders(facts: readonly ResourceFact[]): string[] {
  const ns = new Set<string>();
  for (const f of facts) {
    const info = RESOURCE_TYPES[f.type];
    if (info && info.namespace !== 'Microsoft.Resources' && info.namespace !== 'Microsoft.Authorization') {
      ns.add(info.namespace);
    }
  }
  return [...ns].sort(compareStrings);
}

/**
 * Shell lines that tear the cluster down and show what is left, from the `terraform/` folder. A created resource
 * group goes with the cluster; an existing one stays, so what is left is looked up by tag and by name.
 */
export function teardownCommands(facts: readonly ResourceFact[], profileName: string): string[] {
  const created = ofType(facts, 'azurerm_resource_group').length > 0;
  const locks = ofType(facts, 'azurerm_management_lock');
  return [
    'cd terraform',
    'RG=$(terraform output -raw resource_group_name)',
    ...(locks.length > 0
      ? [
          '# First remove the delete lock on the offload account: it protects the recovery point, and removing it is the',
          '# decision to delete what was offloaded. Needs Microsoft.Authorization/locks/delete (Owner or User Access',
          '# Administrator); doing it first fails early instead of halfway through the destroy.',
          `terraform destroy ${locks.map((l) => `-target='${l.address}'`).join(' ')}`,
        ]
      : []),
    'terraform destroy',
    ...(created
      ? [
          'az resource list --resource-group "$RG" -o table     # nothing listed (or an error: the group is gone)',
          'az group exists --name "$RG"                          # false',
        ]
      : [
          `az resource list --resource-group "$RG" --tag vast-poc-profile=${profileName} -o table   # nothing listed`,
          `az resource list --resource-group "$RG" --query "[?contains(name, '${profileName}')].{name:name, type:type}" -o table   # nothing listed (VMs, NICs, disks)`,
          '# The resource group existed before this configuration and is left in place.',
        ]),
  ];
}
