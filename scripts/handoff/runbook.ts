/**
 * The bundle's RUNBOOK.md: what happens and what to do when a node, a fault domain or the zone is lost, or the
 * cluster must be rebuilt, with the planner's RPO and RTO figures; how to see what has reached Blob, how to
 * rehydrate, and how to tear down and prove nothing is left.
 */
import {
  EVENT_TYPE_EFFECTS,
  SCHEDULED_EVENT_TYPES,
  SCHEDULED_EVENTS_API_VERSION,
  SCHEDULED_EVENTS_STATE_DIR,
  SCHEDULED_EVENTS_TAG,
} from '../../constructs/compute/scheduled-events';
import type { Profile } from '../../stacks/profile/schema';
import { VARIABLES } from '../../stacks/variables';
import { planPeerings, remotePeeringCommand } from '../../constructs/network/peering';
import {
  nodePool,
  offloadStorage,
  ofType,
  teardownCommands,
  type NodePoolFact,
  type ResourceFact,
  type StorageFact,
} from './model';
import { figure, formatValue, metric, type PlanningSummary } from './planning';
import type { MetricId } from '../planning/metric-ids';

/** Everything the runbook is generated from. */
export interface RunbookInput {
  readonly profile: Profile;
  readonly facts: readonly ResourceFact[];
  readonly plan: PlanningSummary;
}

/** RUNBOOK section headings, in order. */
export const RUNBOOK_SECTIONS = [
  'Recovery objectives',
  'Operations that erase local NVMe',
  'Maintenance and node loss',
  'A node is lost',
  'A fault domain is lost',
  'The zone is lost',
  'The cluster must be rebuilt',
  'Check what has reached Blob',
  'Rehydrate from Blob',
  'Peering',
  'Tear down and verify nothing is left',
] as const;

/** What every section is rendered from: the input, plus the node pool, the offload account and the shared figures. */
interface RunbookContext extends RunbookInput {
  readonly pool: NodePoolFact;
  readonly storage: StorageFact;
  /** The RPO window (`recovery.rpoWindowHours`). */
  readonly rpo: string;
  /** The full rehydration time (`recovery.rehydrateHours`). */
  readonly rto: string;
  /** The full rehydration time at the offload rate (`recovery.rehydrateHoursAtOffloadRate`). */
  readonly rtoSlow: string;
  /** Whether the nodes sit in fault domains the runbook can name (regional scale set, more than one). */
  readonly fdVisible: boolean;
  /** Whether the layout survives the loss of a whole fault domain (`layout.survivesFaultDomainLoss`). */
  readonly survivesFd: boolean;
  /** The shell line that sets `RG` from the Terraform output. */
  readonly rg: string;
}

/** The renderer of each section (one per heading of {@link RUNBOOK_SECTIONS}, which gives their order). */
const SECTIONS: Readonly<Record<(typeof RUNBOOK_SECTIONS)[number], (input: RunbookContext) => string[]>> = {
  'Recovery objectives': recoveryObjectives,
  'Operations that erase local NVMe': nvmeErasingOperations,
  'Maintenance and node loss': maintenance,
  'A node is lost': nodeLost,
  'A fault domain is lost': faultDomainLost,
  'The zone is lost': zoneLost,
  'The cluster must be rebuilt': rebuild,
  'Check what has reached Blob': blobContents,
  'Rehydrate from Blob': rehydrate,
  Peering: (input) => peeringSteps(input.profile, input.rg),
  'Tear down and verify nothing is left': tearDown,
};

/** Renders RUNBOOK.md. */
export function renderRunbook(input: RunbookInput): string {
  const { plan, facts } = input;
  const pool = nodePool(facts);
  const context: RunbookContext = {
    ...input,
    pool,
    storage: offloadStorage(facts),
    rpo: figure(plan, 'recovery.rpoWindowHours'),
    rto: figure(plan, 'recovery.rehydrateHours'),
    rtoSlow: figure(plan, 'recovery.rehydrateHoursAtOffloadRate'),
    fdVisible: pool.zones.length === 0 && pool.platformFaultDomainCount > 1,
    survivesFd: metric(plan, 'layout.survivesFaultDomainLoss').value === true,
    rg: 'RG=$(terraform output -raw resource_group_name)',
  };
  const out = intro(context);
  for (const title of RUNBOOK_SECTIONS) out.push('', `## ${title}`, '', ...SECTIONS[title](context));
  return `${out.join('\n')}\n`;
}

/** The title and the paragraph under it. */
function intro(input: RunbookContext): string[] {
  const { profile, pool, storage } = input;
  return [
    `# Recovery runbook: \`${profile.name}\``,
    '',
    `${pool.instances} × ${pool.vmSize} in ${profile.location} ${profile.zone === undefined ? '(regional, no zone)' : `zone ${profile.zone}`}; offload to \`${storage.name}\` ` +
      `(${storage.replication}), container \`${storage.containerName}\`. Figures come from the toolkit’s planner for this profile;`,
    'each names its source in README.md (Planning summary). Run the `terraform output` commands from the `terraform/` folder.',
  ];
}

/** The "Recovery objectives" section: RPO, RTO and node failures survived, from the planner. */
function recoveryObjectives(input: RunbookContext): string[] {
  const { plan, rpo, rto, rtoSlow } = input;
  const keepsUp = metric(plan, 'recovery.offloadKeepsUp').value === true;
  return [
    '| Objective | Figure | What it means |',
    '|---|---|---|',
    `| RPO (data-loss window) | ${rpo} | Asynchronous offload: data written in the last ${rpo} may not be in Blob yet.${keepsUp ? '' : ' **Offload does not keep up with the daily change: the window grows without bound.**'} |`,
    `| Data at risk, worst case | ${figure(plan, 'recovery.peakUnoffloadedTB')} | A day’s change (${figure(plan, 'recovery.dailyChangeTB')}) written in one burst at full speed, offloaded at ${figure(plan, 'recovery.offloadGBps')}. |`,
    `| RTO (full rehydration) | ${rto} | Writing the usable capacity (${figure(plan, 'capacity.usableTB')}) back from Blob at ${figure(plan, 'recovery.rehydrateGBps')} (the lower of the cluster’s write bandwidth and the storage account’s default egress target), once the nodes are running. |`,
    `| RTO if Blob is the limit | ${rtoSlow} | The same at the offload rate, if the storage account rather than the cluster limits the transfer. |`,
    `| Node failures survived | ${figure(plan, 'layout.nodeFailuresTolerated')} | Erasure coding with ${count(plan, 'layout.k')} data and ${count(plan, 'layout.m')} parity fragments per stripe. |`,
    '',
    'Add the time to deploy new nodes (minutes for the scale set; longer if the size is short in the zone) and to',
    'install VAST to the RTO. The planner does not model metadata rebuild; the account’s egress target can be raised by',
    'a support request, which shortens the RTO only while the cluster’s write bandwidth is higher.',
  ];
}

/** The "Operations that erase local NVMe" section. */
function nvmeErasingOperations(input: RunbookContext): string[] {
  const { pool } = input;
  return [
    `The local NVMe disks of ${pool.vmSize} are ephemeral: their contents are **lost** when a VM`,
    '',
    '- is **deallocated** or **stopped** from the portal or with `az vm deallocate` / `az vmss deallocate`;',
    '- is **resized** or **redeployed** (`az vm redeploy`), or moved to another host by a **host failure** (service healing);',
    '- is **reimaged** or deleted (scale-in, `az vmss delete-instances`), or recreated by an automatic repair (turned off here);',
    '- is evicted (Spot; not used here: the nodes are Regular priority).',
    '',
    'A guest reboot (`sudo reboot`, `az vm restart`) keeps the data, and so does memory-preserving host maintenance.',
    'Never deallocate more nodes at once than the erasure coding survives; stop VAST cleanly before any planned',
    'operation on more than one node.',
  ];
}

/** The "Maintenance and node loss" section: Scheduled Events, what each type does, how to approve one. */
function maintenance(input: RunbookContext): string[] {
  const { profile, plan, fdVisible, survivesFd } = input;
  const se = profile.nodes.scheduledEvents;
  const tolerated = figure(plan, 'layout.nodeFailuresTolerated');
  const imds = `http://169.254.169.254/metadata/scheduledevents?api-version=${SCHEDULED_EVENTS_API_VERSION}`;
  return [
    'Azure announces planned maintenance on a node through Scheduled Events, minutes to days before it starts (`NotBefore`).',
    `Every node runs \`${SCHEDULED_EVENTS_TAG}.service\`, which polls the metadata service every ${se.pollSeconds} s and logs each event.`,
    '',
    '| Event type | Local NVMe data | What happens | Approved by the watcher |',
    '|---|---|---|---|',
    ...SCHEDULED_EVENT_TYPES.map((t) => {
      const e = EVENT_TYPE_EFFECTS[t];
      const auto = (se.autoApprove as readonly string[]).includes(t);
      return `| ${t} | ${e.keepsNvme ? 'kept' : '**lost**'} | ${e.meaning} | ${auto ? 'yes (profile opt-in)' : e.keepsNvme ? 'no' : 'never'} |`;
    }),
    '',
    `This layout survives the loss of **${tolerated}** at once${fdVisible ? `, and ${survivesFd ? '' : '**not** '}the loss of a whole fault domain` : ''} (planner:`,
    `\`layout.nodeFailuresTolerated\`${fdVisible ? ', `layout.survivesFaultDomainLoss`' : ''}). A Redeploy or Terminate on more nodes than that, before VAST has`,
    'rebuilt the earlier ones, loses data that is not yet in Blob.',
    '',
    'See events on a node:',
    '',
    '```sh',
    `journalctl -t ${SCHEDULED_EVENTS_TAG} --since "-1d"          # new / changed / ended / approved events`,
    `cat ${SCHEDULED_EVENTS_STATE_DIR}/last.json                 # the last document the metadata service sent`,
    `curl -s -H Metadata:true "${imds}"`,
    '```',
    '',
    'Events reach every node of the scale set; `Resources` names the nodes they affect. Before approving one (or letting',
    '`NotBefore` pass):',
    '',
    '1. Count the nodes with a pending event that loses NVMe (Redeploy, Terminate): it must not exceed the losses above,',
    '   counting nodes still being rebuilt.',
    '2. Check VAST: every stripe healthy, no rebuild running, the offload caught up (the RPO window above).',
    '3. For a Redeploy, drain or fail over the node in VAST first; it comes back with empty NVMe (see "A node is lost").',
    `4. Approve only when ready: \`curl -s -H Metadata:true -X POST -d '{"StartRequests":[{"EventId":"<EventId>"}]}' "${imds}"\``,
    '   on a node of the scale set (IMDS answers only inside a VM). Otherwise Azure starts the event at `NotBefore`.',
    '',
    se.hook
      ? `Each new event also runs the profile's hook \`${se.hook[0]}\` with the event on stdin and in \`VAST_EVENT_*\` variables.`
      : 'No hook is configured (`nodes.scheduledEvents.hook`): someone must watch the journal, or forward it to monitoring.',
  ];
}

/** The "A node is lost" section. */
function nodeLost(input: RunbookContext): string[] {
  const { facts, plan, profile, rg } = input;
  return [
    `Erasure coding keeps every stripe readable after up to ${count(plan, 'layout.nodeFailuresTolerated')} node failures; reads of the lost`,
    'fragments are reconstructed from the others until the node is rebuilt. Nothing needs Blob.',
    '',
    '1. Find the node: `az vmss list-instances --resource-group "$RG" --name ' +
      `${vmssName(facts)} --query "[].{name:name, state:provisioningState}" -o table\` (after \`${rg}\`).`,
    '2. If it came back on a new host, its NVMe is empty: `/var/lib/vast-poc/status.json` on the node says whether the disks',
    '   are present and raw. Let VAST rebuild onto it (or onto a spare node) before touching another node.',
    profile.placement.mode === 'zonal'
      ? `3. If it is gone, \`terraform apply\` brings the scale set back to \`${VARIABLES.nodeCount}\` instances (\`az vmss scale\` alone is undone by the next apply); for an extra node, raise \`${VARIABLES.nodeCount}\` in terraform.tfvars first. Let VAST rebuild onto it.`
      : '3. If it is gone, `terraform apply` recreates it with the same name, NIC and fault domain (`terraform plan` shows which); let VAST rebuild onto it.',
    `   Spare nodes for rebuilds: ${count(plan, 'layout.spareNodesForRebuild')}.`,
    '',
    `If more than ${count(plan, 'layout.nodeFailuresTolerated')} nodes are lost at once, data not yet offloaded (up to the RPO window) is lost;`,
    'follow "The cluster must be rebuilt".',
  ];
}

/** The "A fault domain is lost" section: visible fault domains or a zonal spread Azure does not expose. */
function faultDomainLost(input: RunbookContext): string[] {
  const { plan, pool, fdVisible, survivesFd } = input;
  if (fdVisible) {
    return [
      `The nodes are spread over ${pool.platformFaultDomainCount} visible fault domains (regional scale set, node i in fault domain i mod ${pool.platformFaultDomainCount}; \`terraform output node_fault_domains\` lists them), so the nodes of a lost fault domain are known.`,
      survivesFd
        ? `The layout survives the loss of a whole fault domain (planner: ${count(plan, 'layout.survivesFaultDomainLoss')}); afterwards it survives ${count(plan, 'layout.nodeFailuresAfterFaultDomainLoss')} more node failure(s). Rebuild as for lost nodes once the fault domain returns or new nodes are added.`
        : 'The layout does **not** survive the loss of a whole fault domain: treat it as "The cluster must be rebuilt".',
    ];
  }
  return [
    `The scale set is zonal with fault domain count ${pool.platformFaultDomainCount}: Azure spreads the nodes across fault domains but does not`,
    'say which node is where, so a fault-domain outage takes out an unknown number of nodes. If it takes out no',
    `more than ${count(plan, 'layout.nodeFailuresTolerated')} nodes, proceed as for a lost node; otherwise follow "The cluster must be rebuilt".`,
    `Fault-domain loss is ${figure(plan, 'layout.survivesFaultDomainLoss') === 'no' ? 'not covered by this layout' : 'covered'} (planner: ${figure(plan, 'layout.survivesFaultDomainLoss')}).`,
  ];
}

/** The "The zone is lost" section. */
function zoneLost(input: RunbookContext): string[] {
  const { profile, storage, rpo } = input;
  const zrs = storage.replication === 'ZRS';
  return [
    profile.zone === undefined
      ? 'The cluster is regional and Azure reports no zone for it: assume the co-located nodes share one zone, so a zone outage stops the cluster; local NVMe contents should be assumed lost.'
      : `Every node is in zone ${profile.zone}, so a zone outage stops the cluster; local NVMe contents should be assumed lost.`,
    zrs
      ? `The offload account is ZRS: offloaded data stays readable from the other zones.`
      : `The offload account is ${storage.replication}: its copies sit in one datacenter, which may be in the lost zone, so offloaded data may be unavailable until the zone returns.`,
    '',
    '1. Decide whether to wait for the zone or to rebuild elsewhere.',
    `2. To rebuild, change the profile's \`zone\` (run preflight for the new zone first), regenerate the bundle, apply it, and`,
    `   follow "Rehydrate from Blob". Data written in the last ${rpo} before the outage may be missing.`,
    '3. The private endpoints, DNS zones and the storage account are regional and survive; only the nodes, NAT gateway and',
    '   its public IP are zonal.',
  ];
}

/** The "The cluster must be rebuilt" section. */
function rebuild(input: RunbookContext): string[] {
  const { plan, pool, rto, rtoSlow } = input;
  return [
    'When more nodes are lost than the erasure coding survives, or VAST must be reinstalled:',
    '',
    '1. Establish the recovery point from VAST’s own offload records (the last completed offload checkpoint), not from',
    '   object times: offload is asynchronous and not ordered, so an older object can still be missing after a newer one',
    '   has landed. The listing below shows what is in Blob.',
    '2. Replace the nodes: `terraform apply -replace=' + `${pool.address}\` (every node starts with empty NVMe).`,
    '3. Install VAST and rehydrate (below).',
    `4. Expect ${rto} for the rehydration at ${figure(plan, 'recovery.rehydrateGBps')} (up to ${rtoSlow} if Blob delivers no more than the offload rate).`,
  ];
}

/** The "Check what has reached Blob" section. */
function blobContents(input: RunbookContext): string[] {
  const { storage } = input;
  const acct = 'ACCOUNT=$(terraform output -raw storage_account_name)';
  return [
    'The account has no public endpoint and no keys: run these **from inside the VNet** (a node, or a jump host in a',
    'peered network) with an Entra ID identity that holds a Storage Blob Data role on the account. On a node, the',
    'managed identity already has one: `az login --identity --client-id "$(terraform output -raw identity_client_id)"`.',
    '',
    '```sh',
    acct,
    `az storage blob list --account-name "$ACCOUNT" --container-name ${storage.containerName} --auth-mode login \\`,
    '  --num-results "*" --query "sort_by([], &properties.lastModified)[-5:].{name:name, modified:properties.lastModified}" -o table',
    `az storage fs directory list --account-name "$ACCOUNT" --file-system ${storage.containerName} --auth-mode login -o table`,
    '```',
    '',
    '`--num-results "*"` pages through the whole container (slow for millions of objects: for those, enable blob inventory',
    'on the account and read its report). The newest `lastModified` says how recent the offload is, but it is not the',
    'recovery point: take that from VAST’s offload records.',
    `Deleted objects stay recoverable for ${storage.softDeleteDays ?? 'the soft-delete'} days (soft delete).`,
  ];
}

/** The "Rehydrate from Blob" section. */
function rehydrate(input: RunbookContext): string[] {
  const { plan, storage, rto } = input;
  return [
    'Rehydration reads the offloaded data back through the private endpoint and writes it into the cluster. Use',
    'VAST’s own restore from its Blob target; for a plain copy of objects, azcopy with the node identity works too:',
    '',
    '```sh',
    'azcopy login --identity --identity-client-id "<identity_client_id output>"',
    `azcopy copy "https://<storage_account_name>.blob.core.windows.net/${storage.containerName}/<path>" "<cluster mount>" --recursive`,
    '```',
    '',
    `At ${figure(plan, 'recovery.rehydrateGBps')} (the lower of the cluster’s write bandwidth and the account’s egress target) a full rehydration takes ${rto}; objects tiered`,
    'to Cool or Cold are read at the same speed but cost more per GB read.',
  ];
}

/** The "Tear down and verify nothing is left" section. */
function tearDown(input: RunbookContext): string[] {
  const { profile, facts, storage } = input;
  return [
    '```sh',
    ...teardownCommands(facts, profile.name),
    '```',
    '',
    `Also check that nothing outside the group remains: role assignments for the node identity disappear with it;`,
    `the \`${ofType(facts, 'azurerm_storage_account').length ? storage.name : 'offload'}\` account name becomes available again after deletion. Azure may have`,
    'created `NetworkWatcherRG` for the region; it is shared and not part of this deployment.',
    'Destroying the cluster erases all local NVMe data; only what reached Blob before the account was deleted survives,',
    'and deleting the account deletes that too.',
  ];
}

/** A planner figure's bare value (a count, or yes/no), without its unit. */
function count(plan: PlanningSummary, id: MetricId): string {
  return formatValue(metric(plan, id).value);
}

function vmssName(facts: readonly ResourceFact[]): string {
  return (
    ofType(facts, 'azurerm_orchestrated_virtual_machine_scale_set').find((f) => f.address === nodePool(facts).address)
      ?.azureName ?? '<scale set>'
  );
}

/** The "Peering" section: the remote side's command for each peering this configuration does not complete. */
function peeringSteps(profile: Profile, rg: string): string[] {
  const peerings = profile.access.peerings;
  if (peerings.length === 0) {
    return ['This cluster is not peered with any network (profile `access.peerings` is empty).'];
  }
  // The same names the configuration uses.
  const built = planPeerings(profile.name, peerings);
  const manual = built.filter((p) => !p.createRemote);
  const out = [
    'A peering carries traffic only once both sides exist ("Connected"). Clients in a peered network also need their',
    "addresses in `client_cidrs` (or the profile's `access.clientCidrs`): peering alone opens no port.",
    '',
  ];
  if (manual.length === 0) {
    out.push('Both sides of every peering are created by this configuration.');
    return out;
  }
  out.push(
    'The owner of each network below runs its command after `terraform apply` (role: Network Contributor on that',
    'network, or a role with `virtualNetworkPeerings/write` and `peer/action`), from the `terraform/` folder:',
    '',
    '```sh',
    rg,
    `VNET_ID=$(az network vnet show --resource-group "$RG" --name vnet-${profile.name} --query id -o tsv)`,
    ...manual.map((p) => remotePeeringCommand(p, '$VNET_ID').replace("'$VNET_ID'", '"$VNET_ID"')),
    '```',
    '',
    'Check with `az network vnet peering list --resource-group "$RG" --vnet-name vnet-' +
      profile.name +
      ' --query "[].{name:name,state:peeringState}" -o table`: every peering should read `Connected`.',
  );
  return out;
}
