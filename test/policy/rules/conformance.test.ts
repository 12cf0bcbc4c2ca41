import { LinuxVirtualMachine } from '@cdktf/provider-azurerm/lib/linux-virtual-machine';
import { OrchestratedVirtualMachineScaleSet } from '@cdktf/provider-azurerm/lib/orchestrated-virtual-machine-scale-set';
import { ProximityPlacementGroup } from '@cdktf/provider-azurerm/lib/proximity-placement-group';
import type { App, TerraformStack, TerraformVariable } from 'cdktf';
import { describe, expect, it } from 'vitest';
import { compliantPaths, evaluate, findingsOf, profile, profileStack, RAW, rawStack } from '../support';

const VMSS = 'vast-poc/nodes/vmss';

/** A minimal Flexible scale set of an L-series size in a raw stack. */
function flex(
  stack: TerraformStack,
  extra: Partial<ConstructorParameters<typeof OrchestratedVirtualMachineScaleSet>[2]> = {},
) {
  return new OrchestratedVirtualMachineScaleSet(stack, 'vmss', {
    ...RAW,
    name: 'vmss',
    platformFaultDomainCount: 1,
    zones: ['1'],
    ...extra,
  });
}

/** A minimal node VM in a raw stack. */
function vm(stack: TerraformStack, extra: Partial<ConstructorParameters<typeof LinuxVirtualMachine>[2]> = {}) {
  return new LinuxVirtualMachine(stack, 'vm', {
    ...RAW,
    name: 'vm',
    size: 'Standard_L80s_v3',
    networkInterfaceIds: ['nic'],
    adminUsername: 'vastadmin',
    osDisk: { caching: 'None', storageAccountType: 'Premium_LRS' },
    ...extra,
  });
}

describe('VAZ-AZR-001 no repair block on a Flexible scale set without a health extension', () => {
  it('passes the shipped scale set, which has no automatic_instance_repair block', () => {
    expect(compliantPaths(evaluate(profileStack()), 'VAZ-AZR-001')).toEqual([VMSS]);
  });

  it('fails when an automatic_instance_repair block is added, even with enabled = false', () => {
    // GIVEN the shipped scale set with a disabled repair block put back through an escape hatch
    const stack = profileStack();
    stack.nodes.scaleSet.addOverride('automatic_instance_repair', { enabled: false });
    // WHEN the pack runs  THEN the block itself is reported
    expect(findingsOf(evaluate(stack), 'VAZ-AZR-001').map((f) => f.detail)).toEqual([
      'automatic_instance_repair is set (enabled is false) and no application health extension is configured',
    ]);
  });

  it('passes a repair block when an application health extension is configured', () => {
    const stack = rawStack();
    flex(stack, {
      automaticInstanceRepair: { enabled: true },
      extension: [
        {
          name: 'health',
          publisher: 'Microsoft.ManagedServices',
          type: 'ApplicationHealthLinux',
          typeHandlerVersion: '1.0',
        },
      ],
    });
    expect(compliantPaths(evaluate(stack), 'VAZ-AZR-001')).toEqual(['raw/vmss']);
  });
});

describe("VAZ-AZR-002 fault-domain count within the region's maximum", () => {
  it('passes the fault-domains profile: 2 fault domains in UK South', () => {
    expect(compliantPaths(evaluate(profileStack(profile('fault-domains'))), 'VAZ-AZR-002')).toEqual([
      'vast-poc-fd/nodes/vmss',
    ]);
  });

  it("fails when an override asks for 3 fault domains in UK South, naming the region's maximum", () => {
    const stack = profileStack(profile('fault-domains'));
    stack.nodes.scaleSet.addOverride('platform_fault_domain_count', 3);
    expect(findingsOf(evaluate(stack), 'VAZ-AZR-002').map((f) => f.detail)).toEqual([
      'platform_fault_domain_count is 3; uksouth allows at most 2',
    ]);
  });

  it('fails when the location variable allows a region with fewer fault domains than the set asks for', () => {
    // GIVEN the 2-fault-domain profile whose location validation is widened to Qatar Central (maximum 1)
    const stack = profileStack(profile('fault-domains'));
    const location = stack.node.findChild('location') as TerraformVariable;
    location.addOverride('validation', [
      { condition: '${contains(["uksouth", "qatarcentral"], var.location)}', error_message: 'location must be…' },
    ]);
    // WHEN the pack runs  THEN the region a customer may choose is reported, not only the default
    expect(findingsOf(evaluate(stack), 'VAZ-AZR-002').map((f) => f.detail)).toEqual([
      'platform_fault_domain_count is 2; var.location allows qatarcentral, which allows at most 1',
    ]);
  });

  it('fails when a regional set in a region missing from the table asks for more than 3', () => {
    const stack = rawStack();
    flex(stack, { location: 'italynorth', zones: undefined, platformFaultDomainCount: 5 });
    expect(findingsOf(evaluate(stack), 'VAZ-AZR-002').map((f) => f.detail)).toEqual([
      'platform_fault_domain_count is 5; a regional Flexible scale set accepts 1 to 3',
    ]);
  });
});

describe("VAZ-AZR-003 members of a zonal proximity placement group are in the group's zone", () => {
  it('passes the fault-domains profile: its PPG has no zone', () => {
    const paths = compliantPaths(evaluate(profileStack(profile('fault-domains'))), 'VAZ-AZR-003');
    expect(paths).toContain('vast-poc-fd/nodes/vmss');
    expect(paths).toContain('vast-poc-fd/nodes/vm-00');
  });

  it('fails when an override pins the PPG of a regional scale set to a zone', () => {
    // GIVEN the fault-domains profile with a zone put back on its PPG (the original defect)
    const stack = profileStack(profile('fault-domains'));
    stack.placement.proximityPlacementGroup!.addOverride('zone', '2');
    // WHEN the pack runs  THEN the regional scale set and every VM are reported
    const findings = findingsOf(evaluate(stack), 'VAZ-AZR-003');
    expect(findings.map((f) => f.path)).toContain('vast-poc-fd/nodes/vmss');
    expect(findings[0].detail).toMatch(/is in zone "2" but the azurerm_\w+ is in no zone \(regional\)/);
  });

  it('passes a zonal scale set in a PPG of the same zone', () => {
    const stack = rawStack();
    const ppg = new ProximityPlacementGroup(stack, 'ppg', {
      ...RAW,
      name: 'ppg',
      zone: '1',
      allowedVmSizes: ['Standard_L80s_v3'],
    });
    flex(stack, { proximityPlacementGroupId: ppg.id });
    expect(compliantPaths(evaluate(stack), 'VAZ-AZR-003')).toEqual(['raw/vmss']);
  });
});

describe('VAZ-AZR-004 OS disk caching the size supports', () => {
  it('passes the shipped profiles: caching None on L96s_v4 and L80s_v3', () => {
    expect(compliantPaths(evaluate(profileStack()), 'VAZ-AZR-004')).toEqual([VMSS]);
    expect(compliantPaths(evaluate(profileStack(profile('fault-domains'))), 'VAZ-AZR-004')).toHaveLength(12);
  });

  it('fails when an override sets ReadWrite caching on L96s_v4', () => {
    const stack = profileStack();
    stack.nodes.scaleSet.addOverride('os_disk.caching', 'ReadWrite');
    expect(findingsOf(evaluate(stack), 'VAZ-AZR-004').map((f) => f.detail)).toEqual([
      'os_disk.caching is "ReadWrite" on Standard_L96s_v4, which accepts only None',
    ]);
  });

  it('passes ReadWrite caching on an Lsv4 size that supports it', () => {
    const stack = rawStack();
    vm(stack, { size: 'Standard_L32s_v4', osDisk: { caching: 'ReadWrite', storageAccountType: 'Premium_LRS' } });
    expect(compliantPaths(evaluate(stack), 'VAZ-AZR-004')).toEqual(['raw/vm']);
  });
});

describe("VAZ-AZR-005 a VM's fault domain exists in its regional scale set", () => {
  it('passes every node of the fault-domains profile', () => {
    expect(compliantPaths(evaluate(profileStack(profile('fault-domains'))), 'VAZ-AZR-005')).toHaveLength(12);
  });

  it('fails when an override puts a node in a fault domain the scale set does not have', () => {
    const stack = profileStack(profile('fault-domains'));
    stack.nodes.virtualMachines[1].addOverride('platform_fault_domain', 2);
    expect(findingsOf(evaluate(stack), 'VAZ-AZR-005').map((f) => f.detail)).toEqual([
      'platform_fault_domain is 2 but azurerm_orchestrated_virtual_machine_scale_set.nodes_vmss has platform_fault_domain_count 2 (fault domains 0 to 1)',
    ]);
  });

  it('fails when a node in a regional scale set is given a zone', () => {
    const stack = profileStack(profile('fault-domains'));
    stack.nodes.virtualMachines[0].addOverride('zone', '1');
    expect(findingsOf(evaluate(stack), 'VAZ-AZR-005').map((f) => f.detail)).toEqual([
      'zone is "1" but azurerm_orchestrated_virtual_machine_scale_set.nodes_vmss is regional',
    ]);
  });

  it('fails when a VM names a fault domain without a scale set', () => {
    const stack = rawStack();
    vm(stack, { platformFaultDomain: 1 });
    expect(findingsOf(evaluate(stack), 'VAZ-AZR-005').map((f) => f.detail)).toEqual([
      'platform_fault_domain is 1 but virtual_machine_scale_set_id is unset',
    ]);
  });
});

describe('VAZ-AZR-006 proximity placement group or capacity reservation, not both', () => {
  it('passes the shipped profiles', () => {
    expect(findingsOf(evaluate(profileStack()), 'VAZ-AZR-006')).toEqual([]);
    // 12 node VMs, the scale set and the management node (on by default), all in the PPG without a reservation.
    expect(compliantPaths(evaluate(profileStack(profile('fault-domains'))), 'VAZ-AZR-006')).toHaveLength(14);
  });

  it('fails when an override adds a capacity reservation group to a node in a PPG', () => {
    const stack = profileStack(profile('fault-domains'));
    stack.nodes.virtualMachines[0].addOverride('capacity_reservation_group_id', '/subscriptions/x/crg');
    expect(findingsOf(evaluate(stack), 'VAZ-AZR-006').map((f) => f.path)).toEqual(['vast-poc-fd/nodes/vm-00']);
  });
});

describe('conformance rules at synthesis', () => {
  it.each([
    ['VAZ-AZR-001', 'automatic_instance_repair', { enabled: false }],
    ['VAZ-AZR-004', 'os_disk.caching', 'ReadWrite'],
  ] as const)('fails app.synth of the default profile when an override reintroduces %s', (id, attribute, value) => {
    // GIVEN the default profile with one apply-time defect put back through an escape hatch
    const stack = profileStack();
    stack.nodes.scaleSet.addOverride(attribute, value);
    // WHEN the app is synthesized  THEN synthesis fails naming the rule
    expect(() => (stack.node.root as App).synth()).toThrow(new RegExp(`${id} `));
  });

  it.each([
    [
      'VAZ-AZR-002',
      (s: ReturnType<typeof profileStack>) => s.nodes.scaleSet.addOverride('platform_fault_domain_count', 3),
    ],
    [
      'VAZ-AZR-003',
      (s: ReturnType<typeof profileStack>) => s.placement.proximityPlacementGroup!.addOverride('zone', '2'),
    ],
  ] as const)('fails app.synth of the fault-domains profile when an override reintroduces %s', (id, reintroduce) => {
    const stack = profileStack(profile('fault-domains'));
    reintroduce(stack);
    expect(() => (stack.node.root as App).synth()).toThrow(new RegExp(`${id} `));
  });
});
