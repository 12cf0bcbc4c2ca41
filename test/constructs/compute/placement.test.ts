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

describe('NodePlacement', () => {
  it('pins a zonal set to its zone with one fault domain and creates nothing', () => {
    let placement: NodePlacement | undefined;
    const json = synthScope((s) => (placement = new NodePlacement(s, 'placement', props)));
    expect(placement!.zones).toEqual(['2']);
    expect(placement!.platformFaultDomainCount).toBe(1);
    expect(json.resource ?? {}).toEqual({});
  });

  it('pins fault-domain mode through a zonal proximity placement group with the size as intent', () => {
    let placement: NodePlacement | undefined;
    const json = synthScope(
      (s) => (placement = new NodePlacement(s, 'placement', { ...props, mode: 'fault-domains' })),
    );
    expect(placement!.zones).toBeUndefined();
    expect(placement!.platformFaultDomainCount).toBe(3);
    expect(only(json, 'azurerm_proximity_placement_group')).toMatchObject({
      name: 'ppg-poc',
      zone: '2',
      allowed_vm_sizes: ['Standard_L80s_v3'],
    });
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
    expect(() =>
      synthScope((s) => new NodePlacement(s, 'p', { ...props, mode: 'fault-domains', reservedInstances: 3 })),
    ).toThrow(/reservedInstances must be left unset when mode is "fault-domains", got 3/);
  });

  it('fails when the mode is unknown', () => {
    expect(() => synthScope((s) => new NodePlacement(s, 'p', { ...props, mode: 'spread' as never }))).toThrow(
      'mode must be one of "zonal", "fault-domains", got "spread"',
    );
  });
});
