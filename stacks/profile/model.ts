/**
 * The profile's declarative model: one zod schema that states every field once, with its type, bounds, pattern,
 * default and documentation. From it come the TypeScript types of a validated profile (`schema.ts`), the per-field
 * rules the validator applies (`schema.ts` reads patterns, bounds, defaults and allowed keys from here), the published
 * JSON Schema (`docs/profile.schema.json`) and the field tables of `docs/profile.md` (`docs.ts` renders both).
 *
 * Rules that relate fields to each other (node counts per placement mode, CIDR containment and overlaps, fault
 * domains per region, secrets in a bootstrap script, the template check on every string) live in `schema.ts`; the
 * JSON Schema cannot express most of them, and `docs/profile.md` says which.
 */
import { z } from 'zod';
import { DEFAULT_ADMIN_USERNAME, RESERVED_ADMIN_USERNAMES } from '../../constructs/compute/admin-username';
import { DEFAULT_CLIENT_COUNT, MAX_CLIENTS } from '../../constructs/compute/client-pool';
import {
  DEFAULT_CLIENT_SIZE,
  DEFAULT_MANAGEMENT_SIZE,
  GENERAL_PURPOSE_SIZES,
  type GeneralPurposeSize,
} from '../../constructs/compute/general-purpose-catalog';
import { L_SERIES_SIZES, type LSeriesSize } from '../../constructs/compute/l-series-catalog';
import { DEFAULT_OS_DISK_SIZE_GIB, OS_DISK_SIZE_GIB_RANGE } from '../../constructs/compute/linux-vm-common';
import { DEFAULT_NODE_COUNT, DEFAULT_NODE_IMAGE, MAX_NODE_COUNT } from '../../constructs/compute/node-pool';
import { PLACEMENT_MODES } from '../../constructs/compute/placement';
import {
  APPROVABLE_EVENT_TYPES,
  DEFAULT_POLL_SECONDS,
  POLL_SECONDS_RANGE,
} from '../../constructs/compute/scheduled-events';
import { WORKSPACE_ID_PATTERN, WORKSPACE_RETENTION_DAYS } from '../../constructs/monitoring/cluster-diagnostics';
import { CLIENT_PROTOCOLS, DEFAULT_CLIENT_PROTOCOLS } from '../../constructs/network/vast-ports';
import { POLICY_RULE_IDS } from '../../constructs/policy/registry';
import { AZURE_SUBNET_RESERVED_ADDRESSES, AZURE_RESERVED_RANGES } from '../../constructs/shared/cidr';
import {
  AVAILABILITY_ZONES,
  RESOURCE_GROUP_NAME_PATTERN,
  RESOURCE_GROUP_NAME_RULE,
} from '../../constructs/shared/validation';
import {
  DEFAULT_COOL_AFTER_DAYS,
  DEFAULT_OFFLOAD_CONTAINER_NAME,
  DEFAULT_OFFLOAD_REPLICATION,
  DEFAULT_SOFT_DELETE_DAYS,
  OFFLOAD_ENDPOINTS,
  OFFLOAD_REPLICATIONS,
  SOFT_DELETE_DAYS_RANGE,
} from '../../constructs/storage/offload-account';

/** Documentation and message text of one profile field, beyond what its zod type states. */
export interface FieldDoc {
  /** What the field does and what is allowed, as Markdown: the "allowed" column of docs/profile.md. */
  readonly description: string;
  /** How an error message names what is allowed: `<field> must be <allowed>, got …`. */
  readonly allowed?: string;
  /** The pattern a string must match (also set on the zod string, so the JSON Schema carries it). */
  readonly pattern?: RegExp;
  /** The default as docs/profile.md shows it, when it is not a literal value (e.g. a Terraform variable). */
  readonly defaultText?: string;
  /** When the field is required, if that depends on other fields (e.g. "with `zonal` placement"). */
  readonly requiredText?: string;
  /** Whether the string may hold line breaks and tabs (free text that reaches only documents). */
  readonly lineBreaks?: boolean;
}

/** Every documented field's {@link FieldDoc}, keyed by the zod schema that sits in its parent's shape. */
export const fieldDocs = z.registry<FieldDoc>();

/** Registers `doc` for `schema` and returns the schema (so the model reads as one expression per field). */
function doc<T extends z.ZodType>(schema: T, d: FieldDoc): T {
  fieldDocs.add(schema, d);
  return schema;
}

/** A string field with a pattern; the pattern and its allowed text are stated once, here. */
function text(pattern: RegExp, allowed: string, d: Omit<FieldDoc, 'pattern' | 'allowed'>) {
  return doc(z.string().regex(pattern), { ...d, pattern, allowed });
}

/** Markdown code for a value. */
function code(v: string | number): string {
  return `\`${v}\``;
}

/** `a, b or c`. */
function orList(values: readonly string[]): string {
  return values.length < 2 ? values.join('') : `${values.slice(0, -1).join(', ')} or ${values[values.length - 1]}`;
}

/** A non-empty tuple type for z.enum over a catalog typed as a string list. */
function tuple<T extends string>(values: readonly string[]): [T, ...T[]] {
  return values as unknown as [T, ...T[]];
}

/**
 * Azure regions with availability zones, as Microsoft's "Azure regions with availability zone support" page lists
 * them (checked 2026-11). Preflight asks Azure itself; this list only catches typos and zoneless regions offline.
 */
export const ZONAL_REGIONS = [
  'australiaeast',
  'austriaeast',
  'belgiumcentral',
  'brazilsouth',
  'canadacentral',
  'centralindia',
  'centralus',
  'chilecentral',
  'denmarkeast',
  'eastasia',
  'eastus',
  'eastus2',
  'francecentral',
  'germanywestcentral',
  'indonesiacentral',
  'israelcentral',
  'italynorth',
  'japaneast',
  'japanwest',
  'koreacentral',
  'malaysiawest',
  'mexicocentral',
  'newzealandnorth',
  'northeurope',
  'norwayeast',
  'polandcentral',
  'qatarcentral',
  'southafricanorth',
  'southcentralus',
  'southeastasia',
  'spaincentral',
  'swedencentral',
  'switzerlandnorth',
  'uaenorth',
  'uksouth',
  'westeurope',
  'westus2',
  'westus3',
] as const;

/** Regions Azure has but that offer no availability zones: named in the error so the user knows why. */
export const ZONELESS_REGIONS: readonly string[] = [
  'australiacentral',
  'australiacentral2',
  'australiasoutheast',
  'brazilsoutheast',
  'canadaeast',
  'francesouth',
  'germanynorth',
  'jioindiacentral',
  'jioindiawest',
  'koreasouth',
  'northcentralus',
  'norwaywest',
  'southafricawest',
  'southindia',
  'swedensouth',
  'switzerlandwest',
  'uaecentral',
  'ukwest',
  'westcentralus',
  'westindia',
  'westus',
];

/** Tags every resource must carry (POC cost hygiene). */
export const REQUIRED_TAGS = ['owner', 'purpose', 'expiry'] as const;

/** The tag the toolkit adds to every resource, naming the profile. */
export const PROFILE_TAG = 'vast-poc-profile';

/**
 * Azure's tag rules (Microsoft Learn, "Use tags to organize your Azure resources and management hierarchy",
 * Limitations): at most 50 tags per resource, values up to 256 characters, names up to 512 characters but 128 on a
 * storage account (the offload account carries every tag, so 128 applies), names case-insensitive.
 */
export const TAG_COUNT_MAX = 50;
/** Longest tag value Azure accepts. */
export const TAG_VALUE_MAX = 256;
/** Longest tag name a storage account accepts (other resources allow 512). */
export const TAG_NAME_MAX = 128;
/** Tag name prefixes Azure reserves for itself (compared without case). */
export const TAG_RESERVED_PREFIXES = ['microsoft', 'azure', 'windows'] as const;

/** A subscription (or any) GUID. */
export const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** A virtual network id: GUID subscription, resource group and VNet names in Azure's own character sets. */
export const VNET_ID_RE =
  /^\/subscriptions\/[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\/resourceGroups\/[-\w.()]{1,90}\/providers\/Microsoft\.Network\/virtualNetworks\/[A-Za-z0-9][-\w.]{0,62}[\w]$/;

/** An existing virtual network's resource id (any subscription form). */
const EXISTING_VNET_RE =
  /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Network\/virtualNetworks\/[^/]+$/i;
/** An existing subnet's resource id. */
const EXISTING_SUBNET_RE =
  /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Network\/virtualNetworks\/[^/]+\/subnets\/[^/]+$/i;

/** The resource id of a customer's central private DNS zone for one storage sub-resource. */
function privateDnsZoneId(sub: keyof typeof OFFLOAD_ENDPOINTS) {
  const zone = OFFLOAD_ENDPOINTS[sub];
  return text(
    new RegExp(
      `^/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft\\.Network/privateDnsZones/${zone.replace(/\./g, '\\.')}$`,
      'i',
    ),
    `the resource id of a ${zone} private DNS zone`,
    { description: `resource id of the customer's central ${code(zone)} zone` },
  );
}

/** An IPv4 CIDR block (parsed and checked by `constructs/shared/cidr.ts`; the JSON Schema checks the shape). */
const CIDR_SHAPE = /^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\/\d{1,2}$/;

/** A CIDR field; `schema.ts` parses it and reports what is wrong with it. */
function cidr(d: FieldDoc) {
  return doc(z.string().regex(CIDR_SHAPE), d);
}

/** A list of CIDRs (each /8 or longer, not overlapping: checked in `schema.ts`). */
function cidrList(d: FieldDoc) {
  return doc(z.array(z.string().regex(CIDR_SHAPE)), d);
}

const placement = z.strictObject({
  mode: doc(z.enum(PLACEMENT_MODES).default('zonal'), {
    description: `${orList(PLACEMENT_MODES.map(code))}: see [placement.md](placement.md)`,
  }),
  faultDomainCount: doc(z.int().min(2).max(3).optional(), {
    description:
      "at most the region's `MaximumPlatformFaultDomainCount` (UK South 2); required where the offline table has no value. Refused in `zonal` mode.",
    requiredText: 'no (only with `fault-domains`)',
    defaultText: "the region's maximum (`constructs/compute/fault-domains.ts`)",
  }),
});

const image = z.strictObject({
  publisher: z.string().default(DEFAULT_NODE_IMAGE.publisher),
  offer: z.string().default(DEFAULT_NODE_IMAGE.offer),
  sku: z.string().default(DEFAULT_NODE_IMAGE.sku),
  version: z.string().default(DEFAULT_NODE_IMAGE.version),
});

const scheduledEvents = z.strictObject({
  autoApprove: doc(z.array(z.enum(APPROVABLE_EVENT_TYPES)).default([]), {
    description: `list of ${orList(APPROVABLE_EVENT_TYPES.map(code)).replace(' or ', ' and/or ')}: the [Scheduled Events watcher](node-bootstrap.md#scheduled-events-watcher) approves these events for its own node at once instead of waiting for \`NotBefore\`. \`Redeploy\`, \`Preempt\` and \`Terminate\` lose local NVMe data and are refused (also by the watcher itself). Approving a Reboot on many nodes at once can take more nodes down than the erasure coding survives: opt in only when VAST copes.`,
  }),
  hook: doc(z.array(z.string()).min(1).optional(), {
    description:
      'argument list, e.g. `["/opt/vast/bin/on-maintenance", "--notify"]`: the first element an absolute program path. Run once per new event, **without a shell** (arguments are passed as they are), with the event as JSON on stdin and `VAST_EVENT_ID`, `VAST_EVENT_TYPE`, `VAST_EVENT_STATUS`, `VAST_EVENT_NOT_BEFORE`, `VAST_EVENT_RESOURCES`, `VAST_EVENT_THIS_NODE` set. Travels in custom data: no secrets.',
    defaultText: 'none',
  }),
  pollSeconds: doc(z.int().min(POLL_SECONDS_RANGE.min).max(POLL_SECONDS_RANGE.max).default(DEFAULT_POLL_SECONDS), {
    description: 'seconds between two polls of the metadata service',
  }),
});

const nodes = z.strictObject({
  count: doc(z.int().min(1).max(MAX_NODE_COUNT).default(DEFAULT_NODE_COUNT), {
    description:
      'zonal: at least 4; fault-domains: at least 2 and a multiple of the fault-domain count (see [Minimum node counts](#minimum-node-counts))',
  }),
  vmSize: doc(z.enum(tuple<LSeriesSize>(L_SERIES_SIZES)), {
    description: `a catalog L-series size, exact Azure spelling: ${L_SERIES_SIZES.map(code).join(', ')}`,
  }),
  adminUsername: text(
    /^[a-z_][a-z0-9_-]{0,31}$/,
    '1–32 lowercase letters, digits, "_" or "-", not a reserved name such as root or admin',
    {
      description: `Linux user name (1–32 of \`a-z0-9_-\`), not one of the ${RESERVED_ADMIN_USERNAMES.length} names the azurerm provider reserves for scale sets or VMs (\`root\`, \`admin\`, \`adm\`, \`backup\`, \`sudo\`, \`sys\`, \`support\`, …: the full list, read from provider v4.55.0, is in \`constructs/compute/admin-username.ts\`)`,
    },
  ).default(DEFAULT_ADMIN_USERNAME),
  encryptionAtHost: doc(z.boolean().default(true), {
    description: 'boolean. Needs the `Microsoft.Compute/EncryptionAtHost` feature registered in the subscription.',
  }),
  osDiskSizeGiB: doc(
    z.int().min(OS_DISK_SIZE_GIB_RANGE.min).max(OS_DISK_SIZE_GIB_RANGE.max).default(DEFAULT_OS_DISK_SIZE_GIB),
    {
      description: 'GiB of managed Premium SSD (never an ephemeral OS disk)',
    },
  ),
  image: doc(image.default(DEFAULT_NODE_IMAGE), {
    description: '`publisher`, `offer`, `sku`, `version`; Gen2 with NVMe support on v4/v5 sizes',
    defaultText: `${DEFAULT_NODE_IMAGE.publisher} ${code(DEFAULT_NODE_IMAGE.offer)} / ${code(DEFAULT_NODE_IMAGE.sku)} / ${code(DEFAULT_NODE_IMAGE.version)}`,
  }),
  bootstrapScript: doc(z.string().optional(), {
    description:
      "path of a shell script inside the profile's folder (no `..` out of it, no absolute path, no symbolic link leading out), run as root after the node checks pass (e.g. the VAST installer). A regular UTF-8 file of at most 32 KiB. It travels in custom data, so it is refused when it holds a secret (private key, JWT, cloud keys, connection string, literal `password=`) or a path of this machine. The whole cloud-init document must stay within Azure's 65,536 bytes of base64 custom data; next to the node checks and the Scheduled Events watcher that leaves room for a script of about 23.5 KB, so a larger script (even under the 32 KiB reading cap) is refused when the profile is loaded, naming the room left (exit 2 in every command).",
  }),
  scheduledEvents: scheduledEvents.prefault({}),
});

const existing = z.strictObject({
  virtualNetworkId: text(EXISTING_VNET_RE, 'a virtual network resource id', {
    description: 'resource id of the virtual network',
  }),
  nodeSubnetId: text(EXISTING_SUBNET_RE, 'a subnet resource id', {
    description: 'resource id of a subnet of that virtual network, for the nodes',
  }),
  privateEndpointSubnetId: text(EXISTING_SUBNET_RE, 'a subnet resource id', {
    description: 'resource id of a subnet of that virtual network, for the private endpoints',
  }),
  privateDnsZoneIds: doc(z.strictObject({ blob: privateDnsZoneId('blob'), dfs: privateDnsZoneId('dfs') }).optional(), {
    description: `\`blob\` and \`dfs\`: resource ids of the customer's central ${code(OFFLOAD_ENDPOINTS.blob)} / ${code(OFFLOAD_ENDPOINTS.dfs)} zones (hub and spoke). The private endpoints register there; no zones or VNet links are created.`,
    defaultText: 'zones created and linked to the VNet',
  }),
});

const network = z.strictObject({
  addressSpace: cidr({
    description: `IPv4 CIDR without leading zeros, not overlapping the ranges Azure reserves (${AZURE_RESERVED_RANGES.map((r) => r.cidr).join(', ')})`,
  }).default('10.40.0.0/16'),
  nodeSubnet: cidr({
    description: `IPv4 CIDR inside the address space with room for \`nodes.count\` plus the ${AZURE_SUBNET_RESERVED_ADDRESSES} addresses Azure reserves per subnet (8 nodes: /28 or larger)`,
  }).default('10.40.0.0/24'),
  privateEndpointSubnet: cidr({
    description: 'IPv4 CIDR inside the address space, /29 or larger, not overlapping the node subnet',
  }).default('10.40.1.0/27'),
  adminCidrs: doc(z.array(z.string().regex(CIDR_SHAPE)).min(1).optional(), {
    description:
      'non-empty list of IPv4 CIDRs allowed to SSH to the nodes; each /8 or longer (so never `0.0.0.0/0`), not overlapping each other. Not allowed with `network.existing`.',
    defaultText: 'Terraform variable `admin_cidrs`',
  }),
  existing: doc(existing.optional(), {
    description:
      "`virtualNetworkId`, `nodeSubnetId`, `privateEndpointSubnetId` (resource ids, subnets of that VNet). Nothing network-side is created: inbound rules and explicit outbound are then the customer's.",
    defaultText: 'a new network is created',
  }),
});

const peering = z.strictObject({
  remoteVirtualNetworkId: text(
    VNET_ID_RE,
    'a virtual network resource id: /subscriptions/<subscription GUID>/resourceGroups/<group>/providers/Microsoft.Network/virtualNetworks/<name>',
    { description: "resource id of the customer's virtual network (GUID subscription)" },
  ),
  createRemote: z.boolean().default(false),
});

const access = z.strictObject({
  protocols: doc(
    z
      .array(z.enum(CLIENT_PROTOCOLS))
      .min(1)
      .refine((list) => new Set(list).size === list.length, 'no protocol may repeat')
      // Published as JSON Schema's uniqueItems, so an editor flags a repeated protocol too.
      .meta({ uniqueItems: true })
      .default([...DEFAULT_CLIENT_PROTOCOLS]),
    {
      description: `non-empty list of ${orList(CLIENT_PROTOCOLS.map(code))}, no repeats; each opens VAST's ports for it from the client networks ([access.md](access.md))`,
    },
  ),
  clientCidrs: cidrList({
    description:
      'list of IPv4 CIDRs of the storage clients; each /8 or longer (never `0.0.0.0/0`), not overlapping each other, the node subnet or the private endpoint subnet; empty only with a client pool. Not allowed with `network.existing`.',
    defaultText: 'Terraform variable `client_cidrs`',
  }).optional(),
  peerings: doc(z.array(peering).default([]), {
    description:
      "list of `{ remoteVirtualNetworkId, createRemote }`: VNet peerings to customer networks (resource ids with a GUID subscription); `createRemote` (default `false`) also creates the remote side (same tenant, write access to its peerings), else the RUNBOOK gives the owner's command. Not allowed with `network.existing`.",
    defaultText: 'none',
  }),
});

const management = z.strictObject({
  enabled: doc(z.boolean().default(true), {
    description: 'one management (VMS) VM in the node subnet, placed with the nodes',
  }),
  vmSize: doc(z.enum(tuple<GeneralPurposeSize>(GENERAL_PURPOSE_SIZES)).default(DEFAULT_MANAGEMENT_SIZE), {
    description: `a size from the general-purpose catalog: ${GENERAL_PURPOSE_SIZES.map(code).join(', ')}`,
  }),
});

const clientPool = z.strictObject({
  enabled: doc(z.boolean().default(false), {
    description:
      'a Flexible scale set of load-generator VMs (NFS client and fio) in its own subnet. Not allowed with `network.existing`.',
  }),
  vmSize: doc(z.enum(tuple<GeneralPurposeSize>(GENERAL_PURPOSE_SIZES)).default(DEFAULT_CLIENT_SIZE), {
    description: 'a size from the general-purpose catalog (as `management.vmSize`)',
  }),
  count: doc(z.int().min(1).max(MAX_CLIENTS).default(DEFAULT_CLIENT_COUNT), { description: 'client VMs' }),
  subnet: cidr({
    description:
      'IPv4 CIDR inside `network.addressSpace`, /29 or larger, not overlapping the node or private endpoint subnet; always a client network',
    requiredText: 'with a pool',
  }).optional(),
});

const lifecycle = z.strictObject({
  prefix: text(/^[a-z0-9][a-z0-9-]{2,62}\/.*$/, 'a path that starts with the container name and a slash', {
    description: 'starts with `<containerName>/`',
  }).default(`${DEFAULT_OFFLOAD_CONTAINER_NAME}/`),
  coolAfterDays: doc(z.int().min(0).max(99999).default(DEFAULT_COOL_AFTER_DAYS), {
    description: 'days since modification before tiering to cool',
  }),
  coldAfterDays: doc(z.int().min(0).max(99999).optional(), { description: 'greater than `coolAfterDays`' }),
  deleteAfterDays: doc(z.int().min(1).max(99999).optional(), { description: 'greater than the last tiering day' }),
});

/** The offload account's name prefix when the profile gives neither a name nor a prefix. */
export const DEFAULT_OFFLOAD_NAME_PREFIX = 'vastpoc';

const offload = z.strictObject({
  accountName: text(/^[a-z0-9]{3,24}$/, '3–24 lowercase letters and digits (Azure storage account naming rules)', {
    description: 'exact storage account name: 3–24 lowercase letters and digits',
  }).optional(),
  namePrefix: text(
    /^[a-z0-9]{3,18}$/,
    '3–18 lowercase letters and digits (six more are appended to make the account name)',
    {
      description:
        '3–18 lowercase letters and digits; six hex characters derived from the profile name, location and (when set) `subscriptionId` are appended, so the name is stable and differs between customers who set their subscription. Storage account names are global: preflight checks the name is free. Give `accountName` or `namePrefix`, not both.',
      defaultText: code(DEFAULT_OFFLOAD_NAME_PREFIX),
    },
  ).optional(),
  replication: doc(z.enum(OFFLOAD_REPLICATIONS).default(DEFAULT_OFFLOAD_REPLICATION), {
    description: orList(OFFLOAD_REPLICATIONS.map(code)),
  }),
  containerName: text(
    /^(?!.*--)[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/,
    '3–63 lowercase letters, digits and single hyphens, starting and ending with a letter or digit',
    { description: 'blob container name: 3–63 lowercase letters, digits and single hyphens' },
  ).default(DEFAULT_OFFLOAD_CONTAINER_NAME),
  softDeleteDays: doc(
    z.int().min(SOFT_DELETE_DAYS_RANGE.min).max(SOFT_DELETE_DAYS_RANGE.max).default(DEFAULT_SOFT_DELETE_DAYS),
    { description: 'days deleted blobs and containers are kept' },
  ),
  lifecycle: lifecycle.prefault({}),
  deleteLock: doc(z.boolean().default(true), {
    description:
      'a `CanNotDelete` management lock on the offload account (the recovery point). Creating and removing it needs `Microsoft.Authorization/locks/*` (Owner or User Access Administrator). The handoff tear-down removes it first. `false` is reported by policy rule VAZ-REL-012 unless suppressed with a reason.',
  }),
});

/** The local state file when the profile names none. */
export const DEFAULT_LOCAL_STATE_PATH = 'terraform.tfstate';
/** The state container of an azurerm backend when the profile names none. */
export const DEFAULT_STATE_CONTAINER_NAME = 'tfstate';
/** The state blob of an azurerm backend when the profile names none. */
export const DEFAULT_STATE_KEY = 'vast-poc.tfstate';

const localBackend = z.strictObject({
  type: doc(z.literal('local').default('local'), {
    description:
      '`local` (state in a file next to the configuration) or `azurerm` (a blob in a storage account; Entra ID auth)',
  }),
  path: text(
    /^(?![/\\]|[A-Za-z]:)(?!.*\.\.)[\w./-]+$/,
    'a relative path without ".." (an absolute path would put a machine path into the Terraform)',
    { description: 'local state file: a relative path without `..`' },
  ).default(DEFAULT_LOCAL_STATE_PATH),
});

const azurermBackend = z.strictObject({
  type: z.literal('azurerm'),
  resourceGroupName: text(
    new RegExp(RESOURCE_GROUP_NAME_PATTERN),
    `a resource group name: ${RESOURCE_GROUP_NAME_RULE}`,
    {
      description: "azurerm: the state storage account's resource group",
      requiredText: 'with `azurerm`',
    },
  ),
  storageAccountName: text(/^[a-z0-9]{3,24}$/, '3–24 lowercase letters and digits', {
    description: 'azurerm: the state storage account',
    requiredText: 'with `azurerm`',
  }),
  containerName: text(/^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/, 'a blob container name', {
    description: 'azurerm: the state container',
  }).default(DEFAULT_STATE_CONTAINER_NAME),
  key: text(/^[\w./-]+$/, 'a blob name', { description: 'azurerm: the state blob' }).default(DEFAULT_STATE_KEY),
});

const diagnostics = z.strictObject({
  enabled: doc(z.boolean().default(false), {
    description:
      "send the offload account's blob service logs (StorageRead, StorageWrite, StorageDelete) and Transaction metric, and every NSG's logs, to Log Analytics",
  }),
  workspaceId: text(WORKSPACE_ID_PATTERN, 'a Log Analytics workspace resource id', {
    description:
      'resource id of an existing Log Analytics workspace (`…/Microsoft.OperationalInsights/workspaces/<name>`); needs `diagnostics.enabled: true`',
    defaultText: 'a workspace `log-<name>` is created',
  }).optional(),
  retentionDays: doc(z.int().min(WORKSPACE_RETENTION_DAYS.min).max(WORKSPACE_RETENTION_DAYS.max).optional(), {
    description: 'days of retention of a created workspace (not with `workspaceId`)',
    defaultText: code(WORKSPACE_RETENTION_DAYS.default),
  }),
});

const suppression = z.strictObject({
  rule: z.enum(tuple(POLICY_RULE_IDS)),
  path: text(/^\S+$/, 'the resource\'s construct path below the stack, such as "nodes/vmss"', {
    description: 'the construct path below the stack',
  }),
  reason: text(/\S/, 'a non-empty reason saying who accepted the finding and why', {
    description: 'who accepted the finding and why',
  }),
});

/** A tag value as YAML may write it: text, or a number kept as its text. */
const tagValue = z.union([z.string().max(TAG_VALUE_MAX), z.number()]);

const tags = doc(
  z
    .object({
      owner: tagValue,
      purpose: tagValue,
      expiry: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    })
    .catchall(tagValue),
  {
    description: `map; ${orList(REQUIRED_TAGS.map(code)).replace(' or ', ' and ')} (a real date, YYYY-MM-DD) are required. Every resource also gets \`${PROFILE_TAG}: <name>\`, so at most ${TAG_COUNT_MAX - 1} tags. Azure's rules: values up to ${TAG_VALUE_MAX} characters; names up to ${TAG_NAME_MAX} (the storage account's limit), without \`< > % & \\ ? /\`, not starting with ${orList(TAG_RESERVED_PREFIXES.map(code))}, unique ignoring case; \`__proto__\` is refused.`,
  },
);

const planning = z.strictObject({
  dailyChangeTB: doc(z.number().min(0).max(1e6).default(10), {
    description: 'decimal TB of new or changed data per day (planning only)',
  }),
  reservePercent: doc(z.number().min(0).max(50).default(10), {
    description: 'percent of usable capacity held back (planning only)',
  }),
  offloadGbps: doc(z.number().min(0.1).max(10_000).default(10), {
    description: 'Gbps, sustained offload rate to Blob (planning only)',
  }),
});

/** The whole profile as written in a file: the single source of every field's rules. */
export const profileModel = z.strictObject({
  name: text(/^[a-z][a-z0-9-]{1,38}[a-z0-9]$/, '3–40 lowercase letters, digits and hyphens, starting with a letter', {
    description:
      '3–40 lowercase letters, digits, hyphens, starting with a letter and not ending with a hyphen. Names the stack (`cdktf.out/stacks/<name>/`) and prefixes Azure resource names.',
  }),
  description: doc(z.string().optional(), {
    description: "free text (line breaks allowed; escaped when copied into the bundle's README)",
    lineBreaks: true,
  }),
  subscriptionId: text(GUID, 'a subscription GUID', {
    description: 'a subscription GUID; also used by preflight',
    defaultText: '`ARM_SUBSCRIPTION_ID` at apply time',
  }).optional(),
  location: doc(z.enum(ZONAL_REGIONS), {
    pattern: /^[a-z0-9]+$/,
    allowed: 'an Azure region name such as "uksouth"',
    description: `an Azure region with availability zones: ${ZONAL_REGIONS.map(code).join(', ')}. Zoneless regions such as \`ukwest\` are refused with that reason.`,
  }),
  zone: doc(z.union([z.enum(AVAILABILITY_ZONES), z.int().min(1).max(AVAILABILITY_ZONES.length)]).optional(), {
    description: `${orList(AVAILABILITY_ZONES.map((z) => code(`"${z}"`)))} (logical zone of the subscription; preflight reports the physical zone). Must be left out with \`fault-domains\` placement (the cluster is regional).`,
    requiredText: 'with `zonal` placement',
  }),
  placement: placement.prefault({}),
  nodes,
  network: network.prefault({}),
  access: access.prefault({}),
  management: management.prefault({}),
  clientPool: clientPool.prefault({}),
  offload: offload.prefault({}),
  capacityReservation: z
    .strictObject({
      enabled: doc(z.boolean().default(false), {
        description: 'reserve zonal capacity for every node (billed whether VMs run or not). Only in `zonal` mode.',
      }),
    })
    .prefault({}),
  resourceGroup: z
    .strictObject({
      create: doc(z.boolean().default(true), {
        description:
          '`false` deploys into an existing resource group named by the `resource_group_name` variable (read with a data source; never created or deleted; the variable then has no default). For customers who hand over a pre-created group and no subscription-wide rights.',
      }),
    })
    .prefault({}),
  backend: z
    .discriminatedUnion('type', [localBackend, azurermBackend])
    .default({ type: 'local', path: DEFAULT_LOCAL_STATE_PATH }),
  tags,
  planning: planning.prefault({}),
  policy: z
    .strictObject({
      suppressions: doc(z.array(suppression).default([]), {
        description:
          'list of `{ rule, path, reason }`: accept one policy finding for one resource (`rule` a rule id from [rules.md](rules.md), `path` the construct path below the stack as `npm run synth` prints it, e.g. `nodes/vmss`, `reason` non-empty). Shown in the synth output and the handoff README; a suppression that matches nothing is reported.',
        defaultText: 'none',
      }),
    })
    .optional(),
  diagnostics: diagnostics.prefault({}),
  partnerId: text(
    GUID,
    'a GUID registered with Microsoft for partner usage attribution, such as 00000000-0000-0000-0000-000000000000',
    {
      description:
        "a GUID registered with Microsoft for partner usage attribution (customer usage attribution); set as the azurerm provider's `partner_id`, which adds `pid-<GUID>` to the User-Agent of every Azure call. Off unless set.",
      defaultText: "none (the provider sends HashiCorp's own id)",
    },
  ).optional(),
});

/** A profile as written in a file (every optional field may be absent). */
export type ProfileInput = z.input<typeof profileModel>;
/** A profile's fields with every default applied, before `schema.ts` derives what the model cannot. */
export type ProfileModelOutput = z.output<typeof profileModel>;

/** What the validator needs to know about one field, read from {@link profileModel}. */
export interface FieldSpec {
  /** The field's documentation and message text, when it has any. */
  readonly doc?: FieldDoc;
  /** Whether the field may be left out of its map (it is optional or has a default). */
  readonly optional: boolean;
  /** Whether the model gives a default (then {@link FieldSpec.default} holds it). */
  readonly hasDefault: boolean;
  /** The default value. */
  readonly default?: unknown;
  /** Number bounds and whether only whole numbers are allowed. */
  readonly min?: number;
  readonly max?: number;
  readonly integer?: boolean;
  /** The allowed values of a closed set (an enum). */
  readonly values?: readonly string[];
  /** The known fields of a map, in the model's order. */
  readonly keys?: readonly string[];
}

/** A zod schema's internal definition, as far as walking the model needs it. */
interface Def {
  readonly type: string;
  readonly innerType?: z.ZodType;
  readonly defaultValue?: unknown;
  readonly element?: z.ZodType;
  readonly options?: readonly z.ZodType[];
  readonly shape?: Record<string, z.ZodType>;
}

/** The documentation registered for exactly this schema node. */
export function docOf(schema: z.ZodType): FieldDoc | undefined {
  return fieldDocs.get(schema) as FieldDoc | undefined;
}

function defOf(schema: z.ZodType): Def {
  return schema.def as unknown as Def;
}

/** The literal values a (possibly defaulted) literal schema allows. */
function literalValues(schema: z.ZodType): string[] {
  let node = schema;
  while (['default', 'optional'].includes(defOf(node).type)) node = defOf(node).innerType!;
  return defOf(node).type === 'literal' ? [...(node as z.ZodLiteral<string>).values] : [];
}

/** The object schemas a (possibly union) map node offers, in order. */
function objectsOf(schema: z.ZodType): z.ZodObject[] {
  const d = defOf(schema);
  if (d.type === 'object') return [schema as z.ZodObject];
  if (d.type === 'union') return (d.options ?? []).flatMap(objectsOf);
  return [];
}

/**
 * The spec of the field at a dotted path of the model, such as `nodes.count` or `access.peerings[0].createRemote`
 * (`""` is the profile itself). List indexes step into the list's element.
 *
 * @throws Error when the path names no field of the model (a bug in the validator, not bad input).
 */
export function fieldAt(path: string): FieldSpec {
  const key = path.replace(/\[\d+\]/g, '[]');
  let spec = specs.get(key);
  if (!spec) {
    spec = Object.freeze(walk(key));
    specs.set(key, spec);
  }
  return spec;
}

/** Specs already walked, by path with list indexes written `[]` (the validator asks for the same few paths). */
const specs = new Map<string, FieldSpec>();

function walk(path: string): FieldSpec {
  let node: z.ZodType = profileModel;
  let docFound = docOf(node);
  const steps = path === '' ? [] : path.replace(/\[\]/g, '.[]').split('.');
  let hasDefault = false;
  let optional = false;
  let value: unknown;
  let discriminator: string[] | undefined;
  for (let i = 0; ; i++) {
    // Unwrap defaults and optionals, remembering the outermost documentation and default.
    for (;;) {
      const d = defOf(node);
      docFound ??= docOf(node);
      if (d.type === 'default') {
        if (!hasDefault) value = d.defaultValue;
        hasDefault = true;
        node = d.innerType!;
      } else if (d.type === 'prefault') {
        // A map that may be left out: its value is its fields' defaults.
        if (!hasDefault) value = node.parse(undefined);
        hasDefault = true;
        node = d.innerType!;
      } else if (d.type === 'optional') {
        optional = true;
        node = d.innerType!;
      } else break;
    }
    if (i === steps.length) break;
    const step = steps[i]!;
    if (step === '[]') {
      const d = defOf(node);
      if (d.type !== 'array') throw new Error(`profile model: ${path} steps into a list where there is none`);
      node = d.element!;
    } else {
      const owners = objectsOf(node).filter((o) => Object.prototype.hasOwnProperty.call(o.shape, step));
      if (owners.length === 0) throw new Error(`profile model: ${path} names no field of the model`);
      // A union's discriminator (`backend.type`): its closed set is every option's literal.
      discriminator = owners.length > 1 ? owners.flatMap((o) => literalValues(o.shape[step] as z.ZodType)) : undefined;
      node = owners[0]!.shape[step] as z.ZodType;
    }
    docFound = docOf(node);
    hasDefault = false;
    optional = false;
    value = undefined;
  }
  const d = defOf(node);
  const spec: { -readonly [K in keyof FieldSpec]: FieldSpec[K] } = {
    hasDefault,
    optional: optional || hasDefault,
    ...(docFound ? { doc: docFound } : {}),
  };
  if (hasDefault) spec.default = value;
  if (d.type === 'number') {
    const n = node as z.ZodNumber;
    spec.min = n.minValue ?? undefined;
    spec.max = n.maxValue ?? undefined;
    spec.integer = n.isInt;
  }
  const enumNode = d.type === 'union' ? (d.options ?? []).find((o) => defOf(o).type === 'enum') : node;
  if (enumNode && defOf(enumNode).type === 'enum') spec.values = (enumNode as z.ZodEnum).options as string[];
  if (discriminator && discriminator.length > 0) spec.values = discriminator;
  const objects = objectsOf(node);
  if (objects.length > 0) spec.keys = [...new Set(objects.flatMap((o) => Object.keys(o.shape)))];
  return spec;
}
