import { describe, expect, it } from 'vitest';
import { NodePlacement, type NodePlacementProps } from '../../../constructs/compute/placement';
import { only, resources, synthScope } from '../../support/terraform';

const props: NodePlacementProps = {
  mode: 'zonal',
  zone: '2',
  namePrefix: 'poc',
  resourceGroupName: 'rg',
  location: 'uksouth',
  vmSize: 'Standard_L80s_v3',
  tags: { owner: 'o' },
};

const { zone: _zone, ...regional } = props;
const fdProps: NodePlacementProps = { ...regional, mode: 'fault-domains' };

describe('NodePlacement', () => {
  it('pins a zonal set to its zone with one fault domain and creates nothing', () => {
    let placement: NodePlacement | undefined;
    const json = synthScope((s) => (placement = new NodePlacement(s, 'placement', props)));
    expect(placement!.zones).toEqual(['2']);
    expect(placement!.platformFaultDomainCount).toBe(1);
    expect(json.resource ?? {}).toEqual({});
  });

  it("places fault-domain mode regionally with the region's maximum and a zone-less PPG whose intent is the size", () => {
    // GIVEN fault-domains mode in UK South (maximum 2) WHEN the placement is built
    let placement: NodePlacement | undefined;
    const json = synthScope((s) => (placement = new NodePlacement(s, 'placement', { ...fdProps })));
    // THEN no zone anywhere, the count is the region's maximum, nodes get explicit fault domains
    expect(placement!.zones).toBeUndefined();
    expect(placement!.platformFaultDomainCount).toBe(2);
    expect(placement!.explicitFaultDomains).toBe(true);
    const ppg = only(json, 'azurerm_proximity_placement_group');
    expect(ppg).toMatchObject({ name: 'ppg-poc', allowed_vm_sizes: ['Standard_L80s_v3'] });
    expect(ppg.zone).toBeUndefined();
  });

  it('uses a requested fault-domain count within the region maximum', () => {
    let placement: NodePlacement | undefined;
    synthScope(
      (s) => (placement = new NodePlacement(s, 'p', { ...fdProps, location: 'westeurope', faultDomainCount: 2 })),
    );
    expect(placement!.platformFaultDomainCount).toBe(2);
  });

  it("fails when the fault-domain count is above the region's maximum, naming it", () => {
    expect(() => synthScope((s) => new NodePlacement(s, 'p', { ...fdProps, faultDomainCount: 3 }))).toThrow(
      "faultDomainCount must be at most 2 in uksouth (the region's MaximumPlatformFaultDomainCount), got 3",
    );
  });

  it('fails when a zone is given in fault-domain mode', () => {
    expect(() => synthScope((s) => new NodePlacement(s, 'p', { ...fdProps, zone: '2' }))).toThrow(
      /zone must be left unset when mode is "fault-domains".*got "2"/,
    );
  });

  it('fails when the region maximum is unknown and no count is given', () => {
    expect(() => synthScope((s) => new NodePlacement(s, 'p', { ...fdProps, location: 'italynorth' }))).toThrow(
      /faultDomainCount must be set for italynorth: its maximum platform fault-domain count is not in the offline table/,
    );
  });

  it('reserves zonal capacity for the nodes when asked', () => {
    const json = synthScope((s) => new NodePlacement(s, 'placement', { ...props, reservedInstances: 8 }));
    expect(only(json, 'azurerm_capacity_reservation_group')).toMatchObject({ zones: ['2'] });
    expect(only(json, 'azurerm_capacity_reservation')).toMatchObject({
      zone: '2',
      sku: { name: 'Standard_L80s_v3', capacity: 8 },
    });
    expect(resources(json, 'azurerm_proximity_placement_group')).toHaveLength(0);
  });

  it('fails when a capacity reservation is asked for in fault-domain mode', () => {
    expect(() => synthScope((s) => new NodePlacement(s, 'p', { ...fdProps, reservedInstances: 3 }))).toThrow(
      /reservedInstances must be left unset when mode is "fault-domains", got 3/,
    );
  });

  it('fails when the mode is unknown', () => {
    expect(() => synthScope((s) => new NodePlacement(s, 'p', { ...props, mode: 'spread' as never }))).toThrow(
      'mode must be one of "zonal", "fault-domains", got "spread"',
    );
  });
});
