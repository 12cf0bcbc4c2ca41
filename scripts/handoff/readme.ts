/**
 * The bundle's README.md, generated from the same Terraform model as the HCL and JSON (resources, variables,
 * outputs, settings are read from the configuration) plus the planner's figures, so it cannot drift from what
 * `terraform apply` creates.
 */
import type { BackendProfile, Profile } from '../../stacks/profile/schema';
import { VARIABLES } from '../../stacks/variables';
import { markdownText } from './markdown';
import { describeContributors } from '../preflight/vcpu-demand';
import { renderTopology } from './diagram';
import type { PolicyOutcome } from './policy';
import {
  computeDemand,
  teardownCommands,
  displayExpression,
  nodePool,
  offloadStorage,
  ofType,
  resourceProviders,
  type NodePoolFact,
  type ResourceFact,
  type StorageFact,
} from './model';
import { figure, formatValue, PLANNING_SECTIONS, type PlanningSummary } from './planning';
import { exampleValue, minimalTfvarsPath } from './tfvars';
import { renderPortTable } from '../../constructs/network/vast-ports';
import { AUTHORIZATION_ACTIONS, RESOURCE_TYPE_NAMES, resourceTypeEntry } from '../../constructs/shared/resource-types';
import { parseVirtualNetworkId } from '../../constructs/network/peering';
import { hclLiteral } from './tfvars';
import { compareStrings, text, type Json, type JsonObject, type TerraformDocument } from './terraform';

/** Everything the README is generated from. */
export interface ReadmeInput {
  readonly profile: Profile;
  readonly document: TerraformDocument;
  readonly facts: readonly ResourceFact[];
  readonly plan: PlanningSummary;
  /** Files of the bundle (relative paths), listed in the README. */
  readonly files: readonly string[];
  /** What the policy pack reported. @default - the section says the outcome is not known */
  readonly policy?: PolicyOutcome;
  /** Whether PREFLIGHT.md is part of the bundle. */
  readonly hasPreflight: boolean;
  /** Differences between the preflight report and this profile, accepted by the sender. @default - none */
  readonly preflightMismatches?: readonly string[];
}

/** README section headings, in order: tests and docs name them. */
export const README_SECTIONS = [
  'What is in this bundle',
  'What gets created',
  'Topology',
  'Prerequisites',
  'Deploy',
  'Inputs',
  'Outputs',
  'Connecting clients',
  'Security posture',
  'Planning summary',
  'Policy suppressions',
  'Recovery',
  'Benchmarking the POC',
  'Tear down',
] as const;

/** What every section is rendered from: the input, plus the node pool and the offload account, read once. */
interface ReadmeContext extends ReadmeInput {
  readonly pool: NodePoolFact;
  readonly storage: StorageFact;
}

/** The renderer of each section (one per heading of {@link README_SECTIONS}, which gives their order). */
const SECTIONS: Readonly<Record<(typeof README_SECTIONS)[number], (input: ReadmeContext) => string[]>> = {
  'What is in this bundle': bundleContents,
  'What gets created': whatGetsCreated,
  Topology: topology,
  Prerequisites: prerequisites,
  Deploy: deploy,
  Inputs: inputs,
  Outputs: outputs,
  'Connecting clients': (input) => connectingClients(input.profile, input.document),
  'Security posture': securityPosture,
  'Planning summary': planningSummary,
  'Policy suppressions': policySuppressions,
  Recovery: recovery,
  'Benchmarking the POC': benchmarking,
  'Tear down': tearDown,
};

/** Renders README.md. */
export function renderReadme(input: ReadmeInput): string {
  const context: ReadmeContext = { ...input, pool: nodePool(input.facts), storage: offloadStorage(input.facts) };
  const out = intro(context);
  for (const title of README_SECTIONS) out.push('', `## ${title}`, '', ...SECTIONS[title](context));
  return `${out.join('\n')}\n`;
}

/** The title and the paragraph under it. */
function intro(input: ReadmeContext): string[] {
  const { profile, pool, storage } = input;
  const out: string[] = [];
  out.push(
    `# VAST on Azure proof of concept: \`${profile.name}\``,
    '',
    `${profile.description === undefined ? 'A VAST Data proof-of-concept cluster on Azure.' : markdownText(profile.description)} ` +
      `${pool.instances} × ${pool.vmSize} in ${profile.location}, ${profile.zone === undefined ? 'no zone (regional)' : `zone ${profile.zone}`}, placement mode ` +
      `\`${profile.placement.mode}\`, with an asynchronous offload to Blob storage account \`${storage.name}\` (${storage.replication}).`,
    '',
    'This bundle is plain Terraform: applying it needs Terraform and the Azure CLI, not Node or CDKTF. It was generated',
    `by the vast-azure-poc toolkit (\`npm run handoff\`) from profile \`${profile.name}\`; the documents are generated from`,
    'the same model as the Terraform. Regenerate the bundle rather than editing it by hand.',
  );
  return out;
}

/** The "What is in this bundle" section. */
function bundleContents(input: ReadmeContext): string[] {
  const { profile } = input;
  const out: string[] = [];
  const describe: Record<string, string> = {
    'README.md': 'this file',
    'RUNBOOK.md': 'what to do when a node, a fault domain or the zone is lost; rehydration; tear-down',
    'PREFLIGHT.md': 'what preflight found in the subscription (evidence for a change board)',
    'preflight.json': 'the preflight report itself',
    SHA256SUMS: 'checksums of every file: `sha256sum -c SHA256SUMS`',
    'terraform/terraform.tfvars.example': 'every input with a safe example value',
    [minimalTfvarsPath(profile.name)]: 'only the inputs without a default, optional overrides commented',
    'terraform/versions.tf': 'Terraform and provider version pins, and the state backend (the folder you apply)',
    'terraform/providers.tf': 'the azurerm provider settings',
    'terraform/variables.tf': 'the inputs, with descriptions, types and validation',
    'terraform/main.tf': 'every resource',
    'terraform/outputs.tf': 'what the deployment reports back',
  };
  out.push('| File | What it is |', '|---|---|');
  for (const f of input.files) {
    const what =
      describe[f] ??
      (f.endsWith('/terraform.tfvars.example')
        ? 'the same example inputs, beside the JSON configuration'
        : f.startsWith('terraform-json/')
          ? 'the same configuration as Terraform JSON (apply one of the two folders, never both)'
          : f.startsWith('terraform/')
            ? 'the configuration as HCL (the folder you apply)'
            : f.startsWith('benchmarks/')
              ? 'the POC benchmark kit (see Benchmarking the POC)'
              : '');
    out.push(`| \`${f}\` | ${what} |`);
  }
  return out;
}

/** The "What gets created" section. */
function whatGetsCreated(input: ReadmeContext): string[] {
  const { facts } = input;
  const out: string[] = [];
  out.push(
    `${facts.length} resources, all in one resource group. Terraform addresses are stable: renaming one would replace the resource.`,
    '',
    '| Resource | Azure name | Zone | Purpose | Terraform address |',
    '|---|---|---|---|---|',
  );
  for (const f of facts) {
    const info = resourceTypeEntry(f.type);
    out.push(
      `| ${info?.label ?? f.type} | \`${cell(f.azureName)}\` | ${f.zones.join(', ') || '—'} | ${cell(resourcePurpose(f, info?.purpose, facts))} | \`${f.address}\` |`,
    );
  }
  return out;
}

/** The "Topology" section. */
function topology(input: ReadmeContext): string[] {
  const { facts, pool } = input;
  const out: string[] = [];
  out.push(renderTopology(facts));
  out.push(
    '',
    pool.zones.length > 0
      ? `The scale set is zonal (zone ${pool.zones.join(', ')}) with platform fault domain count ${pool.platformFaultDomainCount}: Azure spreads the nodes across fault domains but does not say which node is in which, so erasure coding is planned against node failures, not fault-domain failures.`
      : regionalPlacementText(pool),
  );
  if (pool.faultDomains.length > 0) {
    out.push(
      '',
      '| Node VM | Platform fault domain |',
      '|---|---|',
      ...pool.faultDomains.map((n) => `| \`${cell(n.name)}\` | ${n.faultDomain} |`),
      '',
      'After apply, `terraform output node_fault_domains` prints the same map. Give it to VAST so no fault domain holds more than m strips of a stripe.',
    );
  }
  return out;
}

/** The "Prerequisites" section. */
function prerequisites(input: ReadmeContext): string[] {
  const { profile, document: doc, facts, pool } = input;
  const out: string[] = [];
  const providers = resourceProviders(facts);
  out.push(
    `- Terraform ${doc.terraform.required_version === undefined ? '1.x' : `\`${text(doc.terraform.required_version)}\` (the configuration's \`required_version\`)`} and the Azure CLI, signed in to the target tenant (\`az login\`).`,
    `- The subscription selected for Terraform: ${
      providerHasSubscription(doc)
        ? 'the configuration names it in the provider block.'
        : '`export ARM_SUBSCRIPTION_ID=$(az account show --query id -o tsv)` (azurerm 4.x requires it).'
    }`,
    `- Resource providers registered: ${providers.map((p) => `\`${p}\``).join(', ')}:`,
    '',
    '  ```sh',
    ...providers.map((p) => `  az provider register --namespace ${p} --wait`),
    '  ```',
    '',
  );
  const demand = computeDemand(facts);
  if (pool.spec && demand) {
    // The variables that change the figure when a customer overrides them (zonal bundles have both).
    const changing = [VARIABLES.location, VARIABLES.nodeCount].filter((v) => doc.variable?.[v] !== undefined);
    const families = demand.families.map(
      (f) => `**${f.vcpus} vCPUs** in family \`${f.family}\` (${describeContributors(f.contributors)})`,
    );
    out.push(
      `- Compute quota in ${profile.location}: ${families.join(', ')} ` +
        `and **${demand.total} vCPUs** in "Total Regional vCPUs" (\`cores\`). Deallocated VMs still count. Check with`,
      `  \`az vm list-usage --location ${profile.location} -o table\`.` +
        (changing.length === 0
          ? ''
          : ` These are the figures for the default${changing.length > 1 ? 's' : ''} of ${changing.map((v) => `\`${v}\``).join(' and ')}; ` +
            `with other values, ${pool.spec.vcpus} vCPUs per node in the region you deploy to.`),
    );
  }
  if (pool.encryptionAtHost) {
    out.push(
      '- The `EncryptionAtHost` feature registered on the subscription (the scale set sets `encryption_at_host_enabled = true`):',
      '',
      '  ```sh',
      '  az feature register --namespace Microsoft.Compute --name EncryptionAtHost',
      '  az feature show --namespace Microsoft.Compute --name EncryptionAtHost --query properties.state  # wait for "Registered"',
      '  az provider register --namespace Microsoft.Compute',
      '  ```',
      '',
    );
  }
  if (pool.capacityReservation) {
    out.push(
      `- Capacity reservation: ${pool.instances} × ${pool.vmSize} are reserved in zone ${profile.zone} and billed whether or not the nodes run.`,
    );
  }
  out.push(
    `- Roles for whoever applies: **Contributor** on the subscription (or on a pre-created resource group)${authorizationRoles(facts)}`,
  );
  out.push(...backendPrerequisites(profile.backend));
  return out;
}

/**
 * The role to hold besides Contributor, for the `Microsoft.Authorization` writes of the types in the configuration
 * (the catalog's `authorizationAction`): the least-privileged built-in role that grants all of them; `.` when none.
 */
function authorizationRoles(facts: readonly ResourceFact[]): string {
  const types = RESOURCE_TYPE_NAMES.filter((t) => ofType(facts, t).length > 0);
  const needed = types.flatMap((t) => {
    const action = resourceTypeEntry(t)?.authorizationAction;
    return action ? [{ label: resourceTypeEntry(t)?.label.toLowerCase() ?? t, action }] : [];
  });
  if (needed.length === 0) return '.';
  // Owner grants everything; the roles each action lists, least-privileged first, that every action shares.
  const [first, ...rest] = needed.map((n) => AUTHORIZATION_ACTIONS[n.action].roles.filter((r) => r !== 'Owner'));
  const roles = (first ?? []).filter((r) => rest.every((list) => list.includes(r)));
  const [role, ...others] = roles;
  const what = needed.map((n) => `a ${n.label}`).join(' and ');
  const actions = needed.map((n) => `\`${n.action}\``).join(', ');
  return `, plus **${role ?? 'Owner'}**${others.length > 0 ? ` (or ${others.join(' or ')})` : ''} on the same scope, because the configuration creates ${what} (${actions}).`;
}

/** The "Deploy" section. */
function deploy(input: ReadmeContext): string[] {
  const { document: doc, profile } = input;
  const out: string[] = [];
  out.push(
    'From the `terraform/` folder (or `terraform-json/`, never both):',
    '',
    '```sh',
    'cd terraform',
    'cp terraform.tfvars.example terraform.tfvars   # then edit every value',
    `# or start from the required inputs only: cp ../${minimalTfvarsPath(profile.name)} terraform.tfvars`,
    'terraform init',
    'terraform plan -out=tfplan',
    'terraform apply tfplan',
    '```',
    '',
    'Inputs can also be given as environment variables instead of a tfvars file:',
    '',
    '```sh',
    ...Object.keys(doc.variable ?? {})
      .sort(compareStrings)
      .map((name) => `export TF_VAR_${name}=${shellQuote(tfVarValue(exampleValue(name, doc.variable![name]!)))}`),
    '```',
    '',
    'The nodes run cloud-init on first boot: it checks that every local NVMe disk is present and raw, tunes the',
    'network, writes `/var/lib/vast-poc/status.json` and then runs the bootstrap script, if the profile had one.',
  );
  return out;
}

/** The "Inputs" section. */
function inputs(input: ReadmeContext): string[] {
  const { document: doc } = input;
  const out: string[] = [];
  out.push('| Variable | Type | Default | Sensitive | Description | Rules |', '|---|---|---|---|---|---|');
  for (const name of Object.keys(doc.variable ?? {}).sort(compareStrings)) {
    const v = doc.variable![name]!;
    out.push(
      `| \`${name}\` | \`${v.type ?? 'any'}\` | ${v.default === undefined ? '(required)' : `\`${cell(JSON.stringify(v.default))}\``} | ${v.sensitive ? 'yes' : 'no'} | ${cell(v.description ?? '')} | ${(v.validation ?? []).map((r) => cell(r.error_message)).join('<br/>')} |`,
    );
  }
  const sensitive = Object.values(doc.variable ?? {}).filter((v) => v.sensitive).length;
  if (sensitive === 0) {
    out.push(
      '',
      'No input is marked sensitive: the only credential is an SSH **public** key, and the configuration holds no secrets.',
    );
  }
  return out;
}

/** The "Outputs" section. */
function outputs(input: ReadmeContext): string[] {
  const { document: doc } = input;
  const out: string[] = [];
  out.push('| Output | Description |', '|---|---|');
  for (const name of Object.keys(doc.output ?? {}).sort(compareStrings)) {
    out.push(`| \`${name}\` | ${cell(doc.output![name]!.description ?? '')} |`);
  }
  return out;
}

/** The "Security posture" section. */
function securityPosture(input: ReadmeContext): string[] {
  const { facts } = input;
  const out: string[] = [];
  out.push(
    'Each setting below is read from the configuration in this bundle; the value shown is the one Terraform applies.',
    '',
    '| Control | Resource | Setting | Why |',
    '|---|---|---|---|',
  );
  for (const type of RESOURCE_TYPE_NAMES) {
    for (const c of resourceTypeEntry(type)?.securityControls ?? []) {
      for (const f of ofType(facts, type)) {
        const v = readPath(f.config, c.path);
        out.push(
          `| \`${c.path.split('/').pop()}\` | \`${cell(f.azureName)}\` | \`${c.path.replace(/\//g, '.')} = ${v === undefined ? '(provider default)' : cell(displayValue(v))}\` | ${c.why} |`,
        );
      }
    }
  }
  out.push('', ...nodeExposure(facts), '', '**Inbound rules** (every NSG ends with an explicit deny-all):', '');
  out.push(
    '| NSG | Priority | Rule | Access | Protocol | Source | Destination | Ports |',
    '|---|---|---|---|---|---|---|---|',
  );
  const nsgNames = new Map(ofType(facts, 'azurerm_network_security_group').map((n) => [n.address, n.azureName]));
  const rules = ofType(facts, 'azurerm_network_security_rule')
    .map((r) => ({ r, nsg: nsgOf(r, nsgNames) }))
    .sort((a, b) => compareStrings(a.nsg, b.nsg) || Number(a.r.config.priority) - Number(b.r.config.priority));
  for (const { r, nsg } of rules) {
    const c = r.config;
    out.push(
      `| \`${nsg}\` | ${text(c.priority)} | ${cell(text(c.name))} | ${text(c.access)} | ${text(c.protocol)} | ${cell(sourceOf(c))} | ${cell(displayExpression(c.destination_address_prefix ?? '*'))} | ${cell(text(c.destination_port_range ?? c.destination_port_ranges ?? '*'))} |`,
    );
  }
  if (rules.length > 0) {
    out.push(
      '',
      'Only the nodes themselves and the admin CIDRs (SSH) can reach the nodes. Clients elsewhere, such as a GPU cluster',
      'in a peered VNet, cannot reach VAST’s data and management ports until you add an Allow rule for their CIDRs and',
      'the ports VAST documents, at a priority below 4096 (the deny-all).',
    );
  }
  for (const ra of ofType(facts, 'azurerm_role_assignment')) {
    out.push(
      '',
      `**Data access:** the node identity holds \`${text(ra.config.role_definition_name)}\` on the storage account only ` +
        '(scope: the account), granted by this configuration; nothing else can read the offloaded data without a role of its own.',
    );
  }
  return out;
}

/** The "Planning summary" section. */
function planningSummary(input: ReadmeContext): string[] {
  const { plan, profile, pool, document } = input;
  const varied = [VARIABLES.location, VARIABLES.nodeCount].filter((v) => document.variable?.[v] !== undefined);
  const out: string[] = [];
  out.push(
    'Figures from the toolkit’s planner for this profile (`npm run plan`), each with its source or formula. Throughput',
    'is NIC-bound (no guest RDMA); prices are list prices in USD from the source named on each line.',
  );
  if (varied.length > 0) {
    out.push(
      `The figures are for ${profile.location} and ${pool.instances} nodes, the default${varied.length > 1 ? 's' : ''} of ` +
        `${varied.map((v) => `\`${v}\``).join(' and ')}: with other values prices, quota and capacity differ; plan them ` +
        'again (`npm run plan` with the profile changed) and run preflight for the new region.',
    );
  }
  out.push(
    '',
    `- **Usable capacity:** ${figure(plan, 'capacity.usableTB')} (${figure(plan, 'capacity.usableTiB')}) from ${figure(plan, 'capacity.rawTB')} raw`,
    `- **Throughput:** read ${figure(plan, 'throughput.readGBps')}, write ${figure(plan, 'throughput.writeGBps')}`,
    `- **Cost:** ${figure(plan, 'cost.monthlyUSD')} (${figure(plan, 'cost.hourlyUSD')})`,
    `- **Recovery:** data-loss window ${figure(plan, 'recovery.rpoWindowHours')}, full rehydration ${figure(plan, 'recovery.rehydrateHours')} (see RUNBOOK.md)`,
  );
  for (const [section, title] of PLANNING_SECTIONS) {
    const rows = plan.metrics.filter((m) => m.section === section);
    if (rows.length === 0) continue;
    out.push('', `### ${title}`, '', '| Metric | Scenario | Value | Unit | Source |', '|---|---|---|---|---|');
    for (const m of rows) {
      out.push(
        `| ${cell(m.metric)} | ${m.scenario === 'cluster' ? '' : cell(m.scenario)} | ${cell(formatValue(m.value))} | ${cell(m.unit)} | ${cell(m.source)} |`,
      );
    }
  }
  return out;
}

/** The "Policy suppressions" section. */
function policySuppressions(input: ReadmeContext): string[] {
  const out: string[] = [];
  const policy = input.policy;
  if (!policy) {
    out.push('The policy pack did not report on this configuration.');
  } else {
    out.push(
      `The toolkit's policy pack ran ${policy.rulesRun} security and reliability rules on this configuration; error findings would have stopped the bundle.`,
      '',
    );
    if (policy.suppressed.length === 0) out.push('No finding was suppressed: every rule passes without an exception.');
    else {
      out.push(
        'Findings accepted as exceptions:',
        '',
        '| Rule | Requirement | Resource | Why it was accepted |',
        '|---|---|---|---|',
      );
      for (const s of policy.suppressed) {
        out.push(`| ${cell(s.ruleId)} | ${cell(s.title)} | \`${cell(s.address)}\` | ${markdownText(s.reason)} |`);
      }
    }
    if (policy.warnings.length > 0) {
      out.push('', 'Open warnings:', '', '| Rule | Requirement | Resource | Finding |', '|---|---|---|---|');
      for (const w of policy.warnings) {
        out.push(`| ${cell(w.ruleId)} | ${cell(w.title)} | \`${cell(w.address)}\` | ${cell(w.detail)} |`);
      }
    }
  }
  return out;
}

/** The "Recovery" section. */
function recovery(input: ReadmeContext): string[] {
  const { plan, storage } = input;
  const out: string[] = [];
  out.push(
    'Local NVMe is ephemeral; durability comes from erasure coding across nodes and the asynchronous offload to',
    `\`${storage.name}\`. The data-loss window is ${figure(plan, 'recovery.rpoWindowHours')} and a full rehydration takes`,
    `${figure(plan, 'recovery.rehydrateHours')} at ${figure(plan, 'recovery.rehydrateGBps')}. RUNBOOK.md says what to do for each failure.`,
  );
  if (input.hasPreflight) out.push('', 'PREFLIGHT.md records what preflight found in the subscription before apply.');
  if (input.preflightMismatches?.length) {
    out.push(
      '',
      '> **Warning: the preflight report does not fit this configuration.** It was packaged anyway',
      '> (`--accept-preflight-mismatch`). Run preflight again for this configuration before apply. Differences:',
      '>',
      ...input.preflightMismatches.map((m) => `> - ${markdownText(m)}`),
    );
  }
  return out;
}

/** The "Benchmarking the POC" section. */
function benchmarking(input: ReadmeContext): string[] {
  const { plan } = input;
  const out: string[] = [];
  out.push(
    '`benchmarks/` holds a fio kit sized from this plan: sequential 1 MiB reads and writes, random 4 KiB reads and a',
    'small-file metadata case, the NFS mount script (`nconnect`) and `run.sh`, which runs each job on every client at',
    "once (over SSH, or locally) and collects fio's JSON output. `benchmarks/README.md` gives each job's planned figure",
    `(the cluster reads ${figure(plan, 'throughput.readGBps')} and writes ${figure(plan, 'throughput.writeGBps')}, NIC-bound) and what each step does.`,
    '',
    '```sh',
    'cd benchmarks',
    'cp clients.example clients.txt           # one line per client: <name> <ssh destination>',
    'ssh <client> sudo sh -s <VIP> < mount.sh  # on every client, each on a different VAST virtual IP',
    'sh run.sh -o results                     # every job on all clients at once; never overwrites results',
    'tar czf results.tgz results',
    '```',
    '',
    'Send `results.tgz` back to your field engineer: `npm run report` compares it with the plan, job by job.',
  );
  return out;
}

/** The "Tear down" section. */
function tearDown(input: ReadmeContext): string[] {
  const { profile, facts } = input;
  const out: string[] = [];
  const created = ofType(facts, 'azurerm_resource_group').length > 0;
  out.push(
    '```sh',
    ...teardownCommands(facts, profile.name),
    '```',
    '',
    created
      ? 'The provider refuses to delete a resource group that still holds resources Terraform did not create\n' +
          '(`prevent_deletion_if_contains_resources`): remove those first. RUNBOOK.md lists how to check that nothing is left.'
      : 'The resource group existed before this configuration and stays: only what the configuration created is destroyed.\n' +
          'RUNBOOK.md lists how to check that nothing is left.',
  );
  return out;
}

function resourcePurpose(f: ResourceFact, base: string | undefined, facts: readonly ResourceFact[]): string {
  const c = f.config;
  switch (f.type) {
    case 'azurerm_subnet': {
      // What uses the subnet, read from the references to it in the configuration.
      const ref = `\${${f.address}.id}`;
      const endpoints = ofType(facts, 'azurerm_private_endpoint').some((e) => e.config.subnet_id === ref);
      const nodes = ofType(facts, 'azurerm_orchestrated_virtual_machine_scale_set').some((v) =>
        JSON.stringify(v.config.network_interface ?? null).includes(ref),
      );
      const use = [nodes ? 'The nodes' : '', endpoints ? 'The storage private endpoints' : '']
        .filter(Boolean)
        .join('; ');
      return `${use || base || ''}: ${displayValue(c.address_prefixes ?? null)}`;
    }
    case 'azurerm_virtual_network':
      return `${base ?? ''}: ${displayValue(c.address_space ?? null)}`;
    case 'azurerm_network_security_rule':
      return `${text(c.access)} ${text(c.protocol)} to port ${text(c.destination_port_range ?? '*')} from ${sourceOf(c)}`;
    case 'azurerm_orchestrated_virtual_machine_scale_set':
      return `${base ?? ''}: ${text(c.instances)} × ${text(c.sku_name)}, fault domain count ${text(c.platform_fault_domain_count)}`;
    case 'azurerm_private_endpoint': {
      const psc = (
        Array.isArray(c.private_service_connection) ? c.private_service_connection[0] : c.private_service_connection
      ) as JsonObject | undefined;
      return `${base ?? ''}: \`${displayValue(psc?.subresource_names ?? null)}\``;
    }
    default:
      return base ?? '';
  }
}

function nodeExposure(facts: readonly ResourceFact[]): string[] {
  const out: string[] = [];
  for (const f of ofType(facts, 'azurerm_orchestrated_virtual_machine_scale_set')) {
    const nics = asList(f.config.network_interface);
    const publicIp = nics.some((n) =>
      asList((n as JsonObject).ip_configuration).some((ip) => (ip as JsonObject).public_ip_address !== undefined),
    );
    out.push(
      publicIp
        ? `**Nodes have public IP addresses** on scale set \`${f.azureName}\`.`
        : `**No node has a public IP address:** inbound reaches the nodes only from inside the VNet and from the admin CIDRs on SSH; outbound leaves through the NAT gateway.`,
    );
  }
  return out;
}

function nsgOf(rule: ResourceFact, names: ReadonlyMap<string, string>): string {
  const ref = /\$\{(azurerm_network_security_group\.[^.]+)\.name\}/.exec(text(rule.config.network_security_group_name));
  return ref ? (names.get(ref[1]!) ?? ref[1]!) : displayExpression(rule.config.network_security_group_name ?? null);
}

function sourceOf(c: JsonObject): string {
  if (c.source_address_prefixes !== undefined) return displayValue(c.source_address_prefixes);
  return displayExpression(c.source_address_prefix ?? '*');
}

function backendPrerequisites(backend: BackendProfile): string[] {
  if (backend.type === 'local') {
    return [
      `- State: kept locally in \`terraform/${backend.path}\` (the \`local\` backend). For a shared team, switch the`,
      '  `backend` block in `versions.tf` to `azurerm` before the first `terraform init`, and keep the state file safe:',
      '  it records resource ids and the public key. A field engineer regenerating this bundle with `--force` is refused',
      '  while state, variables or `.terraform/` are in the folder (nothing of yours is deleted): copy the new bundle',
      '  over a copy of yours, or keep state in the `azurerm` backend.',
    ];
  }
  return [
    `- Remote state in storage account \`${backend.storageAccountName}\`, container \`${backend.containerName}\`, blob`,
    `  \`${backend.key}\` (resource group \`${backend.resourceGroupName}\`), read with your Entra ID login`,
    '  (`use_azuread_auth`). Create it once, before `terraform init`, and give yourself **Storage Blob Data',
    '  Contributor** on it:',
    '',
    '  ```sh',
    `  az group create --name ${backend.resourceGroupName} --location <region>`,
    `  az storage account create --name ${backend.storageAccountName} --resource-group ${backend.resourceGroupName} \\`,
    '    --sku Standard_ZRS --min-tls-version TLS1_2 --allow-blob-public-access false --allow-shared-key-access false',
    `  az storage container create --name ${backend.containerName} --account-name ${backend.storageAccountName} --auth-mode login`,
    '  az role assignment create --assignee "$(az ad signed-in-user show --query id -o tsv)" \\',
    '    --role "Storage Blob Data Contributor" \\',
    `    --scope "$(az storage account show --name ${backend.storageAccountName} --resource-group ${backend.resourceGroupName} --query id -o tsv)"`,
    '  ```',
    '',
    '  To use another state account, override the values at init time:',
    '  `terraform init -backend-config="storage_account_name=<name>" -backend-config="resource_group_name=<rg>"`.',
  ];
}

function providerHasSubscription(doc: TerraformDocument): boolean {
  return Object.values(doc.provider ?? {}).some((cfgs) => cfgs.some((c) => c.subscription_id !== undefined));
}

function readPath(obj: JsonObject, path: string): Json | undefined {
  let cur: Json | undefined = obj;
  for (const part of path.split('/')) {
    if (Array.isArray(cur)) cur = cur[0];
    if (cur === null || cur === undefined || typeof cur !== 'object' || Array.isArray(cur)) return undefined;
    cur = cur[part];
  }
  return cur;
}

function asList(v: Json | undefined): Json[] {
  if (v === undefined || v === null) return [];
  return Array.isArray(v) ? v : [v];
}

function displayValue(v: Json): string {
  if (Array.isArray(v)) return v.map((x) => displayValue(x)).join(', ');
  return typeof v === 'string' ? displayExpression(v) : JSON.stringify(v);
}

function tfVarValue(v: Json): string {
  return typeof v === 'string' ? v : hclLiteral(v);
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** The "Connecting clients" section: who may connect, the NFS mount, the port table, peering. */
function connectingClients(profile: Profile, doc: TerraformDocument): string[] {
  const access = profile.access;
  const out: string[] = [];
  if (profile.network.existing) {
    out.push(
      'The cluster is deployed into your existing network: this configuration creates no NSG, so open the ports below',
      'from your client networks in your own NSG (and nothing else from outside the node subnet).',
      '',
    );
  } else {
    const from = access.clientCidrs
      ? access.clientCidrs.map((c) => `\`${c}\``).join(', ')
      : 'the networks you give in the `client_cidrs` input';
    out.push(
      `Clients reach the nodes from ${from}${profile.clientPool.enabled ? ' and from the client subnet' : ''}` +
        `${access.peerings.length > 0 ? ' (peered networks count only where their addresses are in that list)' : ''}, on the ports of the protocols this cluster offers: ${access.protocols.join(', ')}. ` +
        'The VMS web UI and API (443) and SSH are open only from the admin networks; everything else from outside the node subnet is denied. The `open_ports` output lists the rules after apply.',
      '',
    );
  }
  if (access.protocols.includes('nfs')) {
    out.push(
      'Mount an NFS export from a Linux client (kernel 5.3 or newer for `nconnect`; `nfs-common` or `nfs-utils` installed).',
      "Use an address from the cluster's data virtual IP pool as VMS shows it, and a view path that exports NFS:",
      '',
      '```sh',
      'sudo mkdir -p /mnt/vast',
      'sudo mount -t nfs -o vers=3,proto=tcp,nconnect=8,rsize=1048576,wsize=1048576 <data VIP>:/<view path> /mnt/vast',
      '```',
      '',
    );
  }
  if ((doc.output ?? {})['node_ip_command']) {
    out.push("`terraform output -raw node_ip_command` prints the command that lists every VM's private IP.", '');
  }
  out.push(
    "VAST's ports as this toolkit opens them (from `constructs/network/vast-ports.ts`; the NFSv3 side-band services",
    "(mountd, NLM, statd) and the replication ports could not be confirmed from VAST's pages and are not opened: if",
    'a mount hangs after the portmapper answers, `rpcinfo -p <data VIP>` from a client shows the ports to add):',
    '',
    renderPortTable({ protocols: access.protocols }).trimEnd(),
  );
  const manual = access.peerings.filter((p) => !p.createRemote);
  if (access.peerings.length > 0) {
    out.push(
      '',
      `Peerings: ${access.peerings.map((p) => `\`${parseVirtualNetworkId(p.remoteVirtualNetworkId, 'peering').name}\`${p.createRemote ? ' (both sides created here)' : ' (cluster side created here)'}`).join(', ')}.`,
      manual.length > 0
        ? 'The owner of each network whose side is not created here runs the command in RUNBOOK.md ("Peering") after apply; until then the peering stays "Initiated" and carries no traffic.'
        : 'Both sides are created by this configuration: whoever applies needs Network Contributor (or peering write and peer rights) on the remote networks too.',
    );
  }
  return out;
}

/**
 * The topology paragraph of a regional (fault-domains) cluster: what is known, what is not, and what the layout
 * costs. See docs/placement.md.
 */
function regionalPlacementText(pool: NodePoolFact): string {
  const n = pool.platformFaultDomainCount;
  return (
    `The scale set is regional (no zone) with ${n} platform fault domains, and every node is a VM created in an explicit fault domain (node i in fault domain i mod ${n}), so the failure units are known. ` +
    'The trade-off against zonal placement: no zone is pinned (Azure places the co-located group and reports no zone), and surviving the loss of a whole fault domain costs capacity: ' +
    `with ${n} fault domains the best layout keeps ${n === 2 ? 'half' : `${n - 1}/${n}`} of raw capacity (m ≥ ${n === 2 ? 'k' : `k/${n - 1}`}); the planning section shows it next to the zonal layout of the same nodes.`
  );
}
