/**
 * The catalog of the Terraform types the stacks emit: one entry per type, with what every consumer needs (the
 * handoff documents' label and purpose, the resource provider namespace preflight checks, the README's security
 * controls, the policy pack's compute and zone facts). `test/architecture/resource-types.test.ts` synthesizes every
 * shipped profile and the variants that turn optional resources on, and fails when a synthesized type is missing
 * here or an entry here is never synthesized.
 */
import { ownValue } from './validation';

/**
 * The resource provider namespaces the emitted types belong to, in the order preflight reports them, and whether
 * Azure keeps the namespace registered in every subscription (then nobody needs to register it).
 */
export const PROVIDER_NAMESPACES = {
  'Microsoft.Compute': { registeredByDefault: false },
  'Microsoft.Network': { registeredByDefault: false },
  'Microsoft.Storage': { registeredByDefault: false },
  'Microsoft.ManagedIdentity': { registeredByDefault: false },
  'Microsoft.Insights': { registeredByDefault: false },
  'Microsoft.OperationalInsights': { registeredByDefault: false },
  'Microsoft.Resources': { registeredByDefault: true },
  'Microsoft.Authorization': { registeredByDefault: true },
} as const satisfies Readonly<Record<string, { readonly registeredByDefault: boolean }>>;

/** A resource provider namespace of an emitted type. */
export type ProviderNamespace = keyof typeof PROVIDER_NAMESPACES;

/**
 * A profile setting without which the stacks never emit a type (the catalog test checks it on every variant), so
 * preflight asks for the type's namespace only when the profile turns the setting on:
 * - `diagnostics`: `diagnostics.enabled`;
 * - `diagnostics-workspace`: `diagnostics.enabled` without a `workspaceId` (the stack creates the workspace);
 * - `peering`: at least one entry in `access.peerings`;
 * - `capacity-reservation`: `capacityReservation.enabled`;
 * - `delete-lock`: `offload.deleteLock`.
 */
export type EmitCondition =
  'diagnostics' | 'diagnostics-workspace' | 'peering' | 'capacity-reservation' | 'delete-lock';

/** A setting the handoff README reports from the configuration, with why it is set that way. */
export interface SecurityControl {
  /** Attribute path inside the resource (`/` between nested names; a list's first element is read). */
  readonly path: string;
  readonly why: string;
}

/** What the policy pack needs to know about a type that runs VMs. */
export interface ComputeFacts {
  /** The attribute that holds the VM size. */
  readonly sizeAttribute: 'sku_name' | 'sku' | 'size';
  /** Whether the type is a scale set (VMs with `network_interface` blocks inline). */
  readonly scaleSet: boolean;
}

/** One catalog entry. */
export interface ResourceTypeEntry {
  /** What the type is, for the reader (README "What gets created"). */
  readonly label: string;
  /** What the stack uses it for. */
  readonly purpose: string;
  /** The resource provider namespace its resources belong to. */
  readonly namespace: ProviderNamespace;
  /** How the stacks use the type: as a resource, a data source, or both. */
  readonly kinds: readonly ('resource' | 'data')[];
  /** @default - the stacks may emit the type whatever the profile says */
  readonly emittedOnlyWith?: EmitCondition;
  /** Whether the type takes a `zone` or `zones` attribute. @default false */
  readonly zonal?: boolean;
  /** Set for types that run VMs. @default - not a compute type */
  readonly compute?: ComputeFacts;
  /** Settings the README's "Security posture" table reports, in order. @default - none */
  readonly securityControls?: readonly SecurityControl[];
  /**
   * The `Microsoft.Authorization` action creating a resource of the type needs beyond what Contributor grants
   * (Contributor's notActions take out every `Microsoft.Authorization` write); preflight checks the deployer holds it.
   *
   * @default - Contributor is enough
   */
  readonly authorizationAction?: AuthorizationAction;
}

/**
 * The `Microsoft.Authorization` write actions the emitted types need, with the built-in roles that grant each, least
 * privileged first (Owner and User Access Administrator grant both; Role Based Access Control Administrator grants
 * role assignments only).
 */
export const AUTHORIZATION_ACTIONS = {
  'Microsoft.Authorization/roleAssignments/write': {
    roles: ['Role Based Access Control Administrator', 'User Access Administrator', 'Owner'],
  },
  'Microsoft.Authorization/locks/write': { roles: ['User Access Administrator', 'Owner'] },
} as const satisfies Readonly<Record<string, { readonly roles: readonly string[] }>>;

/** A `Microsoft.Authorization` action an emitted type needs. */
export type AuthorizationAction = keyof typeof AUTHORIZATION_ACTIONS;

/**
 * Every Terraform type the stacks emit, keyed by type, **in the order main.tf lists them** (also the order of the
 * README's tables): the resource group, then network, identity, nodes and storage; the types added later follow in
 * alphabetical order, where main.tf has always put them. Moving an entry reorders every bundle's main.tf.
 */
export const RESOURCE_TYPES = {
  azurerm_resource_group: {
    label: 'Resource group',
    purpose: 'Holds every resource of the cluster',
    namespace: 'Microsoft.Resources',
    kinds: ['resource', 'data'],
  },
  azurerm_virtual_network: {
    label: 'Virtual network',
    purpose: 'Private address space',
    namespace: 'Microsoft.Network',
    kinds: ['resource'],
  },
  azurerm_subnet: {
    label: 'Subnet',
    purpose: 'Nodes, or private endpoints',
    namespace: 'Microsoft.Network',
    kinds: ['resource'],
    securityControls: [
      {
        path: 'default_outbound_access_enabled',
        why: 'No implicit internet access: outbound is explicit (the NAT gateway) or absent.',
      },
    ],
  },
  azurerm_network_security_group: {
    label: 'Network security group',
    purpose: 'Inbound filtering per subnet',
    namespace: 'Microsoft.Network',
    kinds: ['resource'],
  },
  azurerm_network_security_rule: {
    label: 'NSG rule',
    purpose: 'One inbound rule',
    namespace: 'Microsoft.Network',
    kinds: ['resource'],
  },
  azurerm_subnet_network_security_group_association: {
    label: 'Subnet ↔ NSG association',
    purpose: 'Applies an NSG to a subnet',
    namespace: 'Microsoft.Network',
    kinds: ['resource'],
  },
  azurerm_public_ip: {
    label: 'Public IP',
    purpose: 'The NAT gateway’s outbound address (never on a node)',
    namespace: 'Microsoft.Network',
    kinds: ['resource'],
    zonal: true,
  },
  azurerm_nat_gateway: {
    label: 'NAT gateway',
    purpose: 'Explicit outbound internet access for the nodes',
    namespace: 'Microsoft.Network',
    kinds: ['resource'],
    zonal: true,
  },
  azurerm_nat_gateway_public_ip_association: {
    label: 'NAT ↔ public IP association',
    purpose: 'Gives the NAT gateway its address',
    namespace: 'Microsoft.Network',
    kinds: ['resource'],
  },
  azurerm_subnet_nat_gateway_association: {
    label: 'Subnet ↔ NAT association',
    purpose: 'Routes the node subnet’s outbound traffic through NAT',
    namespace: 'Microsoft.Network',
    kinds: ['resource'],
  },
  azurerm_user_assigned_identity: {
    label: 'Managed identity',
    purpose: 'The identity the nodes use for Blob (no keys)',
    namespace: 'Microsoft.ManagedIdentity',
    kinds: ['resource'],
  },
  azurerm_proximity_placement_group: {
    label: 'Proximity placement group',
    purpose: 'Co-locates the nodes (intent: the VM size; no zone in fault-domains placement)',
    namespace: 'Microsoft.Compute',
    kinds: ['resource'],
    zonal: true,
  },
  azurerm_capacity_reservation_group: {
    label: 'Capacity reservation group',
    purpose: 'Holds the reserved node capacity',
    namespace: 'Microsoft.Compute',
    kinds: ['resource'],
    emittedOnlyWith: 'capacity-reservation',
    zonal: true,
  },
  azurerm_capacity_reservation: {
    label: 'Capacity reservation',
    purpose: 'Guaranteed capacity for the nodes (billed whether or not they run)',
    namespace: 'Microsoft.Compute',
    kinds: ['resource'],
    emittedOnlyWith: 'capacity-reservation',
    zonal: true,
  },
  azurerm_orchestrated_virtual_machine_scale_set: {
    label: 'VM scale set (Flexible)',
    purpose: 'The VAST nodes with local NVMe',
    namespace: 'Microsoft.Compute',
    kinds: ['resource'],
    zonal: true,
    compute: { sizeAttribute: 'sku_name', scaleSet: true },
    securityControls: [
      {
        path: 'os_profile/linux_configuration/disable_password_authentication',
        why: 'SSH keys only; the key is an input, never stored in the configuration.',
      },
      {
        path: 'encryption_at_host_enabled',
        why: 'OS disk and caches are encrypted on the host (needs the EncryptionAtHost feature).',
      },
      {
        path: 'automatic_instance_repair/enabled',
        why: 'A repair recreates a node, which erases its local NVMe: repairs are a human decision.',
      },
      { path: 'priority', why: 'Regular VMs: Spot eviction would erase local NVMe without warning.' },
    ],
  },
  azurerm_storage_account: {
    label: 'Storage account',
    purpose: 'Blob offload target (hierarchical namespace, private only)',
    namespace: 'Microsoft.Storage',
    kinds: ['resource'],
    securityControls: [
      {
        path: 'public_network_access_enabled',
        why: 'The account has no public endpoint: data moves only through the private endpoints in the VNet.',
      },
      {
        path: 'network_rules/default_action',
        why: 'Deny anything the rules do not allow, with no trusted-service bypass.',
      },
      {
        path: 'shared_access_key_enabled',
        why: 'No account keys or SAS: every access is an Entra ID identity with an auditable role.',
      },
      { path: 'default_to_oauth_authentication', why: 'Portal and tools use Entra ID by default.' },
      { path: 'min_tls_version', why: 'Refuse TLS older than 1.2.' },
      { path: 'https_traffic_only_enabled', why: 'No plain HTTP.' },
      {
        path: 'allow_nested_items_to_be_public',
        why: 'No container can be made anonymous (the provider default allows it).',
      },
      {
        path: 'infrastructure_encryption_enabled',
        why: 'Data is encrypted twice at rest (service and infrastructure layer).',
      },
      { path: 'cross_tenant_replication_enabled', why: 'Objects cannot be replicated to another tenant.' },
      { path: 'allowed_copy_scope', why: 'Copies only from sources reached over Private Link.' },
    ],
  },
  azurerm_storage_container: {
    label: 'Blob container',
    purpose: 'Where the cluster offloads',
    namespace: 'Microsoft.Storage',
    kinds: ['resource'],
  },
  azurerm_storage_management_policy: {
    label: 'Lifecycle policy',
    purpose: 'Tiers (and optionally deletes) offloaded objects',
    namespace: 'Microsoft.Storage',
    kinds: ['resource'],
  },
  azurerm_private_dns_zone: {
    label: 'Private DNS zone',
    purpose: 'Resolves the account’s private endpoints',
    namespace: 'Microsoft.Network',
    kinds: ['resource'],
  },
  azurerm_private_dns_zone_virtual_network_link: {
    label: 'Private DNS link',
    purpose: 'Makes the zone visible in the VNet',
    namespace: 'Microsoft.Network',
    kinds: ['resource'],
  },
  azurerm_private_endpoint: {
    label: 'Private endpoint',
    purpose: 'Private path from the VNet to one storage sub-resource',
    namespace: 'Microsoft.Network',
    kinds: ['resource'],
  },
  azurerm_role_assignment: {
    label: 'Role assignment',
    purpose: 'Grants the node identity data access on the account only',
    namespace: 'Microsoft.Authorization',
    kinds: ['resource'],
    authorizationAction: 'Microsoft.Authorization/roleAssignments/write',
  },
  azurerm_linux_virtual_machine: {
    label: 'Virtual machine',
    purpose:
      'A VAST node with local NVMe in a known fault domain of the scale set (fault-domains placement), or the management node (VAST Management System) placed with the nodes',
    namespace: 'Microsoft.Compute',
    kinds: ['resource'],
    zonal: true,
    compute: { sizeAttribute: 'size', scaleSet: false },
  },
  azurerm_log_analytics_workspace: {
    label: 'Log Analytics workspace',
    purpose: 'Receives the diagnostic logs and metrics',
    namespace: 'Microsoft.OperationalInsights',
    kinds: ['resource'],
    emittedOnlyWith: 'diagnostics-workspace',
  },
  azurerm_management_lock: {
    label: 'Delete lock',
    purpose: 'Stops the offload account (the recovery point) being deleted; removed first at tear-down',
    namespace: 'Microsoft.Authorization',
    kinds: ['resource'],
    emittedOnlyWith: 'delete-lock',
    authorizationAction: 'Microsoft.Authorization/locks/write',
  },
  azurerm_monitor_diagnostic_setting: {
    label: 'Diagnostic setting',
    purpose: 'Sends blob reads, writes, deletes and transactions, or NSG logs, to the workspace',
    namespace: 'Microsoft.Insights',
    kinds: ['resource'],
    emittedOnlyWith: 'diagnostics',
  },
  azurerm_network_interface: {
    label: 'Network interface',
    purpose: "A node's or the management node's private NIC (accelerated networking, no public IP)",
    namespace: 'Microsoft.Network',
    kinds: ['resource'],
  },
  azurerm_virtual_network_peering: {
    label: 'VNet peering',
    purpose: 'One side of a peering with a customer network (traffic only, no gateway transit)',
    namespace: 'Microsoft.Network',
    kinds: ['resource'],
    emittedOnlyWith: 'peering',
  },
} as const satisfies Readonly<Record<string, ResourceTypeEntry>>;

/** A Terraform type the stacks emit. */
export type ResourceType = keyof typeof RESOURCE_TYPES;

/** Every emitted type, in main.tf order. */
export const RESOURCE_TYPE_NAMES: readonly ResourceType[] = Object.keys(RESOURCE_TYPES) as ResourceType[];

/** The catalog entry of a type, or undefined when the stacks do not emit it. */
export function resourceTypeEntry(type: string): ResourceTypeEntry | undefined {
  return ownValue<ResourceTypeEntry>(RESOURCE_TYPES, type);
}

/**
 * Types that run VMs which the stacks never emit, but which the policy pack still recognizes, so that a
 * configuration changed to use one (by an override, or a later construct) is checked like the emitted ones. The
 * catalog test fails when the stacks start emitting one: it then belongs in {@link RESOURCE_TYPES}.
 */
export const OTHER_COMPUTE_TYPES = {
  azurerm_linux_virtual_machine_scale_set: { sizeAttribute: 'sku', scaleSet: true },
  azurerm_windows_virtual_machine_scale_set: { sizeAttribute: 'sku', scaleSet: true },
  azurerm_windows_virtual_machine: { sizeAttribute: 'size', scaleSet: false },
} as const satisfies Readonly<Record<string, ComputeFacts>>;

/** A compute type the stacks never emit. */
export type OtherComputeType = keyof typeof OTHER_COMPUTE_TYPES;

/** A type the stacks emit, or a compute type the policy pack recognizes although the stacks never emit it. */
export type KnownResourceType = ResourceType | OtherComputeType;

/**
 * The namespaces that resources of `types` need registered (those Azure does not keep registered everywhere), in
 * {@link PROVIDER_NAMESPACES} order. Types not in the catalog are ignored.
 */
export function namespacesToRegister(types: Iterable<string>): ProviderNamespace[] {
  const used = new Set<ProviderNamespace>();
  for (const type of types) {
    const entry = resourceTypeEntry(type);
    if (entry) used.add(entry.namespace);
  }
  return (Object.keys(PROVIDER_NAMESPACES) as ProviderNamespace[]).filter(
    (ns) => used.has(ns) && !PROVIDER_NAMESPACES[ns].registeredByDefault,
  );
}

/**
 * The `Microsoft.Authorization` actions that creating resources of `types` needs, in {@link AUTHORIZATION_ACTIONS}
 * order. Types not in the catalog are ignored.
 */
export function authorizationActionsFor(types: Iterable<string>): AuthorizationAction[] {
  const used = new Set<AuthorizationAction>();
  for (const type of types) {
    const action = resourceTypeEntry(type)?.authorizationAction;
    if (action) used.add(action);
  }
  return (Object.keys(AUTHORIZATION_ACTIONS) as AuthorizationAction[]).filter((a) => used.has(a));
}
