import { homedir, tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CHECKSUM_FILE, parseChecksums, sha256 } from '../../scripts/handoff/integrity';
import { figure } from '../../scripts/handoff/planning';
import { README_SECTIONS } from '../../scripts/handoff/readme';
import { buildKitFiles } from '../../scripts/benchmarking/kit';
import { RUNBOOK_SECTIONS } from '../../scripts/handoff/runbook';
import { AZURERM_PROVIDER_VERSION, TERRAFORM_REQUIRED_VERSION } from '../../stacks/vast-poc-stack';
import { bundleFor, FAULT_DOMAINS_PROFILE_PATH, file, type BuiltBundle } from './support';
import { writeProfile } from '../preflight/support';

let bundle: BuiltBundle;
let fd: BuiltBundle;

beforeAll(() => {
  bundle = bundleFor();
  fd = bundleFor(FAULT_DOMAINS_PROFILE_PATH);
});

describe('bundle contents (default profile)', () => {
  it('holds the Terraform in HCL and JSON, the tfvars examples, README, RUNBOOK, the benchmark kit and SHA256SUMS', () => {
    // GIVEN the default profile WHEN the bundle is built THEN every expected file is present
    expect(bundle.files.map((f) => f.path)).toEqual([
      '.vast-azure-poc-bundle',
      'README.md',
      'RUNBOOK.md',
      'SHA256SUMS',
      'benchmarks/README.md',
      'benchmarks/clients.example',
      'benchmarks/jobs/md-create.fio',
      'benchmarks/jobs/md-stat.fio',
      'benchmarks/jobs/rand-read-4k.fio',
      'benchmarks/jobs/seq-read.fio',
      'benchmarks/jobs/seq-write.fio',
      'benchmarks/kit.json',
      'benchmarks/mount.sh',
      'benchmarks/run.sh',
      'examples/vast-poc.tfvars',
      'terraform-json/main.tf.json',
      'terraform-json/terraform.tfvars.example',
      'terraform/main.tf',
      'terraform/outputs.tf',
      'terraform/providers.tf',
      'terraform/terraform.tfvars.example',
      'terraform/variables.tf',
      'terraform/versions.tf',
    ]);
  });

  it('includes the benchmark kit of the same plan under benchmarks/', () => {
    // GIVEN the bundle and the kit bench-kit writes for the same profile WHEN compared THEN the same files
    const kit = buildKitFiles({ profileName: bundle.profile.name, plan: bundle.plan });
    for (const f of kit) expect(file(bundle, `benchmarks/${f.path}`)).toBe(f.content);
  });

  it('leaves no construct metadata in the JSON', () => {
    // GIVEN the bundle WHEN the JSON is read THEN no "//" key or construct path remains
    const json = file(bundle, 'terraform-json/main.tf.json');
    expect(json).not.toContain('"//"');
    expect(json).not.toContain('uniqueId');
    expect(json).not.toContain('"path": "vast-poc/');
  });

  it('pins the azurerm provider by its full source address', () => {
    // GIVEN the bundle WHEN versions.tf is read THEN the provider is hashicorp/azurerm at the bindings' version
    const hcl = file(bundle, 'terraform/versions.tf');
    const version = AZURERM_PROVIDER_VERSION.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    expect(hcl).toMatch(
      new RegExp(`azurerm = \\{\\n\\s+source\\s+= "hashicorp/azurerm"\\n\\s+version = "${version}"\\n`),
    );
  });

  it('states the Terraform versions it accepts in versions.tf and the README prerequisites', () => {
    // GIVEN the bundle WHEN versions.tf and the README are read THEN both carry the stack's required_version
    expect(file(bundle, 'terraform/versions.tf')).toContain(`required_version = "${TERRAFORM_REQUIRED_VERSION}"`);
    expect(file(bundle, 'README.md')).toContain(
      `- Terraform \`${TERRAFORM_REQUIRED_VERSION}\` (the configuration's \`required_version\`) and the Azure CLI`,
    );
  });

  it('keeps state in a local backend with a relative path', () => {
    // GIVEN the default profile (local backend) WHEN versions.tf is read THEN the path is relative
    expect(file(bundle, 'terraform/versions.tf')).toContain('backend "local" {\n    path = "terraform.tfstate"\n  }');
  });

  it('declares every variable with a description, a type and at least one validation block', () => {
    // GIVEN the JSON variables WHEN each is checked THEN description, type and validation are present
    const doc = JSON.parse(file(bundle, 'terraform-json/main.tf.json')) as {
      variable: Record<string, { description?: string; type?: string; validation?: unknown[] }>;
    };
    // (which variables the stack declares is test/stacks/vast-poc-stack.test.ts's business; the bundle has them all)
    const names = Object.keys(doc.variable);
    expect(names).toEqual(Object.keys(bundle.terraform.document.variable ?? {}));
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) {
      const v = doc.variable[name]!;
      expect(v.description, name).toBeTruthy();
      expect(v.type, name).toBeTruthy();
      expect(v.validation?.length, name).toBeGreaterThan(0);
      expect(file(bundle, 'terraform/variables.tf')).toMatch(new RegExp(`variable "${name}" \\{[^]*?validation \\{`));
    }
  });

  it('writes references and conditions as bare expressions in HCL', () => {
    // GIVEN the HCL WHEN references are read THEN they are unwrapped, as terraform fmt would write them
    expect(file(bundle, 'terraform/main.tf')).toContain('name     = var.resource_group_name');
    expect(file(bundle, 'terraform/variables.tf')).toContain(
      'condition     = can(regex("^[-\\\\w._()]{0,89}[-\\\\w_()]$", var.resource_group_name))',
    );
    expect(file(bundle, 'terraform/main.tf')).not.toContain('"${');
  });

  it('gives every variable a safe example value', () => {
    // GIVEN the tfvars example WHEN read THEN every variable is set, with documentation-range CIDRs and a fake key
    const tfvars = file(bundle, 'terraform/terraform.tfvars.example');
    expect(tfvars).toMatch(/^admin_cidrs = \["203\.0\.113\.0\/24", "198\.51\.100\.10\/32"\]$/m);
    expect(tfvars).toMatch(/^resource_group_name = "rg-vast-poc"$/m);
    expect(tfvars).toMatch(/^ssh_public_key = "ssh-ed25519 \S*REPLACE\S* you@example\.com"$/m);
  });

  it('contains no absolute path of this machine and no node_modules reference', () => {
    // GIVEN the machine's folders WHEN every file is scanned THEN none of them appears
    const machine = [resolve(__dirname, '..', '..'), process.cwd(), homedir(), tmpdir()].filter((p) => p.length > 1);
    for (const f of bundle.files) {
      for (const p of machine) expect(f.content.includes(p), `${f.path} contains ${p}`).toBe(false);
      expect(f.content, f.path).not.toContain('node_modules');
    }
  });

  it('lists a correct SHA-256 for every other file', () => {
    // GIVEN SHA256SUMS WHEN each line is checked THEN it covers every other file and every hash matches
    const sums = parseChecksums(file(bundle, CHECKSUM_FILE));
    const others = bundle.files.filter((f) => f.path !== CHECKSUM_FILE);
    expect([...sums.keys()]).toEqual(others.map((f) => f.path));
    for (const f of others) expect(sums.get(f.path), f.path).toBe(sha256(f.content));
  });
});

describe('determinism', () => {
  it('builds byte-identical files from the same profile', () => {
    // GIVEN a second build of the same profile WHEN compared THEN every file has the same bytes
    const again = bundleFor();
    expect(again.files).toEqual(bundle.files);
  });
});

describe('README', () => {
  it('has every section in order', () => {
    // GIVEN the README WHEN its headings are read THEN they are the documented sections in order
    const headings = [...file(bundle, 'README.md').matchAll(/^## (.+)$/gm)].map((m) => m[1]);
    expect(headings).toEqual([...README_SECTIONS]);
  });

  it('says how to run the benchmark kit and send the results back', () => {
    // GIVEN the README WHEN the benchmarking section is read THEN the planned read figure, run.sh and report
    const readme = file(bundle, 'README.md');
    const section = readme.slice(readme.indexOf('## Benchmarking the POC'), readme.indexOf('## Tear down'));
    expect(section).toContain('the cluster reads 41 GB/s and writes 30.75 GB/s');
    expect(section).toContain('sh run.sh -o results');
    expect(section).toContain('`npm run report` compares it with the plan');
  });

  it('lists every resource of the configuration by address', () => {
    // GIVEN the JSON resources WHEN the README is read THEN each address appears in the resource table
    const doc = bundle.terraform.document;
    for (const [type, byName] of Object.entries(doc.resource ?? {})) {
      for (const name of Object.keys(byName)) expect(file(bundle, 'README.md')).toContain(`\`${type}.${name}\``);
    }
  });

  it('draws the topology with the scale set in its zone and fault-domain mode and the private endpoints', () => {
    // GIVEN the README WHEN the Mermaid block is read THEN it shows the scale set placement and the endpoints
    const mermaid = /```mermaid\n([^]*?)```/.exec(file(bundle, 'README.md'))![1]!;
    expect(mermaid).toContain('8 × Standard_L96s_v4<br/>zone 1, fault domain count 1');
    expect(mermaid).toContain('Private endpoint blob');
    expect(mermaid).toContain('Private endpoint dfs');
    expect(mermaid).toMatch(/NAT gateway ng-vast-poc \(zone 1\)/);
  });

  it('states the quota, the EncryptionAtHost feature and the roles needed to apply', () => {
    // GIVEN 8 × L96s_v4 with encryption at host and a role assignment WHEN the prerequisites are read THEN all show
    const readme = file(bundle, 'README.md');
    expect(readme).toContain('**768 vCPUs** in family `standardLsv4Family`');
    expect(readme).toContain('az feature register --namespace Microsoft.Compute --name EncryptionAtHost');
    expect(readme).toContain(
      'plus **User Access Administrator** on the same scope, because the configuration creates a role assignment and a delete lock',
    );
  });

  it('names Role Based Access Control Administrator when there is no delete lock (it cannot create locks)', () => {
    // GIVEN the default profile without the delete lock WHEN the bundle is built
    const profile = writeProfile({
      offload: { deleteLock: false },
      policy: {
        suppressions: [
          { rule: 'VAZ-REL-012', path: 'offload/account', reason: 'a test of the roles line without a lock' },
        ],
      },
    });
    const readme = file(bundleFor(profile), 'README.md');
    // THEN the least-privileged role for the role assignment alone is named
    expect(readme).toContain(
      '(or on a pre-created resource group), plus **Role Based Access Control Administrator** (or User Access Administrator) on the same scope, because the configuration creates a role assignment (`Microsoft.Authorization/roleAssignments/write`).',
    );
  });

  it('shows the planner’s capacity, throughput and recovery figures', () => {
    // GIVEN the planner's plan for the profile WHEN the summary is read THEN its formatted figures appear
    const readme = file(bundle, 'README.md');
    for (const id of [
      'capacity.usableTB',
      'capacity.rawTB',
      'throughput.readGBps',
      'throughput.writeGBps',
      'cost.monthlyUSD',
      'recovery.rpoWindowHours',
      'recovery.rehydrateHours',
    ] as const) {
      expect(readme, id).toContain(figure(bundle.plan, id));
    }
  });

  it('says the planner’s figures are for the defaults of location and node_count', () => {
    // GIVEN the default profile (uksouth, 8 nodes) WHEN the planning summary is read THEN it names the region and
    // count its figures hold for, and which variables change them
    const readme = file(bundle, 'README.md').replace(/\s+/g, ' ');
    expect(readme).toContain(
      'The figures are for uksouth and 8 nodes, the defaults of `location` and `node_count`: with other values prices, quota and capacity differ',
    );
  });

  it('gives the source of every planner metric', () => {
    // GIVEN the planner's metrics WHEN the summary tables are read THEN each metric's source is shown
    const readme = file(bundle, 'README.md').replace(/\\\|/g, '|');
    for (const m of bundle.plan.metrics) expect(readme, m.id).toContain(m.source.replace(/\r?\n/g, ' '));
  });

  it('lists the fault domain of every node and states the trade-off in fault-domains placement', () => {
    // GIVEN the fault-domains profile (UK South, 2 fault domains, 12 nodes) WHEN the README is read
    const readme = file(fd, 'README.md');
    // THEN each node VM appears with its fault domain, and the regional/50 % trade-off is stated
    expect(readme).toContain('| `vast-poc-fd-node-00` | 0 |');
    expect(readme).toContain('| `vast-poc-fd-node-11` | 1 |');
    expect(readme).toContain('terraform output node_fault_domains');
    expect(readme).toMatch(/no zone is pinned .*keeps half of raw capacity \(m ≥ k\)/);
    expect(readme).toContain('12 × Standard_L80s_v3 in uksouth, no zone (regional)');
  });

  it('says how to create the state account when the profile uses azurerm remote state', () => {
    // GIVEN the fault-domains profile (azurerm backend) WHEN the README is read THEN the state account commands show
    const readme = file(fd, 'README.md');
    expect(readme).toContain('az storage account create --name sttfstatevastpoc --resource-group rg-tfstate');
    expect(file(fd, 'terraform/versions.tf')).toContain('backend "azurerm" {');
  });
});

describe('README prerequisites', () => {
  it('say the quota figure is for the location and node_count defaults, and what one node needs otherwise', () => {
    // GIVEN the default (zonal: location and node_count) and fault-domains (location only) bundles
    const quota = (b: BuiltBundle) => /^- Compute quota in [^]*?\n- /m.exec(file(b, 'README.md'))?.[0] ?? '';
    // WHEN the quota item is read THEN it names the variables that change the figure and the per-node need
    expect(quota(bundle)).toContain('defaults of `location` and `node_count`');
    expect(quota(bundle)).toContain('96 vCPUs per node');
    expect(quota(fd)).toContain('default of `location`');
    expect(quota(fd)).not.toContain('node_count');
  });

  it('count the management node and the client pool per family and in Total Regional vCPUs', () => {
    // GIVEN the default bundle (management node on) and one with 4 clients and the management node off
    const quota = (b: BuiltBundle) => /^- Compute quota in [^]*?\n- /m.exec(file(b, 'README.md'))?.[0] ?? '';
    const clients = bundleFor(
      writeProfile({ management: { enabled: false }, clientPool: { enabled: true, subnet: '10.40.2.0/24', count: 4 } }),
    );
    // WHEN the quota item is read THEN each family names its VMs and the regional figure is their sum
    expect(quota(bundle)).toContain(
      '**768 vCPUs** in family `standardLsv4Family` (8 × 96 vCPUs of Standard_L96s_v4 nodes), ' +
        '**8 vCPUs** in family `standardDSv5Family` (1 × 8 vCPUs of Standard_D8s_v5 management node) ' +
        'and **776 vCPUs** in "Total Regional vCPUs" (`cores`)',
    );
    expect(quota(clients)).toContain(
      '**64 vCPUs** in family `standardDSv5Family` (4 × 16 vCPUs of Standard_D16s_v5 clients) ' +
        'and **832 vCPUs** in "Total Regional vCPUs"',
    );
    expect(quota(clients)).not.toContain('management node');
  });
});

describe('RUNBOOK', () => {
  it('has every section in order', () => {
    // GIVEN the RUNBOOK WHEN its headings are read THEN they are the documented sections in order
    const headings = [...file(bundle, 'RUNBOOK.md').matchAll(/^## (.+)$/gm)].map((m) => m[1]);
    expect(headings).toEqual([...RUNBOOK_SECTIONS]);
  });

  it('states RPO and RTO with the planner’s numbers', () => {
    // GIVEN the planner's recovery figures WHEN the objectives table is read THEN RPO and RTO rows carry them
    const runbook = file(bundle, 'RUNBOOK.md');
    expect(runbook).toContain(`| RPO (data-loss window) | ${figure(bundle.plan, 'recovery.rpoWindowHours')} |`);
    expect(runbook).toContain(`| RTO (full rehydration) | ${figure(bundle.plan, 'recovery.rehydrateHours')} |`);
    expect(runbook).toContain(
      `| RTO if Blob is the limit | ${figure(bundle.plan, 'recovery.rehydrateHoursAtOffloadRate')} |`,
    );
  });

  it('names the operations that erase local NVMe', () => {
    // GIVEN the RUNBOOK WHEN the NVMe section is read THEN deallocate, stop, resize, redeploy, host failure, reimage appear
    const section = /## Operations that erase local NVMe\n([^]*?)\n## /.exec(file(bundle, 'RUNBOOK.md'))![1]!;
    for (const op of ['deallocated', 'stopped', 'resized', 'redeployed', 'host failure', 'reimaged']) {
      expect(section).toContain(op);
    }
  });

  it('checks Blob from inside the VNet with Entra ID and verifies tear-down by listing the group', () => {
    // GIVEN the RUNBOOK WHEN the commands are read THEN Blob is listed with --auth-mode login and the group is listed
    const runbook = file(bundle, 'RUNBOOK.md');
    expect(runbook).toContain(
      'az storage blob list --account-name "$ACCOUNT" --container-name vast-offload --auth-mode login',
    );
    expect(runbook).toContain('az resource list --resource-group "$RG"');
  });

  it('replaces a lost node through the Terraform inputs, never by editing main.tf or scaling outside Terraform', () => {
    // GIVEN both shipped profiles WHEN the node-loss step is read
    const step = (b: BuiltBundle) => /^3\. If it is gone.*$/m.exec(file(b, 'RUNBOOK.md'))?.[0] ?? '';
    // THEN zonal points at the node_count variable, fault-domains at terraform apply recreating the VM
    expect(step(bundle)).toContain('`node_count`');
    expect(step(fd)).toContain('`terraform apply` recreates it');
    for (const b of [bundle, fd]) {
      expect(step(b)).not.toContain('`instances` in the configuration');
      expect(step(b)).not.toMatch(/or `az vmss scale`/);
    }
  });

  it('covers fault-domain loss with the planner’s verdict when fault domains are visible', () => {
    // GIVEN the fault-domains profile WHEN its RUNBOOK is read THEN the fault-domain section says the layout survives it
    expect(file(fd, 'RUNBOOK.md')).toContain('The layout survives the loss of a whole fault domain');
  });
});
