import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import providerPackage from '@cdktf/provider-azurerm/package.json';
import { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group';
import { Testing } from 'cdktf';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../stacks/app';
import { loadProfile, SHIPPED_PROFILES_DIR, shippedProfileFiles } from '../../stacks/profile/load';
import { collectSubjects } from '../../constructs/policy/pack';
import { PROFILE_TAG, ZONAL_REGIONS } from '../../stacks/profile/model';
import type { Profile } from '../../stacks/profile/schema';
import {
  AZURERM_PROVIDER_VERSION,
  COMMON_TAGS_LOCAL,
  OUTPUTS,
  TERRAFORM_REQUIRED_VERSION,
} from '../../stacks/vast-poc-stack';
import { only, profileWith, resources, synthStack, type TerraformJson } from '../support/terraform';

const shipped = shippedProfileFiles();

/** The existing network of {@link existingNetworkProfile}. */
const HUB_VNET =
  '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/hub';

/** The test profile deploying into an existing network (`hub`, subnets `a` and `b`). */
function existingNetworkProfile(): Profile {
  return profileWith({
    network: {
      existing: {
        virtualNetworkId: HUB_VNET,
        nodeSubnetId: `${HUB_VNET}/subnets/a`,
        privateEndpointSubnetId: `${HUB_VNET}/subnets/b`,
      },
    },
  });
}
describe('VastPocStack', () => {
  it('pins the azurerm provider and keeps state in a relative local file by default', () => {
    const json = synthStack(profileWith());
    expect(json.terraform).toMatchObject({
      required_providers: { azurerm: { source: 'azurerm', version: AZURERM_PROVIDER_VERSION } },
      backend: { local: { path: 'terraform.tfstate' } },
    });
  });

  it('states the Terraform CLI versions it needs, from 1.2 (lower-case validation messages) below 2.0', () => {
    // GIVEN any profile WHEN synthesized THEN the terraform block carries the constraint
    const json = synthStack(profileWith());
    expect(json.terraform!.required_version).toBe(TERRAFORM_REQUIRED_VERSION);
    expect(TERRAFORM_REQUIRED_VERSION).toBe('>= 1.2.0, < 2.0.0');
    // AND the messages that set the floor are there: one starts in lower case
    expect(Object.values(json.variable!).flatMap((v) => v.validation as { error_message: string }[])).toContainEqual(
      expect.objectContaining({ error_message: expect.stringMatching(/^[a-z]/) }),
    );
  });

  it('takes the pinned azurerm version from the installed provider package, not from a hand-written literal', () => {
    // GIVEN the provider package's own metadata (package.json `cdktf.provider`, written by its generator)
    // WHEN the constant is read THEN it is the version the package says it binds
    expect(AZURERM_PROVIDER_VERSION).toBe(providerPackage.cdktf.provider.version);
  });

  it('registers no resource providers itself (preflight checks them), so a resource-group-scoped deployer can plan', () => {
    // GIVEN the default profile WHEN synthesized THEN resource_provider_registrations is explicit, not "legacy"
    const json = synthStack(profileWith());
    expect(json.provider?.azurerm?.[0]).toMatchObject({ resource_provider_registrations: 'none' });
  });

  it('never lets the provider touch the storage data plane or use account keys', () => {
    const json = synthStack(profileWith());
    expect(json.provider?.azurerm?.[0]).toMatchObject({
      storage_use_azuread: true,
      features: [{ storage: [{ data_plane_available: false }] }],
    });
  });

  it('uses azurerm remote state with Entra ID when the profile asks', () => {
    const json = synthStack(
      profileWith({ backend: { type: 'azurerm', resourceGroupName: 'rg-state', storageAccountName: 'ststate01' } }),
    );
    expect(json.terraform?.backend).toEqual({
      azurerm: {
        resource_group_name: 'rg-state',
        storage_account_name: 'ststate01',
        container_name: 'tfstate',
        key: 'vast-poc.tfstate',
        use_azuread_auth: true,
      },
    });
  });

  it('takes the SSH key, admin CIDRs, resource group name, location and node count as validated variables', () => {
    const json = synthStack(profileWith());
    const v = json.variable!;
    expect(Object.keys(v).sort()).toEqual([
      'admin_cidrs',
      'client_cidrs',
      'location',
      'node_count',
      'resource_group_name',
      'ssh_public_key',
    ]);
    expect(v.ssh_public_key).toMatchObject({ type: 'string' });
    expect(v.ssh_public_key.default).toBeUndefined();
    expect(v.admin_cidrs).toMatchObject({ type: 'list(string)' });
    expect(JSON.stringify(v.admin_cidrs.validation)).toContain('>= 8');
    expect(v.resource_group_name).toMatchObject({ type: 'string', default: 'rg-unit-test' });
    for (const variable of Object.values(v)) {
      expect(variable.description).toEqual(expect.any(String));
      expect((variable.validation as unknown[]).length).toBeGreaterThan(0);
    }
    const rule = resources(json, 'azurerm_network_security_rule').find((r) => r.name === 'AllowSshFromAdminCidrs');
    expect(rule!.source_address_prefixes).toBe('${var.admin_cidrs}');
  });

  it('writes fixed admin CIDRs from the profile instead of a variable', () => {
    const json = synthStack(profileWith({ network: { adminCidrs: ['198.51.100.0/24'] } }));
    expect(json.variable?.admin_cidrs).toBeUndefined();
    const rule = resources(json, 'azurerm_network_security_rule').find((r) => r.name === 'AllowSshFromAdminCidrs');
    expect(rule!.source_address_prefixes).toEqual(['198.51.100.0/24']);
  });

  it('creates the resource group from the variable, in the location variable, tagged', () => {
    const json = synthStack(profileWith()) as TerraformJson & { locals?: unknown };
    expect(only(json, 'azurerm_resource_group')).toEqual({
      name: '${var.resource_group_name}',
      location: '${var.location}',
      tags: '${local.common_tags}',
    });
    expect(json.locals).toEqual({
      common_tags: { expiry: '2027-01-31', owner: 'tests', purpose: 'vast-poc', 'vast-poc-profile': 'unit-test' },
    });
  });

  it('outputs what a field engineer needs next', () => {
    const json = synthStack(profileWith());
    // node_fault_domains exists only in fault-domains mode (zonal Azure does not say which node is where); the client
    // pool's outputs only with a client pool (off by default).
    const absent = ['node_fault_domains', 'client_subnet_id', 'client_scale_set_id'];
    expect(Object.keys(json.output!).sort()).toEqual(OUTPUTS.filter((o) => !absent.includes(o)).sort());
    expect(json.output!.storage_dfs_endpoint.value).toMatch(/primary_dfs_endpoint\}$/);
  });

  it('boots nodes only after the node subnet has its NSG and NAT gateway', () => {
    const vmss = only(synthStack(profileWith()), 'azurerm_orchestrated_virtual_machine_scale_set');
    expect(vmss.depends_on).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^azurerm_subnet_network_security_group_association\.network_node_nsg/),
        expect.stringMatching(/^azurerm_subnet_nat_gateway_association\./),
      ]),
    );
  });

  it('places fault-domain mode as a regional scale set with the region maximum and nothing zonal', () => {
    // GIVEN fault-domains mode in West Europe (maximum 3) WHEN synthesized
    const json = synthStack(
      profileWith({
        location: 'westeurope',
        zone: undefined,
        placement: { mode: 'fault-domains' },
        nodes: { count: 9 },
      }),
    );
    // THEN the scale set is a regional container with 3 fault domains in a zone-less PPG, and nothing is zonal
    const vmss = only(json, 'azurerm_orchestrated_virtual_machine_scale_set');
    expect(vmss.zones).toBeUndefined();
    expect(vmss.platform_fault_domain_count).toBe(3);
    expect(vmss.sku_name).toBeUndefined();
    expect(vmss.proximity_placement_group_id).toMatch(/azurerm_proximity_placement_group\./);
    const ppg = only(json, 'azurerm_proximity_placement_group');
    expect(ppg.zone).toBeUndefined();
    // The management node (on by default) shares the nodes' proximity placement group, so its size is allowed too.
    expect(ppg.allowed_vm_sizes).toEqual(['Standard_L96s_v4', 'Standard_D8s_v5']);
    expect(only(json, 'azurerm_nat_gateway').zones).toBeUndefined();
    expect(only(json, 'azurerm_public_ip').zones).toBeUndefined();
  });

  it('creates every fault-domain node as a VM of the scale set with a balanced explicit fault domain', () => {
    // GIVEN fault-domains mode in UK South (maximum 2) with 6 nodes WHEN synthesized
    const json = synthStack(
      profileWith({ zone: undefined, placement: { mode: 'fault-domains' }, nodes: { count: 6 } }),
    );
    // THEN node i is a VM in fault domain i mod 2, in the scale set and the PPG, with no zone and its own NIC (the
    // management node, also a Linux VM, is not in the scale set)
    const vms = resources(json, 'azurerm_linux_virtual_machine').filter((vm) => vm.name !== 'vm-unit-test-vms');
    expect(vms).toHaveLength(6);
    expect(vms.map((vm) => vm.platform_fault_domain)).toEqual([0, 1, 0, 1, 0, 1]);
    for (const vm of vms) {
      expect(vm.virtual_machine_scale_set_id).toMatch(
        /^\$\{azurerm_orchestrated_virtual_machine_scale_set\.nodes_vmss\.id\}$/,
      );
      expect(vm.proximity_placement_group_id).toMatch(/azurerm_proximity_placement_group\./);
      expect(vm.zone).toBeUndefined();
      expect(vm.os_disk).toMatchObject({ caching: 'None', storage_account_type: 'Premium_LRS' });
    }
    const nicIds = vms.map((vm) => (vm.network_interface_ids as string[])[0]);
    expect(new Set(nicIds).size).toBe(6);
    const nics = resources(json, 'azurerm_network_interface');
    expect(nics.every((n) => n.accelerated_networking_enabled === true)).toBe(true);
  });

  it('outputs the fault domain of every node in fault-domain mode', () => {
    const json = synthStack(
      profileWith({ zone: undefined, placement: { mode: 'fault-domains' }, nodes: { count: 4 } }),
    );
    expect(json.output!.node_fault_domains.value).toEqual({
      'unit-test-node-00': 0,
      'unit-test-node-01': 1,
      'unit-test-node-02': 0,
      'unit-test-node-03': 1,
    });
  });

  it('leaves automatic instance repair out and the OS disk uncached on the zonal scale set', () => {
    const vmss = only(synthStack(profileWith()), 'azurerm_orchestrated_virtual_machine_scale_set');
    expect(vmss).not.toHaveProperty('automatic_instance_repair');
    expect(vmss.os_disk).toMatchObject({ caching: 'None' });
  });

  it('reserves capacity for every node and waits for the reservation', () => {
    const json = synthStack(profileWith({ capacityReservation: { enabled: true } }));
    expect(only(json, 'azurerm_capacity_reservation')).toMatchObject({
      zone: '1',
      sku: { name: 'Standard_L96s_v4', capacity: '${var.node_count}' },
    });
    expect(only(json, 'azurerm_orchestrated_virtual_machine_scale_set').instances).toBe('${var.node_count}');
    const vmss = only(json, 'azurerm_orchestrated_virtual_machine_scale_set');
    expect(vmss.capacity_reservation_group_id).toMatch(/azurerm_capacity_reservation_group\./);
    expect(vmss.depends_on).toEqual(expect.arrayContaining([expect.stringMatching(/^azurerm_capacity_reservation\./)]));
  });

  it('deploys into an existing network without creating one', () => {
    const json = synthStack(existingNetworkProfile());
    for (const t of [
      'azurerm_virtual_network',
      'azurerm_subnet',
      'azurerm_nat_gateway',
      'azurerm_network_security_group',
    ]) {
      expect(resources(json, t)).toHaveLength(0);
    }
    expect(json.variable?.admin_cidrs).toBeUndefined();
    const nic = (only(json, 'azurerm_orchestrated_virtual_machine_scale_set').network_interface as any[])[0];
    expect(nic.ip_configuration[0].subnet_id).toBe(`${HUB_VNET}/subnets/a`);
    expect(resources(json, 'azurerm_private_dns_zone_virtual_network_link')[0].virtual_network_id).toBe(HUB_VNET);
  });

  it("uses the customer's hub DNS zones with an existing network", () => {
    const vnet =
      '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/spoke';
    const hub =
      '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/hub/providers/Microsoft.Network/privateDnsZones';
    const json = synthStack(
      profileWith({
        network: {
          existing: {
            virtualNetworkId: vnet,
            nodeSubnetId: `${vnet}/subnets/a`,
            privateEndpointSubnetId: `${vnet}/subnets/b`,
            privateDnsZoneIds: {
              blob: `${hub}/privatelink.blob.core.windows.net`,
              dfs: `${hub}/privatelink.dfs.core.windows.net`,
            },
          },
        },
      }),
    );
    expect(resources(json, 'azurerm_private_dns_zone')).toHaveLength(0);
    expect(
      resources(json, 'azurerm_private_endpoint')
        .map((e) => (e.private_dns_zone_group as any).private_dns_zone_ids[0])
        .sort(),
    ).toEqual([`${hub}/privatelink.blob.core.windows.net`, `${hub}/privatelink.dfs.core.windows.net`]);
  });

  it('is byte-identical when synthesized twice', () => {
    const p = profileWith();
    expect(JSON.stringify(synthStack(p))).toBe(JSON.stringify(synthStack(p)));
  });

  for (const file of shipped) {
    describe(`shipped profile ${file}`, () => {
      const profile = loadProfile(join(SHIPPED_PROFILES_DIR, file));
      const json = synthStack(profile);
      const text = JSON.stringify(json, null, 2);

      it('contains no absolute machine paths', () => {
        expect(text).not.toMatch(/\/(work|home|root|tmp|Users)\//);
        expect(text).not.toContain(process.cwd());
      });

      it('contains no secret values', () => {
        expect(text).not.toMatch(
          /-----BEGIN [A-Z ]*PRIVATE KEY-----|AccountKey=|sig=|"admin_password"|ssh-(rsa|ed25519) AAAA/,
        );
      });

      it('matches its snapshot', () => {
        expect(text).toMatchSnapshot();
      });
    });
  }
});

describe('Terraform addresses', () => {
  it('are the construct path below the stack, without a hash suffix', () => {
    const json = synthStack(profileWith());
    expect(Object.keys(json.resource!.azurerm_orchestrated_virtual_machine_scale_set!)).toEqual(['nodes_vmss']);
    expect(Object.keys(json.resource!.azurerm_subnet!).sort()).toEqual([
      'network_endpoint_subnet',
      'network_node_subnet',
    ]);
    expect(only(json, 'azurerm_subnet_nat_gateway_association').subnet_id).toBe(
      '${azurerm_subnet.network_node_subnet.id}',
    );
  });

  it('fails when two construct paths would share an address', () => {
    // GIVEN a stack with a construct "network_vnet" beside the network construct's "vnet" child
    const { stack } = buildApp(profileWith(), { outdir: mkdtempSync(join(tmpdir(), 'app-')) });
    new ResourceGroup(stack, 'network_vnet', { name: 'x', location: 'uksouth' });
    // WHEN it is synthesized THEN the clash is named instead of one resource silently replacing the other
    expect(() => Testing.synth(stack)).toThrow(/both map to "network_vnet"/);
  });

  it('fails when a hyphenated construct id would take the address of an underscored one', () => {
    // GIVEN a construct "network_node-subnet" beside the network construct's "node-subnet" child
    const { stack } = buildApp(profileWith(), { outdir: mkdtempSync(join(tmpdir(), 'app-')) });
    new ResourceGroup(stack, 'network_node-subnet', { name: 'x', location: 'uksouth' });
    // WHEN it is synthesized THEN both map to the snake_case address and the clash is named
    expect(() => Testing.synth(stack)).toThrow(/both map to "network_node_subnet"/);
  });
});

describe('an existing resource group', () => {
  it('is read with a data source instead of created, and the variable has no default', () => {
    const json = synthStack(profileWith({ resourceGroup: { create: false } })) as any;
    expect(resources(json, 'azurerm_resource_group')).toHaveLength(0);
    expect(json.data.azurerm_resource_group['resource_group']).toEqual({ name: '${var.resource_group_name}' });
    expect(json.variable.resource_group_name.default).toBeUndefined();
    expect(json.variable.resource_group_name.description).toMatch(/existing resource group .*never created or deleted/);
    expect(only(json, 'azurerm_virtual_network').resource_group_name).toBe(
      '${data.azurerm_resource_group.resource_group.name}',
    );
  });

  it('fails when resourceGroup.create is not a boolean', () => {
    expect(() => profileWith({ resourceGroup: { create: 'no' } })).toThrow(
      /resourceGroup\.create must be true or false, got "no"/,
    );
  });
});

describe('common tags', () => {
  const profiles: [string, () => Profile][] = [
    ...shipped.map((f): [string, () => Profile] => [f, () => loadProfile(join(SHIPPED_PROFILES_DIR, f))]),
    [
      'every optional part enabled',
      () =>
        profileWith({
          clientPool: { enabled: true, subnet: '10.40.2.0/24', count: 2 },
          diagnostics: { enabled: true },
          capacityReservation: { enabled: true },
        }),
    ],
  ];

  it.each(profiles)('are one local that every taggable resource of %s references', (_name, load) => {
    // GIVEN the profile WHEN the stack is built and synthesized
    const profile = load();
    const { stack } = buildApp(profile, { outdir: mkdtempSync(join(tmpdir(), 'app-')) });
    const json = JSON.parse(Testing.synth(stack)) as { locals?: Record<string, unknown> };
    // THEN the local holds the profile's tags and the profile tag
    expect(json.locals).toEqual({ [COMMON_TAGS_LOCAL]: { ...profile.tags, [PROFILE_TAG]: profile.name } });
    // AND every resource whose type takes tags (known from the bindings) references it, and nothing else
    const taggable = collectSubjects(stack).filter((s) => s.kind === 'resource' && s.taggable);
    expect(taggable.length).toBeGreaterThan(15);
    expect(taggable.filter((s) => s.config.tags !== `\${local.${COMMON_TAGS_LOCAL}}`).map((s) => s.address)).toEqual(
      [],
    );
  });
});

describe('location and node count variables', () => {
  it('put every resource in var.location, defaulting to the profile region, limited to zonal regions', () => {
    // GIVEN the zonal default profile WHEN synthesized
    const json = synthStack(profileWith());
    // THEN every resource with a location takes the variable
    const located = Object.values(json.resource!).flatMap((byName) =>
      Object.values(byName).filter((r) => 'location' in r),
    );
    expect(located.length).toBeGreaterThan(5);
    expect(new Set(located.map((r) => r.location))).toEqual(new Set(['${var.location}']));
    // AND the variable defaults to the profile's region and allows exactly the regions with zones
    const v = json.variable!.location as { default: string; validation: { condition: string }[] };
    expect(v.default).toBe('uksouth');
    const listed = JSON.parse(/contains\((\[.*?\]), var\.location\)/.exec(v.validation[0]!.condition)![1]!) as string[];
    expect(listed).toEqual([...ZONAL_REGIONS]);
  });

  it('allow in fault-domains placement only the regions with enough fault domains', () => {
    // GIVEN fault-domains placement with 3 fault domains (West Europe has 3; UK South only 2)
    const json = synthStack(
      profileWith({
        location: 'westeurope',
        zone: undefined,
        placement: { mode: 'fault-domains', faultDomainCount: 3 },
        nodes: { count: 6 },
      }),
    );
    const condition = (json.variable!.location as { validation: { condition: string }[] }).validation[0]!.condition;
    // THEN the list holds regions whose maximum is 3 and none whose maximum is 2
    expect(condition).toContain('"westeurope"');
    expect(condition).not.toContain('"uksouth"');
    // AND the node count is the profile's literal: every node is a VM of its own, in its fault domain
    expect(json.variable!.node_count).toBeUndefined();
    expect(
      resources(json, 'azurerm_linux_virtual_machine').filter((r) => r.platform_fault_domain !== undefined),
    ).toHaveLength(6);
  });

  it("allow in fault-domains placement the profile's own region when the offline table does not know its maximum", () => {
    // GIVEN fault-domains placement in Italy North, which has zones but is missing from the fault-domain table, with
    // the count the profile names (preflight confirms it against Azure)
    const json = synthStack(
      profileWith({
        location: 'italynorth',
        zone: undefined,
        placement: { mode: 'fault-domains', faultDomainCount: 2 },
        nodes: { count: 4, vmSize: 'Standard_L80s_v3' },
      }),
    );
    const v = json.variable!.location as { default: string; validation: { condition: string }[] };
    const listed = JSON.parse(/contains\((\[.*?\]), var\.location\)/.exec(v.validation[0]!.condition)![1]!) as string[];
    // THEN the default passes its own validation: the profile's region is allowed
    expect(v.default).toBe('italynorth');
    expect(listed).toContain('italynorth');
    // AND the other regions the table does not know stay out (their maximum may be below the count)
    expect(listed).not.toContain('polandcentral');
    expect(listed).toContain('westeurope');
    // AND the message says why the profile's region is there
    expect(
      (json.variable!.location as { validation: { error_message: string }[] }).validation[0]!.error_message,
    ).toContain("or the profile's own italynorth, whose maximum is not in the offline table (preflight confirms it)");
  });

  it('allow only the profile region with an existing network', () => {
    const json = synthStack(existingNetworkProfile());
    const v = json.variable!.location as { validation: { condition: string; error_message: string }[] };
    expect(v.validation[0]!.condition).toBe('${contains(["uksouth"], var.location)}');
    expect(v.validation[0]!.error_message).toContain('the existing virtual network is there');
  });

  it('limit node_count to what the node subnet holds, less the management node', () => {
    // GIVEN a /27 node subnet (32 addresses, 5 reserved by Azure) and the management node
    const json = synthStack(profileWith({ network: { nodeSubnet: '10.40.0.0/27' } }));
    const v = json.variable!.node_count as { default: number; validation: { condition: string }[] };
    // THEN the count defaults to the profile's and may go from 4 to 26
    expect(v.default).toBe(8);
    expect(v.validation[0]!.condition).toBe(
      '${var.node_count == floor(var.node_count) && var.node_count >= 4 && var.node_count <= 26}',
    );
  });

  it('warn in their descriptions what a change does to a deployed cluster', () => {
    // GIVEN the zonal default profile WHEN synthesized
    const json = synthStack(profileWith());
    const text = (name: string) => String(json.variable![name]!.description);
    // THEN lowering node_count is said to delete nodes with their local NVMe data (the provider sends the new
    // capacity as an in-place update; Azure scales in by deleting VMs)
    expect(text('node_count')).toContain(
      'Lowering it on a deployed cluster deletes node VMs and their local NVMe data',
    );
    // AND changing location is said to replace everything (location is ForceNew on every resource)
    expect(text('location')).toContain('Changing it after apply replaces every resource');
  });
});
