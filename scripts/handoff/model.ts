/**
 * Facts about the configuration that the generated documents state, read from the cleaned Terraform JSON (never
 * from a hand-written list), so README, RUNBOOK and diagram always describe what the Terraform creates.
 */
import { isLSeriesSize, lSeriesSpec, type LSeriesSpec } from '../../constructs/compute/l-series-catalog';
import { namespacesToRegister, type ResourceType } from '../../constructs/shared/resource-types';
import { PROFILE_VALUE_VARIABLES } from '../../stacks/variables';
import { orderedTypes } from './hcl';
import { compareStrings, text, type Json, type JsonObject, type TerraformDocument } from './terraform';
import { DEFAULT_OFFLOAD_CONTAINER_NAME } from '../../constructs/storage/offload-account';
import { contributor, sizeQuota, vcpuDemand, type VcpuDemand, type VcpuRole } from '../preflight/vcpu-demand';

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
export function ofType(facts: readonly ResourceFact[], type: ResourceType): ResourceFact[] {
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
    faultDomains: joined
      ? members
          .filter((v) => typeof v.config.platform_fault_domain === 'number')
          .map((v) => ({ name: v.azureName, faultDomain: v.config.platform_fault_domain as number }))
          .sort((a, b) => compareStrings(a.name, b.name))
      : [],
  };
}

/**
 * The vCPU demand of every VM the configuration creates: the node pool, each other Linux VM (the management node)
 * and each client scale set (`clients_*`), with the catalogs' vCPUs and quota families; undefined when a size is in
 * neither catalog (the documents then state no quota figure).
 */
export function computeDemand(facts: readonly ResourceFact[]): VcpuDemand | undefined {
  const pool = nodePool(facts);
  // Node VMs that join the node scale set (fault-domains placement) are counted in the pool.
  const poolRef = `\${${pool.address}.id}`;
  const sized: { role: VcpuRole; count: number; vmSize: string }[] = [
    { role: 'node', count: pool.instances, vmSize: pool.vmSize },
    ...ofType(facts, 'azurerm_linux_virtual_machine')
      .filter((v) => v.config.virtual_machine_scale_set_id !== poolRef)
      .map((v) => ({ role: 'management node' as const, count: 1, vmSize: text(v.config.size) })),
    ...ofType(facts, 'azurerm_orchestrated_virtual_machine_scale_set')
      .filter((f) => f.address.startsWith('azurerm_orchestrated_virtual_machine_scale_set.clients_'))
      .map((f) => ({ role: 'client' as const, count: Number(f.config.instances), vmSize: text(f.config.sku_name) })),
  ];
  if (sized.some((s) => sizeQuota(s.vmSize) === undefined || !Number.isInteger(s.count))) return undefined;
  return vcpuDemand(sized.map((s) => contributor(s.role, s.count, s.vmSize)));
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
    containerName: container ? container.azureName : DEFAULT_OFFLOAD_CONTAINER_NAME,
    softDeleteDays: typeof retention?.days === 'number' ? retention.days : null,
    config: a.config,
  };
}

/** Resource provider namespaces the configuration needs registered (from the resource type catalog), sorted. */
export function resourceProviders(facts: readonly ResourceFact[]): string[] {
  return namespacesToRegister(facts.map((f) => f.type)).sort(compareStrings);
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
