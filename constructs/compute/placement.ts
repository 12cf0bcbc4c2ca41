import { Construct } from 'constructs';
import { CapacityReservation } from '@cdktf/provider-azurerm/lib/capacity-reservation';
import { CapacityReservationGroup } from '@cdktf/provider-azurerm/lib/capacity-reservation-group';
import { ProximityPlacementGroup } from '@cdktf/provider-azurerm/lib/proximity-placement-group';
import type { LSeriesSize } from './l-series-catalog';
import { assertIntegerInRange, assertZone, type Tags } from '../shared/validation';

/**
 * How nodes are placed inside the zone.
 *
 * - `zonal`: the scale set carries `zones = [zone]` and a platform fault domain count of 1. Azure spreads the
 *   instances over fault domains ("max spreading") but does not say which node is in which. The placement Azure
 *   documents for zonal Flexible scale sets.
 * - `fault-domains`: a regional scale set (no `zones`) with three platform fault domains, inside a proximity
 *   placement group that is pinned to the zone. Nodes know their fault domain, so erasure coding can survive the
 *   loss of a whole one. NOT verified against Azure: a regional Flexible set with three fault domains inside a
 *   zonal proximity placement group may be refused at deploy time.
 */
export const PLACEMENT_MODES = ['zonal', 'fault-domains'] as const;
/** A placement mode. */
export type PlacementMode = (typeof PLACEMENT_MODES)[number];

/** Props of {@link NodePlacement}. */
export interface NodePlacementProps {
  /** The placement mode. */
  readonly mode: PlacementMode;
  /** The availability zone everything is pinned to. */
  readonly zone: string;
  /** Prefix for Azure resource names. */
  readonly namePrefix: string;
  /** Resource group for the placement resources. */
  readonly resourceGroupName: string;
  /** Azure region. */
  readonly location: string;
  /** The node VM size (the proximity placement group's intent and the reservation's SKU). */
  readonly vmSize: LSeriesSize;
  /**
   * Reserve capacity for this many nodes in the zone with a capacity reservation group (a guarantee, billed
   * whether or not VMs run). Only in `zonal` mode: Terraform refuses a scale set with both a proximity placement
   * group and a capacity reservation group.
   *
   * @default - no reservation
   */
  readonly reservedInstances?: number;
  /**
   * Other VM sizes placed with the nodes (the management node, the client pool): a proximity placement group with
   * `allowed_vm_sizes` accepts only the sizes it lists.
   *
   * @default - none
   */
  readonly colocatedVmSizes?: readonly string[];
  /** Tags for every resource. */
  readonly tags: Tags;
}

/**
 * The placement decisions for the node pool: zones, fault-domain count, and the proximity placement group or
 * capacity reservation that goes with the mode. The node pool reads its placement arguments from here.
 */
export class NodePlacement extends Construct {
  /** The placement mode. */
  readonly mode: PlacementMode;
  /** The scale set's `zones`: the zone in `zonal` mode, none in `fault-domains` mode (the PPG carries it). */
  readonly zones: string[] | undefined;
  /** The scale set's `platform_fault_domain_count`. */
  readonly platformFaultDomainCount: number;
  /** The proximity placement group (`fault-domains` mode). */
  readonly proximityPlacementGroup?: ProximityPlacementGroup;
  /** The capacity reservation group (when reserved instances are asked for). */
  readonly capacityReservationGroup?: CapacityReservationGroup;
  /** The reservation inside the group. */
  readonly capacityReservation?: CapacityReservation;

  constructor(scope: Construct, id: string, props: NodePlacementProps) {
    super(scope, id);
    if (!(PLACEMENT_MODES as readonly string[]).includes(props.mode)) {
      throw new Error(`mode must be one of "zonal", "fault-domains", got "${String(props.mode)}"`);
    }
    assertZone(props.zone, 'zone');
    this.mode = props.mode;
    const common = { resourceGroupName: props.resourceGroupName, location: props.location, tags: props.tags };

    if (props.mode === 'zonal') {
      this.zones = [props.zone];
      this.platformFaultDomainCount = 1;
    } else {
      this.zones = undefined;
      this.platformFaultDomainCount = 3;
      this.proximityPlacementGroup = new ProximityPlacementGroup(this, 'ppg', {
        ...common,
        name: `ppg-${props.namePrefix}`,
        zone: props.zone,
        allowedVmSizes: [props.vmSize, ...(props.colocatedVmSizes ?? []).filter((s) => s !== props.vmSize)],
      });
    }

    if (props.reservedInstances !== undefined) {
      if (props.mode === 'fault-domains') {
        throw new Error(
          'reservedInstances must be left unset when mode is "fault-domains", got ' +
            `${props.reservedInstances}: Terraform refuses a scale set with both a proximity placement group and a capacity reservation group`,
        );
      }
      assertIntegerInRange(props.reservedInstances, 1, 1000, 'reservedInstances');
      this.capacityReservationGroup = new CapacityReservationGroup(this, 'crg', {
        ...common,
        name: `crg-${props.namePrefix}`,
        zones: [props.zone],
      });
      this.capacityReservation = new CapacityReservation(this, 'reservation', {
        name: `cr-${props.namePrefix}-nodes`,
        capacityReservationGroupId: this.capacityReservationGroup.id,
        zone: props.zone,
        sku: { name: props.vmSize, capacity: props.reservedInstances },
        tags: props.tags,
      });
    }
  }
}
