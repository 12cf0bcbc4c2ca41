/**
 * The customer profile: one VAST POC deployment described as data, and its validation.
 *
 * `validateProfile` turns untrusted input (parsed YAML or JSON) into a fully defaulted {@link Profile}, or throws a
 * {@link ProfileError} listing every problem, each naming the field, the value received and what is allowed.
 * Each field's own rules (known keys, pattern, bounds, closed set, default) and the types come from the model
 * (`model.ts`); this file walks the input with them and adds the rules that relate fields to each other. The field
 * reference with defaults is `docs/profile.md`, generated from the model.
 */
import { createHash } from 'node:crypto';
import {
  isLSeriesSize,
  lSeriesSpec,
  L_SERIES_SIZES,
  type LSeriesSpec,
} from '../../constructs/compute/l-series-catalog';
import { isReservedAdminUsername, RESERVED_ADMIN_USERNAMES } from '../../constructs/compute/admin-username';
import { cloudInitCustomData, CustomDataTooLargeError } from '../../constructs/compute/cloud-init';
import {
  APPROVABLE_EVENT_TYPES,
  scheduledEventsProblems,
  SCHEDULED_EVENT_TYPES,
  type ApprovableEventType,
} from '../../constructs/compute/scheduled-events';
import { DEFAULT_NODE_IMAGE, MAX_NODE_COUNT, type NodeImage } from '../../constructs/compute/node-pool';
import { DEFAULT_OS_DISK_SIZE_GIB } from '../../constructs/compute/linux-vm-common';
import {
  DEFAULT_MANAGEMENT_SIZE,
  generalPurposeSpec,
  isGeneralPurposeSize,
} from '../../constructs/compute/general-purpose-catalog';
import { CLIENT_PROTOCOLS, DEFAULT_CLIENT_PROTOCOLS, type ClientProtocol } from '../../constructs/network/vast-ports';
import { PLACEMENT_MODES, resolveFaultDomainCount, type PlacementMode } from '../../constructs/compute/placement';
import {
  AZURE_SUBNET_RESERVED_ADDRESSES,
  contains,
  overlaps,
  parseCidr,
  reservedOverlaps,
  type Cidr,
} from '../../constructs/shared/cidr';
import { AVAILABILITY_ZONES } from '../../constructs/shared/validation';
import { OFFLOAD_REPLICATIONS, type OffloadReplication } from '../../constructs/storage/offload-account';
import type { PolicySuppression } from '../../constructs/policy/suppressions';
import { findSecrets } from '../../constructs/shared/secrets';
import { InputError } from '../../lib/failure';
import { BootstrapScriptRefused } from './bootstrap';
import {
  DEFAULT_LOCAL_STATE_PATH,
  DEFAULT_OFFLOAD_NAME_PREFIX,
  fieldAt,
  PROFILE_TAG,
  REQUIRED_TAGS,
  TAG_COUNT_MAX,
  TAG_NAME_MAX,
  TAG_RESERVED_PREFIXES,
  TAG_VALUE_MAX,
  ZONAL_REGIONS,
  ZONELESS_REGIONS,
  type ProfileModelOutput,
} from './model';
import { echo, literalProblem, showInput } from './strings';

/** Availability zones (logical, per subscription). */
export const ZONES = AVAILABILITY_ZONES;
/** A logical availability zone. */
export type Zone = (typeof ZONES)[number];

export { OFFLOAD_REPLICATIONS, PLACEMENT_MODES, type OffloadReplication, type PlacementMode };

/**
 * Smallest node count per placement mode: the smallest erasure-coding layout that survives its failure unit. In
 * `fault-domains` mode the floor is one node per fault domain (2+1 over three, 1+1 over two); the count must also be
 * a multiple of the fault-domain count.
 */
export const MIN_NODES: Readonly<Record<PlacementMode, number>> = {
  // 2+2: two data and two parity strips, one per node, survives any two node losses.
  zonal: 4,
  // 1+1 over two fault domains: one strip in each survives the loss of a whole fault domain.
  'fault-domains': 2,
};

/** Most instances a Flexible scale set holds. */
export const MAX_NODES = MAX_NODE_COUNT;

/** A marketplace image reference. */
export type ImageReference = NodeImage;

/** The image nodes boot when the profile names none. */
export const DEFAULT_IMAGE: ImageReference = DEFAULT_NODE_IMAGE;

/** A type with every property and list read-only, all the way down (a validated profile is never changed). */
type DeepReadonly<T> = T extends readonly (infer E)[]
  ? readonly DeepReadonly<E>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;

/** The model's output: every field the profile file gives, with defaults applied. */
type Model = ProfileModelOutput;

/** The Scheduled Events watcher part of a profile (`nodes.scheduledEvents`). */
export type ScheduledEventsProfile = DeepReadonly<Model['nodes']['scheduledEvents']>;

/** The node pool part of a profile. */
export type NodesProfile = DeepReadonly<Omit<Model['nodes'], 'bootstrapScript'>> & {
  /** Contents of the customer's bootstrap script (run last by cloud-init), when the profile names one. */
  readonly bootstrapScript?: string;
  /** The bootstrap script's path as written in the profile (relative to the profile file). */
  readonly bootstrapScriptPath?: string;
};

/**
 * An existing network to deploy into instead of creating one: the resource ids the network construct takes
 * (`INetwork`), plus the customer's central private DNS zones for the storage endpoints (hub-and-spoke: the
 * private endpoints register in them and no zones or VNet links are created).
 */
export type ExistingNetworkProfile = DeepReadonly<NonNullable<Model['network']['existing']>>;

/**
 * The network part of a profile. `adminCidrs` absent: the customer supplies them at apply time through the
 * `admin_cidrs` Terraform variable. `existing`: deploy into a network the customer already has (no VNet, subnets,
 * NSG or NAT gateway are created).
 */
export type NetworkProfile = DeepReadonly<Model['network']>;

/** Lifecycle rule for offloaded objects. */
export type LifecycleProfile = DeepReadonly<Model['offload']['lifecycle']>;

/** The Blob offload account part of a profile. */
export type OffloadProfile = DeepReadonly<Omit<Model['offload'], 'accountName' | 'namePrefix'>> & {
  /** The final, globally unique storage account name. */
  readonly accountName: string;
};

/** Where Terraform keeps state. */
export type BackendProfile = DeepReadonly<Model['backend']>;

/** Inputs to the planning model that the Terraform does not use (decimal TB per day, percent, Gbps). */
export type PlanningProfile = DeepReadonly<Model['planning']>;

/**
 * A VNet peering to a customer network. `createRemote`: whether this configuration also creates the remote side
 * (same tenant, and the deploying identity may write peerings on the remote network); otherwise the RUNBOOK gives
 * the command the network's owner runs.
 */
export type PeeringProfile = DeepReadonly<Model['access']['peerings'][number]>;

/**
 * How clients reach the cluster: the client protocols offered (each opens VAST's ports for it from the client
 * CIDRs), the client networks (absent: the `client_cidrs` Terraform variable supplies them), and peerings.
 */
export type AccessProfile = DeepReadonly<Model['access']>;

/** The management (VMS) node. */
export type ManagementProfile = DeepReadonly<Model['management']>;

/** The optional client pool (load generators); `subnet` is set when enabled. */
export type ClientPoolProfile = DeepReadonly<Model['clientPool']>;

/**
 * The placement part of a profile. `faultDomainCount` is the scale set's platform fault-domain count: 1 in `zonal`
 * mode; in `fault-domains` mode the profile's `placement.faultDomainCount`, or the region's maximum when it names
 * none.
 */
export type PlacementProfile = DeepReadonly<Required<Model['placement']>>;

/** The diagnostics part of a profile: off, or on with an existing workspace or a created one's retention. */
export type DiagnosticsProfile =
  { readonly enabled: false } | DeepReadonly<Omit<Model['diagnostics'], 'enabled'> & { enabled: true }>;

/** The policy part of a profile: accepted policy findings, each for one rule on one resource path, with the reason. */
export type PolicyProfile = DeepReadonly<NonNullable<Model['policy']>>;

/**
 * A validated, fully defaulted profile: the model's output ({@link ProfileModelOutput}) plus what validation derives
 * (the zone as text, the fault-domain count, the offload account's final name, the bootstrap script's contents).
 */
export type Profile = DeepReadonly<
  Omit<Model, 'location' | 'zone' | 'placement' | 'nodes' | 'offload' | 'diagnostics' | 'tags' | 'policy'>
> & {
  /** The Azure region (one of {@link ZONAL_REGIONS}; typed as text so other tools may name any region). */
  readonly location: string;
  /** The zone everything is pinned to (`zonal` placement); absent in `fault-domains` placement (regional). */
  readonly zone?: Zone;
  readonly placement: PlacementProfile;
  readonly nodes: NodesProfile;
  readonly offload: OffloadProfile;
  /** Diagnostic settings to a Log Analytics workspace; off unless `diagnostics.enabled`. */
  readonly diagnostics: DiagnosticsProfile;
  readonly tags: Readonly<Record<string, string>>;
  /** Policy pack settings (accepted findings); absent when the profile names none. */
  readonly policy?: PolicyProfile;
};

/** One problem with a profile. */
export interface ProfileIssue {
  /** Dotted path of the field, e.g. `nodes.count`. */
  readonly field: string;
  /** What is wrong: names the value received and what is allowed. */
  readonly message: string;
}

/** A profile that failed validation; `issues` lists every problem found. */
export class ProfileError extends InputError {
  constructor(
    readonly source: string,
    readonly issues: readonly ProfileIssue[],
  ) {
    super(`${source}: invalid profile:\n${issues.map((i) => `  - ${i.message}`).join('\n')}`);
    this.name = 'ProfileError';
  }
}

/** The catalog spec of a validated profile's VM size. */
export function profileSpec(profile: Profile): LSeriesSpec {
  return lSeriesSpec(profile.nodes.vmSize, 'nodes.vmSize');
}

/** Options for {@link validateProfile}. */
export interface ValidateOptions {
  /** Name of the input, used in the error. @default "profile" */
  readonly source?: string;
  /**
   * Reads a bootstrap script named by the profile; paths are relative to the profile file. May throw
   * {@link BootstrapScriptRefused} to refuse the file with a rule.
   */
  readonly readFile?: (relativePath: string) => string;
  /** Absolute paths of this machine (profile folder, home, repository) that a bootstrap script must not name. */
  readonly machinePaths?: readonly string[];
}

/**
 * Validates untrusted profile data and applies defaults.
 *
 * @throws ProfileError listing every problem.
 */
export function validateProfile(input: unknown, options: ValidateOptions = {}): Profile {
  const r = new Reader();
  const root = r.object(input, '');
  // Not a map at all (e.g. the path names some other file): that one issue says it all.
  if (!root) throw new ProfileError(options.source ?? 'profile', r.issues);
  const name = r.string(root, 'name');
  const description = r.optionalString(root, 'description');
  const subscriptionId = r.optionalString(root, 'subscriptionId');
  const location = r.string(root, 'location');
  if (location !== undefined && !(ZONAL_REGIONS as readonly string[]).includes(location)) {
    const why = ZONELESS_REGIONS.includes(location) ? ' (it has no availability zones)' : '';
    r.fail(
      'location',
      `location must be an Azure region with availability zones (${ZONAL_REGIONS.join(', ')}), got ${showInput(location)}${why}`,
    );
  }
  const placementIn = r.object(root?.placement ?? {}, 'placement');
  const mode = r.choice<PlacementMode>(placementIn, 'placement.mode');
  let zone: Zone | undefined;
  let faultDomainCount: number | undefined;
  if (mode === 'fault-domains') {
    if (root?.zone !== undefined) {
      r.fail(
        'zone',
        `zone must be left out when placement.mode is "fault-domains", got ${JSON.stringify(root.zone)}: the scale set is regional and Azure places it in no zone (use mode "zonal" to pin a zone)`,
      );
    }
    const requested =
      placementIn?.faultDomainCount === undefined ? undefined : r.number(placementIn, 'placement.faultDomainCount');
    if (location !== undefined && (requested !== undefined || placementIn?.faultDomainCount === undefined)) {
      try {
        faultDomainCount = resolveFaultDomainCount(location, requested);
      } catch (e) {
        r.fail('placement.faultDomainCount', `placement.${(e as Error).message}`);
      }
    }
  } else {
    zone = r.choice<Zone>(root, 'zone', { coerceNumber: true });
    if (placementIn?.faultDomainCount !== undefined) {
      r.fail(
        'placement.faultDomainCount',
        `placement.faultDomainCount must be left out when placement.mode is "${String(mode)}" (a zonal Flexible scale set accepts only 1), got ${JSON.stringify(placementIn.faultDomainCount)}`,
      );
    }
    faultDomainCount = 1;
  }

  const nodes = readNodes(r, root?.nodes, mode, faultDomainCount, options);
  const network = readNetwork(r, root?.network, nodes?.count);
  const clientPool = readClientPool(r, root?.clientPool, network);
  const access = readAccess(r, root?.access, network, clientPool);
  const management = readManagement(r, root?.management);
  if (management.enabled && network && nodes && !network.existing) {
    const subnet = parseCidr(network.nodeSubnet) as Cidr;
    const needed = nodes.count + 1 + AZURE_SUBNET_RESERVED_ADDRESSES;
    if (subnet.size >= nodes.count + AZURE_SUBNET_RESERVED_ADDRESSES && subnet.size < needed) {
      r.fail(
        'management.enabled',
        `management.enabled needs one more address in network.nodeSubnet ${subnet.text} (nodes.count ${nodes.count} + the management node + ${AZURE_SUBNET_RESERVED_ADDRESSES} reserved = ${needed}, the subnet has ${subnet.size}): enlarge the subnet or set management.enabled to false, got true`,
      );
    }
  }
  const offload = readOffload(r, root?.offload, name ?? '', location ?? '', subscriptionId);

  const rgIn = r.object(root?.resourceGroup ?? {}, 'resourceGroup');
  const rgCreate = r.boolean(rgIn, 'resourceGroup.create');
  const crIn = r.object(root?.capacityReservation ?? {}, 'capacityReservation');
  const crEnabled = r.boolean(crIn, 'capacityReservation.enabled');
  if (crEnabled && mode === 'fault-domains') {
    r.fail(
      'capacityReservation.enabled',
      'capacityReservation.enabled must be false when placement.mode is "fault-domains", got true: that mode uses a proximity placement group, and Terraform refuses a scale set with both a proximity placement group and a capacity reservation group',
    );
  }

  const backend = readBackend(r, root?.backend);
  const tags = readTags(r, root?.tags);
  const planning = readPlanning(r, root?.planning);
  const policy = readPolicy(r, root?.policy);
  const diagnostics = readDiagnostics(r, root?.diagnostics);
  const partnerId = r.optionalString(root, 'partnerId');

  if (r.issues.length > 0) throw new ProfileError(options.source ?? 'profile', r.issues);
  return {
    name: name!,
    ...(description === undefined ? {} : { description }),
    ...(subscriptionId === undefined ? {} : { subscriptionId: subscriptionId.toLowerCase() }),
    location: location!,
    ...(zone === undefined ? {} : { zone }),
    placement: { mode: mode!, faultDomainCount: faultDomainCount! },
    nodes: nodes!,
    network: network!,
    access: access!,
    management,
    clientPool: clientPool!,
    offload: offload!,
    capacityReservation: { enabled: crEnabled },
    resourceGroup: { create: rgCreate },
    backend,
    tags,
    planning,
    ...(policy === undefined ? {} : { policy }),
    diagnostics,
    ...(partnerId === undefined ? {} : { partnerId: partnerId.toLowerCase() }),
  };
}

function readDiagnostics(r: Reader, input: unknown): DiagnosticsProfile {
  if (input === undefined || input === null) return { enabled: false };
  const o = r.object(input, 'diagnostics');
  const enabled = r.boolean(o, 'diagnostics.enabled');
  const workspaceId = r.optionalString(o, 'diagnostics.workspaceId');
  const retentionDays = r.optionalNumber(o, 'diagnostics.retentionDays');
  if (workspaceId !== undefined && retentionDays !== undefined) {
    r.fail(
      'diagnostics.retentionDays',
      `diagnostics.retentionDays must not be set with diagnostics.workspaceId (an existing workspace keeps its own retention), got ${retentionDays}`,
    );
  }
  if (!enabled && o && (o.workspaceId !== undefined || o.retentionDays !== undefined)) {
    r.fail(
      'diagnostics.enabled',
      'diagnostics.enabled must be true when workspaceId or retentionDays is set, got false',
    );
  }
  if (!enabled) return { enabled: false };
  return {
    enabled: true,
    ...(workspaceId === undefined ? {} : { workspaceId }),
    ...(retentionDays === undefined ? {} : { retentionDays }),
  };
}

function readNodes(
  r: Reader,
  input: unknown,
  mode: PlacementMode | undefined,
  faultDomainCount: number | undefined,
  options: ValidateOptions,
): NodesProfile | undefined {
  const o = r.object(input, 'nodes');
  const vmSize = r.string(o, 'nodes.vmSize');
  if (vmSize !== undefined) {
    try {
      lSeriesSpec(vmSize, 'nodes.vmSize');
    } catch (e) {
      r.fail('nodes.vmSize', (e as Error).message);
    }
  }
  const count = r.number(o, 'nodes.count');
  if (count !== undefined && mode !== undefined) {
    const min = MIN_NODES[mode];
    if (count < min) {
      r.fail(
        'nodes.count',
        `nodes.count must be at least ${min} for placement mode "${mode}" (the smallest erasure-coding layout it supports), got ${count}`,
      );
    } else if (mode === 'fault-domains' && faultDomainCount !== undefined && count % faultDomainCount !== 0) {
      r.fail(
        'nodes.count',
        `nodes.count must be a multiple of ${faultDomainCount} (the fault-domain count) for placement mode "fault-domains" so every fault domain holds the same number of nodes, got ${count}`,
      );
    }
  }
  const adminUsernameIn = r.string(o, 'nodes.adminUsername');
  const adminUsername =
    adminUsernameIn !== undefined && isReservedAdminUsername(adminUsernameIn)
      ? r.fail(
          'nodes.adminUsername',
          `nodes.adminUsername must be a name the azurerm provider accepts, not one of the ${RESERVED_ADMIN_USERNAMES.length} Linux names it reserves for scale sets and VMs (such as root, admin, adm, backup, sudo, sys, support; listed in constructs/compute/admin-username.ts), got "${adminUsernameIn}"`,
        )
      : adminUsernameIn;
  const encryptionAtHost = r.boolean(o, 'nodes.encryptionAtHost');
  const osDiskSizeGiB = r.number(o, 'nodes.osDiskSizeGiB');
  const imageIn = r.object(o?.image ?? {}, 'nodes.image');
  const image: ImageReference = {
    publisher: r.string(imageIn, 'nodes.image.publisher') ?? '',
    offer: r.string(imageIn, 'nodes.image.offer') ?? '',
    sku: r.string(imageIn, 'nodes.image.sku') ?? '',
    version: r.string(imageIn, 'nodes.image.version') ?? '',
  };
  const scriptPath = r.optionalString(o, 'nodes.bootstrapScript');
  let bootstrapScript: string | undefined;
  if (scriptPath !== undefined) {
    if (!options.readFile) {
      r.fail(
        'nodes.bootstrapScript',
        `nodes.bootstrapScript can only be used in a profile file, got ${showInput(scriptPath)}`,
      );
    } else {
      try {
        bootstrapScript = options.readFile(scriptPath);
      } catch (e) {
        r.fail(
          'nodes.bootstrapScript',
          e instanceof BootstrapScriptRefused
            ? `nodes.bootstrapScript ${e.rule}, got ${showInput(scriptPath)}${e.detail}`
            : `nodes.bootstrapScript must name a readable file relative to the profile, got ${showInput(scriptPath)} (${(e as NodeJS.ErrnoException).code ?? 'unreadable'})`,
        );
      }
      // Custom data can be read back by anyone with read access to the scale set, and it ships in the bundle.
      const leaks = bootstrapScript === undefined ? [] : findSecrets(bootstrapScript, options.machinePaths);
      if (leaks.length > 0) {
        bootstrapScript = undefined;
        r.fail(
          'nodes.bootstrapScript',
          `nodes.bootstrapScript must not hold secrets or machine paths (custom data is readable by anyone who can read the scale set), got ${showInput(scriptPath)} with ${leaks.map((l) => `${l.what} on line ${l.line}`).join(', ')}`,
        );
      }
    }
  }
  const scheduledEvents = readScheduledEvents(r, o?.scheduledEvents);
  if (vmSize === undefined || !isLSeriesSize(vmSize) || count === undefined || adminUsername === undefined) {
    return undefined;
  }
  if (bootstrapScript !== undefined) {
    // The same check the node pool runs at synth, here so that every command (plan too) refuses it as input.
    try {
      cloudInitCustomData({ spec: lSeriesSpec(vmSize, 'nodes.vmSize'), bootstrapScript, scheduledEvents });
    } catch (e) {
      if (!(e instanceof CustomDataTooLargeError)) throw e;
      r.fail(
        'nodes.bootstrapScript',
        `nodes.bootstrapScript ${showInput(scriptPath)} (${Buffer.byteLength(bootstrapScript)} bytes) is too large: ${e.message}`,
      );
    }
  }
  return {
    count,
    vmSize,
    adminUsername,
    encryptionAtHost,
    osDiskSizeGiB: osDiskSizeGiB ?? DEFAULT_OS_DISK_SIZE_GIB,
    image,
    ...(bootstrapScript === undefined ? {} : { bootstrapScript, bootstrapScriptPath: scriptPath }),
    scheduledEvents,
  };
}

/** `nodes.scheduledEvents`: automatic approval (Freeze and Reboot only), the hook, the poll interval. */
function readScheduledEvents(r: Reader, input: unknown): ScheduledEventsProfile {
  const field = 'nodes.scheduledEvents';
  const fallback = structuredClone(fieldAt(field).default) as ScheduledEventsProfile;
  if (input === undefined || input === null) return fallback;
  const o = r.object(input, field);
  const autoApprove: ApprovableEventType[] = [];
  const approveIn: unknown = o?.autoApprove ?? [];
  if (!Array.isArray(approveIn)) {
    r.fail(`${field}.autoApprove`, `${field}.autoApprove must be a list of event types, got ${showInput(approveIn)}`);
  } else {
    const ok: readonly unknown[] = APPROVABLE_EVENT_TYPES;
    approveIn.forEach((t: unknown, i) => {
      if (ok.includes(t)) {
        if (!autoApprove.includes(t as ApprovableEventType)) autoApprove.push(t as ApprovableEventType);
      } else {
        const loses = typeof t === 'string' && (SCHEDULED_EVENT_TYPES as readonly string[]).includes(t);
        r.fail(
          `${field}.autoApprove[${i}]`,
          `${field}.autoApprove[${i}] must be one of ${APPROVABLE_EVENT_TYPES.map((x) => `"${x}"`).join(', ')}, got ${showInput(t)}${loses ? ' (it loses local NVMe data, so it is never approved automatically)' : ''}`,
        );
      }
    });
  }
  let hook: string[] | undefined;
  let hookOk = true;
  if (o && o.hook !== undefined) {
    if (!Array.isArray(o.hook)) {
      hookOk = false;
      r.fail(
        `${field}.hook`,
        `${field}.hook must be a list: an absolute program path and its arguments (run without a shell), got ${showInput(o.hook)}`,
      );
    } else {
      hook = [];
      (o.hook as unknown[]).forEach((a: unknown, i) => {
        const f = `${field}.hook[${i}]`;
        // The same rule as every profile string: no template sequence, no control characters.
        const problem = typeof a === 'string' ? literalProblem(a) : 'must be a string';
        if (problem) {
          hookOk = false;
          r.fail(f, `${f} ${problem}, got ${showInput(a)}`);
        } else hook!.push(a as string);
      });
    }
  }
  const pollSeconds = r.number(o, `${field}.pollSeconds`) ?? fallback.pollSeconds;
  const options: ScheduledEventsProfile = { autoApprove, pollSeconds, ...(hook === undefined ? {} : { hook }) };
  if (hook !== undefined && hookOk) {
    // The watcher's own rules (non-empty, absolute program path), in the profile's field names.
    for (const problem of scheduledEventsProblems({ hook }, field)) r.fail(`${field}.hook`, problem);
  }
  return hookOk ? options : fallback;
}

/** The `network` section: the address space and subnets, the admin CIDRs and an existing network to deploy into. */
function readNetwork(r: Reader, input: unknown, nodeCount: number | undefined): NetworkProfile | undefined {
  const o = r.object(input ?? {}, 'network');
  const space = readAddressSpace(r, o);
  const nodeSubnet = readNetworkCidr(r, o, 'nodeSubnet');
  const peSubnet = readNetworkCidr(r, o, 'privateEndpointSubnet');
  checkSubnets(r, space, nodeSubnet, peSubnet, nodeCount);
  const adminCidrs = o && o.adminCidrs !== undefined ? readAdminCidrs(r, o.adminCidrs) : undefined;
  const existing = o && o.existing !== undefined ? readExistingNetwork(r, o.existing) : undefined;
  if (adminCidrs && o?.existing !== undefined) {
    r.fail(
      'network.adminCidrs',
      "network.adminCidrs must be left out with network.existing (no NSG is created there; allow SSH in the customer's NSG), got a list",
    );
  }
  if (!space || !nodeSubnet || !peSubnet) return undefined;
  return {
    addressSpace: space.text,
    nodeSubnet: nodeSubnet.text,
    privateEndpointSubnet: peSubnet.text,
    ...(adminCidrs ? { adminCidrs } : {}),
    ...(existing ? { existing } : {}),
  };
}

/** One CIDR field of `network` (`addressSpace`, `nodeSubnet`, `privateEndpointSubnet`); undefined when absent or bad. */
function readNetworkCidr(r: Reader, o: Obj | undefined, field: string): Cidr | undefined {
  const fallback = fieldAt(`network.${field}`).default as string;
  const text = r.string(o, `network.${field}`);
  if (text === undefined) return undefined;
  const parsed = parseCidr(text);
  if ('error' in parsed) {
    r.fail(
      `network.${field}`,
      `network.${field} must be an IPv4 CIDR block like ${fallback}, got ${showInput(text)}: it ${parsed.error}`,
    );
    return undefined;
  }
  return parsed;
}

/** `network.addressSpace`, which must not overlap the ranges Azure refuses in a virtual network. */
function readAddressSpace(r: Reader, o: Obj | undefined): Cidr | undefined {
  const space = readNetworkCidr(r, o, 'addressSpace');
  const reserved = space ? reservedOverlaps(space) : [];
  if (space && reserved.length > 0) {
    r.fail(
      'network.addressSpace',
      `network.addressSpace must not overlap ${reserved.join(', ')} (Azure refuses them in a virtual network), got ${showInput(space.text)}`,
    );
  }
  return space;
}

/** The subnets' layout: both inside the address space, apart, the node subnet big enough, the other /29 or larger. */
function checkSubnets(
  r: Reader,
  space: Cidr | undefined,
  nodeSubnet: Cidr | undefined,
  peSubnet: Cidr | undefined,
  nodeCount: number | undefined,
): void {
  if (space && nodeSubnet && !contains(space, nodeSubnet)) {
    r.fail(
      'network.nodeSubnet',
      `network.nodeSubnet must lie inside network.addressSpace ${space.text}, got ${showInput(nodeSubnet.text)}`,
    );
  }
  if (space && peSubnet && !contains(space, peSubnet)) {
    r.fail(
      'network.privateEndpointSubnet',
      `network.privateEndpointSubnet must lie inside network.addressSpace ${space.text}, got ${showInput(peSubnet.text)}`,
    );
  }
  if (nodeSubnet && peSubnet && overlaps(nodeSubnet, peSubnet)) {
    r.fail(
      'network.privateEndpointSubnet',
      `network.privateEndpointSubnet must not overlap network.nodeSubnet ${nodeSubnet.text}, got ${showInput(peSubnet.text)}`,
    );
  }
  const needed = (nodeCount ?? 1) + AZURE_SUBNET_RESERVED_ADDRESSES;
  if (nodeSubnet && nodeSubnet.size < needed) {
    const prefix = 32 - Math.ceil(Math.log2(needed));
    r.fail(
      'network.nodeSubnet',
      `network.nodeSubnet must hold nodes.count (${nodeCount ?? 1}) plus the ${AZURE_SUBNET_RESERVED_ADDRESSES} addresses Azure reserves in every subnet, so /${prefix} or larger, got ${showInput(nodeSubnet.text)} (${Math.max(0, nodeSubnet.size - AZURE_SUBNET_RESERVED_ADDRESSES)} usable addresses)`,
    );
  }
  if (peSubnet && peSubnet.prefix > 29) {
    r.fail(
      'network.privateEndpointSubnet',
      `network.privateEndpointSubnet must be /29 or larger, got ${showInput(peSubnet.text)}`,
    );
  }
}

/** `network.adminCidrs`: the entries that are valid when it is a non-empty list (each bad one is reported). */
function readAdminCidrs(r: Reader, value: unknown): string[] | undefined {
  if (!Array.isArray(value) || value.length === 0) {
    r.fail(
      'network.adminCidrs',
      `network.adminCidrs must be a non-empty list of IPv4 CIDR blocks, got ${showInput(value)}`,
    );
    return undefined;
  }
  const adminCidrs: string[] = [];
  const parsed: Cidr[] = [];
  (value as unknown[]).forEach((v, i) => {
    const field = `network.adminCidrs[${i}]`;
    if (typeof v !== 'string') return r.fail(field, `${field} must be an IPv4 CIDR block, got ${showInput(v)}`);
    const c = parseCidr(v);
    if ('error' in c)
      return r.fail(
        field,
        `${field} must be an IPv4 CIDR block like 203.0.113.0/24, got ${showInput(v)}: it ${c.error}`,
      );
    if (c.prefix < 8) {
      return r.fail(
        field,
        `${field} must not open SSH to the internet (a prefix of /8 or longer is allowed), got ${showInput(v)}`,
      );
    }
    const clash = parsed.find((p) => overlaps(p, c));
    if (clash)
      return r.fail(field, `${field} must not overlap another admin CIDR (${clash.text}), got ${showInput(v)}`);
    parsed.push(c);
    adminCidrs.push(v);
  });
  return adminCidrs;
}

/** `network.existing`: the customer's VNet, its two subnets and optionally the central private DNS zones. */
function readExistingNetwork(r: Reader, value: unknown): ExistingNetworkProfile | undefined {
  let existing: ExistingNetworkProfile | undefined;
  const e = r.object(value, 'network.existing');
  const vnet = r.string(e, 'network.existing.virtualNetworkId');
  const ns = r.string(e, 'network.existing.nodeSubnetId');
  const pe = r.string(e, 'network.existing.privateEndpointSubnetId');
  if (vnet && ns && pe) {
    for (const [field, id] of [
      ['nodeSubnetId', ns],
      ['privateEndpointSubnetId', pe],
    ] as const) {
      if (!id.toLowerCase().startsWith(`${vnet.toLowerCase()}/subnets/`)) {
        r.fail(
          `network.existing.${field}`,
          `network.existing.${field} must be a subnet of ${showInput(vnet)}, got ${showInput(id)}`,
        );
      }
    }
    existing = { virtualNetworkId: vnet, nodeSubnetId: ns, privateEndpointSubnetId: pe };
  }
  if (e && e.privateDnsZoneIds !== undefined) {
    const z = r.object(e.privateDnsZoneIds, 'network.existing.privateDnsZoneIds');
    const zone = (sub: 'blob' | 'dfs') => r.string(z, `network.existing.privateDnsZoneIds.${sub}`);
    const blob = zone('blob');
    const dfs = zone('dfs');
    if (existing && blob && dfs) existing = { ...existing, privateDnsZoneIds: { blob, dfs } };
  }
  return existing;
}

function readCidrList(r: Reader, value: unknown, field: string, what: string): Cidr[] | undefined {
  if (!Array.isArray(value)) {
    r.fail(field, `${field} must be a list of IPv4 CIDR blocks, got ${showInput(value)}`);
    return undefined;
  }
  const parsed: Cidr[] = [];
  let ok = true;
  value.forEach((v: unknown, i) => {
    const f = `${field}[${i}]`;
    if (typeof v !== 'string') {
      ok = false;
      return r.fail(f, `${f} must be an IPv4 CIDR block, got ${showInput(v)}`);
    }
    const c = parseCidr(v);
    if ('error' in c) {
      ok = false;
      return r.fail(f, `${f} must be an IPv4 CIDR block like 10.50.0.0/16, got "${v}": it ${c.error}`);
    }
    if (c.prefix < 8) {
      ok = false;
      return r.fail(f, `${f} must not open ${what} to the internet (a prefix of /8 or longer is allowed), got "${v}"`);
    }
    const clash = parsed.find((p) => overlaps(p, c));
    if (clash) {
      ok = false;
      return r.fail(f, `${f} must not overlap another entry of ${field} (${clash.text}), got "${v}"`);
    }
    parsed.push(c);
  });
  return ok ? parsed : undefined;
}

function readClientPool(r: Reader, input: unknown, network: NetworkProfile | undefined): ClientPoolProfile | undefined {
  const o = r.object(input ?? {}, 'clientPool');
  const enabled = r.boolean(o, 'clientPool.enabled');
  const vmSize = r.string(o, 'clientPool.vmSize');
  if (vmSize !== undefined && !isGeneralPurposeSize(vmSize)) {
    try {
      generalPurposeSpec(vmSize, 'clientPool.vmSize');
    } catch (e) {
      r.fail('clientPool.vmSize', (e as Error).message);
    }
  }
  const count = r.number(o, 'clientPool.count');
  const subnetText = r.optionalString(o, 'clientPool.subnet');
  let subnet: string | undefined;
  if (enabled && subnetText === undefined) {
    r.fail(
      'clientPool.subnet',
      'clientPool.subnet is required when clientPool.enabled is true (an IPv4 CIDR inside network.addressSpace, e.g. 10.40.2.0/24), got nothing',
    );
  }
  if (enabled && network?.existing) {
    r.fail(
      'clientPool.enabled',
      'clientPool.enabled must be false with network.existing (the client subnet is created in a network this configuration creates), got true',
    );
  }
  if (subnetText !== undefined) {
    const c = parseCidr(subnetText);
    if ('error' in c) {
      r.fail(
        'clientPool.subnet',
        `clientPool.subnet must be an IPv4 CIDR block like 10.40.2.0/24, got "${subnetText}": it ${c.error}`,
      );
    } else if (network) {
      const space = parseCidr(network.addressSpace) as Cidr;
      const taken: [string, string][] = [
        ['network.nodeSubnet', network.nodeSubnet],
        ['network.privateEndpointSubnet', network.privateEndpointSubnet],
      ];
      const clash = taken.find(([, t]) => overlaps(parseCidr(t) as Cidr, c));
      if (!contains(space, c)) {
        r.fail(
          'clientPool.subnet',
          `clientPool.subnet must lie inside network.addressSpace ${space.text}, got "${subnetText}"`,
        );
      } else if (clash) {
        r.fail('clientPool.subnet', `clientPool.subnet must not overlap ${clash[0]} ${clash[1]}, got "${subnetText}"`);
      } else if (c.prefix > 29 || c.size < (count ?? 1) + AZURE_SUBNET_RESERVED_ADDRESSES) {
        r.fail(
          'clientPool.subnet',
          `clientPool.subnet must hold clientPool.count (${count ?? 1}) plus the ${AZURE_SUBNET_RESERVED_ADDRESSES} addresses Azure reserves, and be /29 or larger, got "${subnetText}" (${c.size} addresses)`,
        );
      } else {
        subnet = subnetText;
      }
    }
  }
  if (vmSize === undefined || !isGeneralPurposeSize(vmSize) || count === undefined) return undefined;
  return { enabled, vmSize, count, ...(subnet === undefined ? {} : { subnet }) };
}

function readManagement(r: Reader, input: unknown): ManagementProfile {
  const o = r.object(input ?? {}, 'management');
  const enabled = r.boolean(o, 'management.enabled');
  const vmSize = r.string(o, 'management.vmSize');
  if (vmSize !== undefined && !isGeneralPurposeSize(vmSize)) {
    try {
      generalPurposeSpec(vmSize, 'management.vmSize');
    } catch (e) {
      r.fail('management.vmSize', (e as Error).message);
    }
  }
  return { enabled, vmSize: vmSize !== undefined && isGeneralPurposeSize(vmSize) ? vmSize : DEFAULT_MANAGEMENT_SIZE };
}

function readAccess(
  r: Reader,
  input: unknown,
  network: NetworkProfile | undefined,
  clientPool: ClientPoolProfile | undefined,
): AccessProfile | undefined {
  const o = r.object(input ?? {}, 'access');
  let protocols: ClientProtocol[] | undefined = [...DEFAULT_CLIENT_PROTOCOLS];
  if (o && o.protocols !== undefined) {
    const list = `${CLIENT_PROTOCOLS.map((p) => `"${p}"`).join(', ')}`;
    if (!Array.isArray(o.protocols) || o.protocols.length === 0) {
      r.fail('access.protocols', `access.protocols must be a non-empty list of ${list}, got ${showInput(o.protocols)}`);
      protocols = undefined;
    } else {
      const seen: ClientProtocol[] = [];
      (o.protocols as unknown[]).forEach((v, i) => {
        const f = `access.protocols[${i}]`;
        if (typeof v !== 'string' || !(CLIENT_PROTOCOLS as readonly string[]).includes(v)) {
          r.fail(f, `${f} must be one of ${list}, got ${showInput(v)}`);
        } else if (seen.includes(v as ClientProtocol)) {
          r.fail(f, `${f} must not repeat a protocol, got "${v}" twice`);
        } else {
          seen.push(v as ClientProtocol);
        }
      });
      protocols = seen.length === (o.protocols as unknown[]).length ? seen : undefined;
    }
  }
  let clientCidrs: string[] | undefined;
  if (o && o.clientCidrs !== undefined) {
    if (network?.existing) {
      r.fail(
        'access.clientCidrs',
        "access.clientCidrs must be left out with network.existing (no NSG is created there; open the ports in the customer's NSG, see docs/access.md), got a list",
      );
    }
    const parsed = readCidrList(r, o.clientCidrs, 'access.clientCidrs', 'the data ports');
    if (parsed && parsed.length === 0 && !clientPool?.enabled) {
      r.fail(
        'access.clientCidrs',
        'access.clientCidrs must name at least one CIDR unless clientPool.enabled is true, got an empty list',
      );
    }
    if (parsed && network) {
      const own: [string, string][] = [
        ['network.nodeSubnet', network.nodeSubnet],
        ['network.privateEndpointSubnet', network.privateEndpointSubnet],
      ];
      parsed.forEach((c, i) => {
        const clash = own.find(([, t]) => overlaps(parseCidr(t) as Cidr, c));
        if (clash) {
          r.fail(
            `access.clientCidrs[${i}]`,
            `access.clientCidrs[${i}] must not overlap ${clash[0]} ${clash[1]} (hosts there are the cluster, not its clients), got "${c.text}"`,
          );
        }
      });
    }
    if (parsed) clientCidrs = parsed.map((c) => c.text);
  }
  const peerings: PeeringProfile[] = [];
  if (o && o.peerings !== undefined) {
    if (!Array.isArray(o.peerings)) {
      r.fail(
        'access.peerings',
        `access.peerings must be a list of { remoteVirtualNetworkId, createRemote }, got ${showInput(o.peerings)}`,
      );
    } else {
      if (network?.existing && o.peerings.length > 0) {
        r.fail(
          'access.peerings',
          "access.peerings must be empty with network.existing (peer the customer's own network from their side), got a list",
        );
      }
      (o.peerings as unknown[]).forEach((item, i) => {
        const f = `access.peerings[${i}]`;
        const p = r.object(item, f);
        const id = r.string(p, `${f}.remoteVirtualNetworkId`);
        const createRemote = r.boolean(p, `${f}.createRemote`);
        if (id === undefined) return;
        if (peerings.some((x) => x.remoteVirtualNetworkId.toLowerCase() === id.toLowerCase())) {
          r.fail(
            `${f}.remoteVirtualNetworkId`,
            `${f}.remoteVirtualNetworkId must not repeat another peering, got "${id}"`,
          );
          return;
        }
        peerings.push({ remoteVirtualNetworkId: id, createRemote });
      });
    }
  }
  if (protocols === undefined) return undefined;
  return { protocols, ...(clientCidrs ? { clientCidrs } : {}), peerings };
}

/**
 * The storage account name for a prefix: the prefix plus six hex characters derived from the profile name, the
 * location and, when the profile names one, the subscription. The same profile always gets the same name; two
 * profiles sharing a prefix do not collide, and neither do two customers deploying the same shipped profile into
 * their own subscriptions. Storage account names are global: preflight's `storage-name` check confirms it is free.
 */
export function offloadAccountName(
  prefix: string,
  profileName: string,
  location: string,
  subscriptionId?: string,
): string {
  const seed = subscriptionId
    ? `${profileName}\n${location}\n${subscriptionId.toLowerCase()}`
    : `${profileName}\n${location}`;
  const suffix = createHash('sha256').update(seed).digest('hex').slice(0, 6);
  return `${prefix}${suffix}`;
}

function readOffload(
  r: Reader,
  input: unknown,
  profileName: string,
  location: string,
  subscriptionId: string | undefined,
): OffloadProfile | undefined {
  const o = r.object(input ?? {}, 'offload');
  const accountName = r.optionalString(o, 'offload.accountName');
  const namePrefix = r.optionalString(o, 'offload.namePrefix');
  if (o && o.accountName !== undefined && o.namePrefix !== undefined) {
    r.fail(
      'offload.namePrefix',
      'offload.namePrefix must not be set together with offload.accountName: give one or the other',
    );
  }
  const replication = r.choice<OffloadReplication>(o, 'offload.replication');
  const containerName = r.string(o, 'offload.containerName');
  const softDeleteDays = r.number(o, 'offload.softDeleteDays');
  const lc = r.object(o?.lifecycle ?? {}, 'offload.lifecycle');
  const prefix = r.string(lc, 'offload.lifecycle.prefix');
  if (prefix !== undefined && containerName !== undefined && !prefix.startsWith(`${containerName}/`)) {
    r.fail(
      'offload.lifecycle.prefix',
      `offload.lifecycle.prefix must start with the container name "${containerName}/", got ${showInput(prefix)}`,
    );
  }
  const coolAfterDays = r.number(lc, 'offload.lifecycle.coolAfterDays');
  const coldAfterDays = r.optionalNumber(lc, 'offload.lifecycle.coldAfterDays');
  const deleteAfterDays = r.optionalNumber(lc, 'offload.lifecycle.deleteAfterDays');
  if (coolAfterDays !== undefined && coldAfterDays !== undefined && coldAfterDays <= coolAfterDays) {
    r.fail(
      'offload.lifecycle.coldAfterDays',
      `offload.lifecycle.coldAfterDays must be greater than coolAfterDays (${coolAfterDays}), got ${coldAfterDays}`,
    );
  }
  const lastTier = coldAfterDays ?? coolAfterDays;
  if (lastTier !== undefined && deleteAfterDays !== undefined && deleteAfterDays <= lastTier) {
    r.fail(
      'offload.lifecycle.deleteAfterDays',
      `offload.lifecycle.deleteAfterDays must be greater than the last tiering day (${lastTier}), got ${deleteAfterDays}`,
    );
  }
  const deleteLock = r.boolean(o, 'offload.deleteLock');
  const finalName =
    accountName ?? offloadAccountName(namePrefix ?? DEFAULT_OFFLOAD_NAME_PREFIX, profileName, location, subscriptionId);
  if (!replication || !containerName || !prefix || coolAfterDays === undefined || softDeleteDays === undefined)
    return undefined;
  return {
    accountName: finalName,
    replication,
    containerName,
    softDeleteDays,
    deleteLock,
    lifecycle: {
      prefix,
      coolAfterDays,
      ...(coldAfterDays === undefined ? {} : { coldAfterDays }),
      ...(deleteAfterDays === undefined ? {} : { deleteAfterDays }),
    },
  };
}

function readBackend(r: Reader, input: unknown): BackendProfile {
  const fallback = structuredClone(fieldAt('backend').default) as BackendProfile;
  if (input === undefined) return fallback;
  const o = r.object(input, 'backend');
  const type = r.choice(o, 'backend.type');
  if (type === 'local') {
    const path = r.string(o, 'backend.path');
    return { type: 'local', path: path ?? DEFAULT_LOCAL_STATE_PATH };
  }
  const resourceGroupName = r.string(o, 'backend.resourceGroupName');
  const storageAccountName = r.string(o, 'backend.storageAccountName');
  const containerName = r.string(o, 'backend.containerName');
  const key = r.string(o, 'backend.key');
  return {
    type: 'azurerm',
    resourceGroupName: resourceGroupName ?? '',
    storageAccountName: storageAccountName ?? '',
    containerName: containerName ?? '',
    key: key ?? '',
  };
}

function readTags(r: Reader, input: unknown): Record<string, string> {
  // A Map: a tag named "__proto__" must be refused, not swallowed by an object's prototype setter.
  const tags = new Map<string, string>();
  if (input === undefined || input === null || typeof input !== 'object' || Array.isArray(input)) {
    r.fail('tags', `tags must be a map that includes ${REQUIRED_TAGS.join(', ')}, got ${showInput(input)}`);
    return {};
  }
  const seen = new Map<string, string>([[PROFILE_TAG, PROFILE_TAG]]);
  for (const [k, v] of Object.entries(input as Record<string, unknown>)) {
    const field = `tags.${k}`;
    const keyProblem = literalProblem(k);
    const reserved = TAG_RESERVED_PREFIXES.find((p) => k.toLowerCase().startsWith(p));
    const twin = seen.get(k.toLowerCase());
    if (k === '__proto__') {
      r.fail(field, 'tag name "__proto__" is not allowed (it would be lost as an object prototype); choose another');
    } else if (k.length < 1 || k.length > TAG_NAME_MAX || /[<>%&\\?/]/.test(k)) {
      r.fail(
        field,
        `tag name must be 1–${TAG_NAME_MAX} characters (Azure's limit for a storage account, which carries every tag) without < > % & \\ ? /, got ${showInput(k)}`,
      );
    } else if (keyProblem) {
      r.fail(field, `tag name ${keyProblem}, got ${showInput(k)}`);
    } else if (reserved) {
      r.fail(
        field,
        `tag name must not start with ${TAG_RESERVED_PREFIXES.map((p) => `"${p}"`)
          .join(', ')
          .replace(/, ([^,]*)$/, ' or $1')} (reserved by Azure, in any casing), got ${showInput(k)}`,
      );
    } else if (twin === PROFILE_TAG) {
      r.fail(
        field,
        `tags.${k} is the same tag as ${PROFILE_TAG} (Azure tag names ignore case), which is set by the toolkit`,
      );
    } else if (twin !== undefined) {
      r.fail(field, `tags.${k} and tags.${twin} are the same tag (Azure tag names ignore case): keep one`);
    } else if (typeof v === 'string' || typeof v === 'number' || v instanceof Date) {
      seen.set(k.toLowerCase(), k);
      const value = tagValue(r, field, v);
      if (value !== undefined) tags.set(k, value);
    } else {
      r.fail(field, `${field} must be a string, got ${showInput(v)}`);
    }
  }
  if (tags.size > TAG_COUNT_MAX - 1) {
    r.fail(
      'tags',
      `tags must hold at most ${TAG_COUNT_MAX - 1} tags (Azure allows ${TAG_COUNT_MAX} per resource and the toolkit adds ${PROFILE_TAG}), got ${tags.size}`,
    );
  }
  for (const t of REQUIRED_TAGS) {
    if (!tags.get(t) && !r.issues.some((i) => i.field === `tags.${t}`))
      r.fail(
        `tags.${t}`,
        `tags.${t} is required (every POC resource carries ${REQUIRED_TAGS.join(', ')}), got nothing`,
      );
  }
  const expiry = tags.get('expiry');
  if (expiry && !isCalendarDate(expiry)) {
    r.fail('tags.expiry', `tags.expiry must be a real calendar date written YYYY-MM-DD, got ${showInput(expiry)}`);
  }
  return Object.fromEntries([...tags.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** A tag value as text, or undefined (and an issue) when Azure would refuse it. */
function tagValue(r: Reader, field: string, v: string | number | Date): string | undefined {
  if (v instanceof Date) {
    // Only a date without a time of day is a day; anything else would move to another day in some time zone.
    const iso = Number.isNaN(v.getTime()) ? '' : v.toISOString();
    if (!iso.endsWith('T00:00:00.000Z')) {
      return r.fail(field, `${field} must be a real calendar date written YYYY-MM-DD, got ${showInput(v)}`);
    }
    return iso.slice(0, 10);
  }
  const text = String(v);
  const problem = literalProblem(text);
  if (problem) return r.fail(field, `${field} ${problem}, got ${showInput(text)}`);
  if (text.length > TAG_VALUE_MAX) {
    return r.fail(field, `${field} must be at most ${TAG_VALUE_MAX} characters (Azure's limit), got ${text.length}`);
  }
  return text;
}

/** Whether `text` is `YYYY-MM-DD` naming a day that exists (no 2027-13-45, no 29 February 2027). */
function isCalendarDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const day = new Date(Date.UTC(y, mo - 1, d));
  return day.getUTCFullYear() === y && day.getUTCMonth() === mo - 1 && day.getUTCDate() === d;
}

function readPolicy(r: Reader, input: unknown): PolicyProfile | undefined {
  if (input === undefined || input === null) return undefined;
  const o = r.object(input, 'policy');
  const list: unknown = o?.suppressions ?? [];
  if (!Array.isArray(list)) {
    r.fail(
      'policy.suppressions',
      `policy.suppressions must be a list of { rule, path, reason }, got ${showInput(list)}`,
    );
    return undefined;
  }
  const suppressions: PolicySuppression[] = [];
  list.forEach((item: unknown, i) => {
    const field = `policy.suppressions[${i}]`;
    const s = r.object(item, field);
    const rule = r.choice(s, `${field}.rule`);
    const path = r.string(s, `${field}.path`);
    const reason = r.string(s, `${field}.reason`);
    if (rule !== undefined && path !== undefined && reason !== undefined) {
      suppressions.push({ rule, path, reason: reason.trim() });
    }
  });
  return { suppressions };
}

function readPlanning(r: Reader, input: unknown): PlanningProfile {
  const o = r.object(input ?? {}, 'planning');
  return {
    // NaN only stands in for a value that produced an issue: validation then throws before returning it.
    dailyChangeTB: r.number(o, 'planning.dailyChangeTB') ?? Number.NaN,
    reservePercent: r.number(o, 'planning.reservePercent') ?? Number.NaN,
    offloadGbps: r.number(o, 'planning.offloadGbps') ?? Number.NaN,
  };
}

type Obj = Record<string, unknown>;

/** What kind of value `v` is, without any of its content. */
function kindOf(v: unknown): string {
  if (v === undefined || v === null) return 'nothing';
  if (Array.isArray(v)) return 'a list';
  return `a ${typeof v}`;
}

function leaf(path: string): string {
  return path.slice(path.lastIndexOf('.') + 1);
}

/**
 * Reads fields from untrusted objects, collecting one issue per bad field. Every field's rules (allowed keys,
 * pattern and its allowed text, bounds, closed sets, defaults) come from the model ({@link fieldAt}); the messages
 * name the field, the value received and what is allowed.
 */
class Reader {
  readonly issues: ProfileIssue[] = [];

  fail(field: string, message: string): undefined {
    this.issues.push({ field, message });
    return undefined;
  }

  object(v: unknown, path: string): Obj | undefined {
    const allowed = fieldAt(path).keys ?? [];
    const label = path || 'the profile';
    if (v === null || typeof v !== 'object' || Array.isArray(v)) {
      // The whole file (e.g. a profile path that points at a secrets file) is described, never echoed.
      return this.fail(path || '(root)', `${label} must be a map of fields, got ${path ? showInput(v) : kindOf(v)}`);
    }
    for (const k of Object.keys(v)) {
      if (!allowed.includes(k)) {
        const field = path ? `${path}.${k}` : k;
        this.fail(field, `${echo(field)} is not a known field; allowed in ${label}: ${allowed.join(', ')}`);
      }
    }
    return v as Obj;
  }

  private raw(o: Obj | undefined, path: string): unknown {
    // Own properties only: a missing field is absent, never something Object.prototype holds.
    return o && Object.prototype.hasOwnProperty.call(o, leaf(path)) ? o[leaf(path)] : undefined;
  }

  string(o: Obj | undefined, path: string): string | undefined {
    const spec = fieldAt(path);
    const fallback = spec.hasDefault ? (spec.default as string) : undefined;
    const { pattern, allowed, lineBreaks } = spec.doc ?? {};
    const v = this.raw(o, path);
    if (v === undefined || v === null) {
      if (fallback !== undefined) return fallback;
      if (o) this.fail(path, `${path} is required${allowed ? ` (${allowed})` : ''}, got nothing`);
      return undefined;
    }
    if (typeof v !== 'string')
      return this.fail(path, `${path} must be a string${allowed ? ` (${allowed})` : ''}, got ${showInput(v)}`);
    // Every profile string may reach the Terraform or a generated document: none may be a template expression.
    const problem = literalProblem(v, { lineBreaks });
    if (problem) return this.fail(path, `${path} ${problem}, got ${showInput(v)}`);
    if (pattern && !pattern.test(v))
      return this.fail(
        path,
        `${path} must be ${allowed ?? `a string matching ${String(pattern)}`}, got ${showInput(v)}`,
      );
    return v;
  }

  optionalString(o: Obj | undefined, path: string): string | undefined {
    if (this.raw(o, path) === undefined) return undefined;
    return this.string(o, path);
  }

  choice<T extends string>(o: Obj | undefined, path: string, opts: { coerceNumber?: boolean } = {}): T | undefined {
    const spec = fieldAt(path);
    const values = spec.values ?? [];
    let v = this.raw(o, path);
    if (opts.coerceNumber && typeof v === 'number') v = String(v);
    const list = values.map((x) => `"${x}"`).join(', ');
    if (v === undefined || v === null) {
      if (spec.hasDefault) return spec.default as T;
      if (o) this.fail(path, `${path} is required, one of ${list}, got nothing`);
      return undefined;
    }
    if (typeof v !== 'string' || !values.includes(v)) {
      return this.fail(path, `${path} must be one of ${list}, got ${showInput(v)}`);
    }
    return v as T;
  }

  boolean(o: Obj | undefined, path: string): boolean {
    const fallback = fieldAt(path).default;
    if (typeof fallback !== 'boolean') throw new Error(`profile model: ${path} has no boolean default`);
    const v = this.raw(o, path);
    if (v === undefined || v === null) return fallback;
    if (typeof v !== 'boolean') {
      this.fail(path, `${path} must be true or false, got ${showInput(v)}`);
      return fallback;
    }
    return v;
  }

  number(o: Obj | undefined, path: string): number | undefined {
    const spec = fieldAt(path);
    const { min, max, integer } = spec;
    if (min === undefined || max === undefined) throw new Error(`profile model: ${path} has no bounds`);
    const v = this.raw(o, path);
    if (v === undefined || v === null) {
      if (spec.hasDefault) return spec.default as number;
      if (o) this.fail(path, `${path} is required, got nothing`);
      return undefined;
    }
    const kind = integer ? 'a whole number' : 'a number';
    if (typeof v !== 'number' || !Number.isFinite(v) || (integer && !Number.isInteger(v)) || v < min || v > max) {
      return this.fail(path, `${path} must be ${kind} from ${min} to ${max}, got ${showInput(v)}`);
    }
    return v;
  }

  optionalNumber(o: Obj | undefined, path: string): number | undefined {
    if (this.raw(o, path) === undefined) return undefined;
    return this.number(o, path);
  }
}

/** The catalog sizes, re-exported for error messages and docs. */
export { L_SERIES_SIZES };
