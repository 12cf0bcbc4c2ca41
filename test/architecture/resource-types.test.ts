/**
 * The resource type catalog (constructs/shared/resource-types.ts) is the one list of the Terraform types the stacks
 * emit (issue 12, item 3). Every shipped profile and the variants that turn optional resources on are synthesized
 * once; the catalog must name every type they emit, and name nothing that none of them emits.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  namespacesToRegister,
  OTHER_COMPUTE_TYPES,
  RESOURCE_TYPE_NAMES,
  resourceTypeEntry,
} from '../../constructs/shared/resource-types';
import { EMIT_CONDITIONS, requiredProviders } from '../../scripts/preflight/requirements';
import { loadProfile, SHIPPED_PROFILES_DIR, shippedProfileFiles } from '../../stacks/profile/load';
import type { Profile } from '../../stacks/profile/schema';
import { profileWith, synthStack, type TerraformJson } from '../support/terraform';

const ROOT = resolve(__dirname, '..', '..');
const NET = '/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-net/providers/Microsoft.Network';
const WORKSPACE =
  '/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/ops/providers/Microsoft.OperationalInsights/workspaces/central';
const EXISTING = {
  virtualNetworkId: `${NET}/virtualNetworks/vnet`,
  nodeSubnetId: `${NET}/virtualNetworks/vnet/subnets/nodes`,
  privateEndpointSubnetId: `${NET}/virtualNetworks/vnet/subnets/pe`,
};

/** The shipped profiles, and variants that between them turn on every optional resource (and some off). */
function variants(): Record<string, Profile> {
  const shipped = Object.fromEntries(
    shippedProfileFiles().map((f) => [`profile ${f}`, loadProfile(join(SHIPPED_PROFILES_DIR, f))]),
  );
  return {
    ...shipped,
    'regional, client pool, management node, two-sided peering, diagnostics with a new workspace': profileWith({
      zone: undefined,
      placement: { mode: 'fault-domains', faultDomainCount: 2 },
      nodes: { count: 4 },
      access: { peerings: [{ remoteVirtualNetworkId: `${NET}/virtualNetworks/vnet-hub`, createRemote: true }] },
      clientPool: { enabled: true, subnet: '10.40.2.0/24', count: 2 },
      management: { enabled: true },
      diagnostics: { enabled: true },
    }),
    'existing network and DNS zones, existing resource group, capacity reservation, existing workspace': profileWith({
      capacityReservation: { enabled: true },
      resourceGroup: { create: false },
      network: {
        existing: {
          ...EXISTING,
          privateDnsZoneIds: {
            blob: `${NET}/privateDnsZones/privatelink.blob.core.windows.net`,
            dfs: `${NET}/privateDnsZones/privatelink.dfs.core.windows.net`,
          },
        },
      },
      diagnostics: { enabled: true, workspaceId: WORKSPACE },
    }),
    'existing network, no management node, no delete lock, remote backend': profileWith({
      network: { existing: EXISTING },
      management: { enabled: false },
      offload: { deleteLock: false },
      backend: { type: 'azurerm', resourceGroupName: 'rg-state', storageAccountName: 'ststate01' },
    }),
    'one-sided peering': profileWith({
      access: { peerings: [{ remoteVirtualNetworkId: `${NET}/virtualNetworks/vnet-hub` }] },
    }),
  };
}

interface Synthesized {
  readonly name: string;
  readonly profile: Profile;
  readonly json: TerraformJson & { readonly data?: Record<string, Record<string, unknown>> };
}

let synthesized: Synthesized[];

beforeAll(() => {
  synthesized = Object.entries(variants()).map(([name, profile]) => ({ name, profile, json: synthStack(profile) }));
});

const resourceTypes = (s: Synthesized): string[] => Object.keys(s.json.resource ?? {});
const dataTypes = (s: Synthesized): string[] => Object.keys(s.json.data ?? {});

describe('the resource type catalog', () => {
  it('names every resource type the stacks emit', () => {
    // GIVEN every variant WHEN its resource types are looked up THEN each has a catalog entry used as a resource
    const missing = synthesized.flatMap((s) =>
      resourceTypes(s)
        .filter((t) => !resourceTypeEntry(t)?.kinds.includes('resource'))
        .map((t) => `${t} (${s.name})`),
    );
    expect(missing).toEqual([]);
  });

  it('names every data source type the stacks read', () => {
    // GIVEN every variant WHEN its data source types are looked up THEN each has a catalog entry used as data
    const missing = synthesized.flatMap((s) =>
      dataTypes(s)
        .filter((t) => !resourceTypeEntry(t)?.kinds.includes('data'))
        .map((t) => `data.${t} (${s.name})`),
    );
    expect(missing).toEqual([]);
  });

  it('fails when an entry is stale: every entry is emitted, as each kind it lists, by some variant', () => {
    // GIVEN the catalog WHEN compared with what the variants emit THEN no entry (or kind) goes unused
    const emitted = new Set(synthesized.flatMap((s) => resourceTypes(s)));
    const read = new Set(synthesized.flatMap((s) => dataTypes(s)));
    const stale = RESOURCE_TYPE_NAMES.flatMap((t) =>
      resourceTypeEntry(t)!
        .kinds.filter((k) => !(k === 'resource' ? emitted : read).has(t))
        .map((k) => `${t} (${k})`),
    );
    expect(stale).toEqual([]);
  });

  it('says which profile setting an optional type needs: no variant emits it without that setting', () => {
    // GIVEN every variant WHEN a conditional type is emitted THEN the profile turns its condition on
    const wrong = synthesized.flatMap((s) =>
      resourceTypes(s).flatMap((t) => {
        const condition = resourceTypeEntry(t)?.emittedOnlyWith;
        return condition === undefined || EMIT_CONDITIONS[condition](s.profile) ? [] : [`${t} (${s.name})`];
      }),
    );
    expect(wrong).toEqual([]);
  });

  it('gives preflight exactly the namespaces each variant deploys into', () => {
    // GIVEN every variant WHEN preflight's namespaces are compared with those of the synthesized types THEN equal
    const rows = synthesized.map((s) => ({
      variant: s.name,
      preflight: [...requiredProviders(s.profile)].sort(),
      terraform: namespacesToRegister([...resourceTypes(s), ...dataTypes(s)]).sort(),
    }));
    expect(rows.map((r) => ({ variant: r.variant, namespaces: r.preflight }))).toEqual(
      rows.map((r) => ({ variant: r.variant, namespaces: r.terraform })),
    );
  });

  it('marks every type that carries a zone in some variant as zonal (the zone rule checks those)', () => {
    // GIVEN every variant WHEN a resource sets zone or zones THEN its catalog entry says zonal
    const unmarked = new Set<string>();
    for (const s of synthesized) {
      for (const [type, byName] of Object.entries(s.json.resource ?? {})) {
        const zoned = Object.values(byName).some((r) => r.zone !== undefined || r.zones !== undefined);
        if (zoned && resourceTypeEntry(type)?.zonal !== true) unmarked.add(type);
      }
    }
    expect([...unmarked]).toEqual([]);
  });

  it('keeps the compute types the stacks never emit out of every variant and out of the catalog', () => {
    // GIVEN the other compute types WHEN looked for in the variants and the catalog THEN found in neither
    const others = Object.keys(OTHER_COMPUTE_TYPES);
    const emitted = synthesized.flatMap((s) => resourceTypes(s).filter((t) => others.includes(t)));
    expect(emitted).toEqual([]);
    expect(others.filter((t) => resourceTypeEntry(t) !== undefined)).toEqual([]);
  });
});

describe('docs/provider-notes.md', () => {
  /** Every azurerm type named in a section heading. */
  const headingTypes = (): Set<string> => {
    const notes = readFileSync(join(ROOT, 'docs', 'provider-notes.md'), 'utf8');
    const headings = notes.split('\n').filter((l) => /^#{2,4} /.test(l));
    return new Set(headings.flatMap((h) => [...h.matchAll(/\bazurerm_[a-z0-9_]+/g)].map((m) => m[0])));
  };

  it('has a section for every catalog type', () => {
    // GIVEN the provider notes' headings WHEN compared with the catalog THEN every type has a section
    const documented = headingTypes();
    expect(RESOURCE_TYPE_NAMES.filter((t) => !documented.has(t))).toEqual([]);
  });

  it('has no section for a type the stacks do not emit', () => {
    // GIVEN the provider notes' headings WHEN compared with the catalog THEN every type they name is in it
    expect([...headingTypes()].filter((t) => resourceTypeEntry(t) === undefined)).toEqual([]);
  });
});
