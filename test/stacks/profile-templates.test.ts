/**
 * Issue 10 item 6: no profile string ever reaches the Terraform as a template expression. The string fields are
 * enumerated from the schema itself (its "allowed in …" lists), so a field added later is covered or the test fails.
 */
import { describe, expect, it } from 'vitest';
import { renderHcl } from '../../scripts/handoff/hcl';
import { cleanTerraform, type TerraformModel } from '../../scripts/handoff/terraform';
import { validateProfile } from '../../stacks/profile/schema';
import { AZURERM_PROVIDER_VERSION } from '../../stacks/vast-poc-stack';
import { baseProfileData, profileIssues, synthStack } from '../support/terraform';

type Data = Record<string, unknown>;

const SUB = '/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-net/providers';

/** Two profiles that between them set every field the schema knows (some fields exclude each other). */
function maximalProfiles(): Data[] {
  const common = (): Data => ({
    ...baseProfileData(),
    description: 'A POC',
    subscriptionId: '11111111-1111-1111-1111-111111111111',
    placement: { mode: 'zonal' },
    nodes: {
      count: 8,
      vmSize: 'Standard_L96s_v4',
      adminUsername: 'vastadmin',
      encryptionAtHost: true,
      osDiskSizeGiB: 64,
      image: { publisher: 'Canonical', offer: 'ubuntu-24_04-lts', sku: 'server', version: 'latest' },
      bootstrapScript: 'bootstrap.sh',
      scheduledEvents: {
        autoApprove: ['Freeze', 'Reboot'],
        hook: ['/opt/vast/bin/on-event', '--notify'],
        pollSeconds: 10,
      },
    },
    partnerId: '8c2b5a4e-1f3d-4e6a-9b7c-0d1e2f3a4b5c',
    capacityReservation: { enabled: false },
    resourceGroup: { create: true },
    planning: { dailyChangeTB: 10, reservePercent: 10, offloadGbps: 10 },
    policy: { suppressions: [{ rule: 'VAZ-SEC-012', path: 'nodes/vmss', reason: 'accepted by the customer' }] },
  });
  const lifecycle = { prefix: 'vast-offload/', coolAfterDays: 30, coldAfterDays: 60, deleteAfterDays: 90 };
  // The first is a fault-domains cluster (regional: no zone, an explicit fault-domain count), the second zonal.
  const { zone: _zone, ...regional } = common();
  void _zone;
  return [
    {
      ...regional,
      placement: { mode: 'fault-domains', faultDomainCount: 2 },
      network: {
        addressSpace: '10.40.0.0/16',
        nodeSubnet: '10.40.0.0/24',
        privateEndpointSubnet: '10.40.1.0/27',
        adminCidrs: ['203.0.113.0/24'],
      },
      access: {
        protocols: ['nfs', 'smb'],
        clientCidrs: ['198.51.100.0/24'],
        peerings: [
          {
            remoteVirtualNetworkId: `${SUB}/Microsoft.Network/virtualNetworks/vnet-hub`,
            createRemote: true,
          },
        ],
      },
      management: { enabled: true, vmSize: 'Standard_D8s_v5' },
      clientPool: { enabled: true, vmSize: 'Standard_D16s_v5', count: 2, subnet: '10.40.2.0/24' },
      offload: {
        namePrefix: 'vastpoc',
        replication: 'LRS',
        containerName: 'vast-offload',
        softDeleteDays: 7,
        lifecycle,
        deleteLock: true,
      },
      diagnostics: { enabled: true, retentionDays: 30 },
      backend: { type: 'local', path: 'terraform.tfstate' },
    },
    {
      ...common(),
      network: {
        existing: {
          virtualNetworkId: `${SUB}/Microsoft.Network/virtualNetworks/vnet`,
          nodeSubnetId: `${SUB}/Microsoft.Network/virtualNetworks/vnet/subnets/nodes`,
          privateEndpointSubnetId: `${SUB}/Microsoft.Network/virtualNetworks/vnet/subnets/pe`,
          privateDnsZoneIds: {
            blob: `${SUB}/Microsoft.Network/privateDnsZones/privatelink.blob.core.windows.net`,
            dfs: `${SUB}/Microsoft.Network/privateDnsZones/privatelink.dfs.core.windows.net`,
          },
        },
      },
      offload: { accountName: 'vastpocaccount', replication: 'ZRS', containerName: 'vast-offload', lifecycle },
      diagnostics: { enabled: true, workspaceId: `${SUB}/Microsoft.OperationalInsights/workspaces/central` },
      backend: {
        type: 'azurerm',
        resourceGroupName: 'rg-state',
        storageAccountName: 'tfstate01',
        containerName: 'tfstate',
        key: 'vast-poc.tfstate',
      },
    },
  ];
}

const options = { readFile: () => '#!/bin/sh\necho ready\n' };

function issuesOf(data: Data): { field: string; message: string }[] {
  return profileIssues(data, options);
}

function at(data: Data, path: readonly (string | number)[]): unknown {
  return path.reduce<unknown>((o, k) => (o as Record<string | number, unknown>)[k], data);
}

function setAt(data: Data, path: readonly (string | number)[], value: unknown): Data {
  const copy = structuredClone(data);
  const parent = at(copy, path.slice(0, -1)) as Record<string | number, unknown>;
  parent[path[path.length - 1]!] = value;
  return copy;
}

function fieldName(path: readonly (string | number)[]): string {
  return path.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? k : `.${k}`)).join('');
}

/** The fields the schema allows in the map at `path`, read from its own unknown-field message. */
function allowedAt(data: Data, path: readonly (string | number)[]): string[] {
  const probe = setAt(data, [...path, 'zzProbe'], 1);
  const issue = issuesOf(probe).find((i) => i.field === fieldName([...path, 'zzProbe']));
  const m = /allowed in [^:]+: (.*)$/.exec(issue?.message ?? '');
  if (!m) throw new Error(`no allowed-field list at ${fieldName(path) || '(root)'}: ${issue?.message}`);
  return m[1]!.split(', ');
}

/** Every field path the schema knows below `path`, walking the maximal data (lists through their first item). */
function schemaFields(data: Data, path: (string | number)[] = []): string[] {
  const out: string[] = [];
  for (const key of allowedAt(data, path)) {
    const child = [...path, key];
    out.push(fieldName(child));
    const v = path.length === 0 && key === 'tags' ? undefined : (at(data, path) as Data)[key];
    if (Array.isArray(v) && v[0] && typeof v[0] === 'object') out.push(...schemaFields(data, [...child, 0]));
    else if (v && typeof v === 'object' && !Array.isArray(v)) out.push(...schemaFields(data, child));
  }
  return out;
}

/** Paths of every string in the data, plus every tag name (a map key that reaches the Terraform). */
function stringPaths(v: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (typeof v === 'string') return [path];
  if (Array.isArray(v)) return v.flatMap((x, i) => stringPaths(x, [...path, i]));
  if (v && typeof v === 'object') return Object.entries(v).flatMap(([k, x]) => stringPaths(x, [...path, k]));
  return [];
}

const PAYLOADS = ['${file("/etc/passwd")}', 'x%{ if true }y%{ endif }'];

describe('profile strings are Terraform literals', () => {
  it('the maximal test profiles are valid and set every field the schema knows', () => {
    // GIVEN the two maximal profiles WHEN the schema's own field lists are walked
    const [a, b] = maximalProfiles();
    const known = new Set([...schemaFields(a!), ...schemaFields(b!)]);
    const set = new Set(
      [a!, b!].flatMap((d) =>
        [...stringPaths(d), ...numericAndBooleanPaths(d)].flatMap((p) => p.map((_, i) => fieldName(p.slice(0, i + 1)))),
      ),
    );
    // THEN both validate, and every schema field (tags aside, a free map) is set in one of them
    expect(issuesOf(a!)).toEqual([]);
    expect(issuesOf(b!)).toEqual([]);
    const missing = [...known].filter((f) => !set.has(f) && !f.startsWith('tags'));
    expect(missing).toEqual([]);
  });

  for (const payload of PAYLOADS) {
    it(`fails when any string field holds ${JSON.stringify(payload)}`, () => {
      // GIVEN each string field of the maximal profiles (and a tag name) in turn set to a template payload
      const notRefused: string[] = [];
      for (const data of maximalProfiles()) {
        for (const path of stringPaths(data)) {
          const current = at(data, path) as string;
          const issues = issuesOf(setAt(data, path, `${current}${payload}`));
          // THEN validation refuses it, naming that field
          if (!issues.some((i) => i.field === fieldName(path))) notRefused.push(fieldName(path));
        }
        const tagged = structuredClone(data);
        (tagged.tags as Data)[`cost${payload}`] = 'x';
        if (!issuesOf(tagged).some((i) => i.field === `tags.cost${payload}`)) notRefused.push('tags (a tag name)');
      }
      expect(notRefused).toEqual([]);
    });
  }

  it('fails when a tag value holds a template, with a message naming the field, the value and the rule', () => {
    // GIVEN tags.purpose = ${file("/etc/passwd")}
    const data = setAt(baseProfileData(), ['tags', 'purpose'], '${file("/etc/passwd")}');
    // WHEN validated THEN the message names the field, echoes the value and says why
    expect(issuesOf(data)).toContainEqual({
      field: 'tags.purpose',
      message:
        'tags.purpose must not contain "${" (Terraform would evaluate it as a template expression at apply time), got "${file("/etc/passwd")}"',
    });
  });

  it('emits a tag value with "$", "%" and braces as the same literal in the JSON and the HCL', () => {
    // GIVEN a tag value that has the characters of a template but no template sequence
    const data = setAt(baseProfileData(), ['tags', 'purpose'], 'cost $5 {eu} 10% $ {x}');
    const json = synthStack(validateProfile(data));
    // WHEN synthesized and rendered as HCL
    const tags = (json as { locals?: Record<string, Data> }).locals!.common_tags!;
    const hcl = renderHcl({ document: cleanTerraform(json as never), blocks: new Set() } as TerraformModel)['main.tf']!;
    // THEN the JSON holds it verbatim (in the common tags local) and the HCL holds it as one quoted literal
    expect(tags.purpose).toBe('cost $5 {eu} 10% $ {x}');
    expect(hcl).toMatch(/\n {4}purpose +?= "cost \$5 \{eu\} 10% \$ \{x\}"\n/);
  });

  it('renders an escaped template sequence in a map key as the same literal the JSON means', () => {
    // GIVEN Terraform JSON whose map key and value both hold the escape "$${" (a literal "${" in Terraform JSON)
    const model: TerraformModel = {
      document: cleanTerraform({
        terraform: { required_providers: { azurerm: { source: 'azurerm', version: AZURERM_PROVIDER_VERSION } } },
        resource: { azurerm_thing: { a: { tags: { 'a$${b}': 'c$${d}' } } } } as never,
      }),
      blocks: new Set(),
    };
    // WHEN rendered as HCL
    const hcl = renderHcl(model)['main.tf']!;
    // THEN key and value keep the single escape: HCL reads both back as "a${b}" and "c${d}", as Terraform reads the JSON
    expect(hcl).toContain('"a$${b}" = "c$${d}"');
  });

  it('escapes a template sequence in a literal-only position (a variable default) when rendering HCL', () => {
    // GIVEN a variable whose default holds "${" (Terraform JSON takes a default literally, without templates)
    const model: TerraformModel = {
      document: cleanTerraform({
        terraform: { required_providers: { azurerm: { source: 'azurerm', version: AZURERM_PROVIDER_VERSION } } },
        variable: { v: { type: 'string', default: 'a${b}%{c}' } },
      }),
      blocks: new Set(),
    };
    // WHEN rendered THEN the HCL escapes both sequences, so the default stays the same literal
    expect(renderHcl(model)['variables.tf']).toContain('default = "a$${b}%%{c}"');
  });
});

function numericAndBooleanPaths(v: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (typeof v === 'number' || typeof v === 'boolean') return [path];
  if (Array.isArray(v)) return v.flatMap((x, i) => numericAndBooleanPaths(x, [...path, i]));
  if (v && typeof v === 'object') return Object.entries(v).flatMap(([k, x]) => numericAndBooleanPaths(x, [...path, k]));
  return [];
}
