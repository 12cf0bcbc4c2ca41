import { Construct } from 'constructs';
import { CapacityReservation } from '@cdktf/provider-azurerm/lib/capacity-reservation';
import { CapacityReservationGroup } from '@cdktf/provider-azurerm/lib/capacity-reservation-group';
import { ProximityPlacementGroup } from '@cdktf/provider-azurerm/lib/proximity-placement-group';
import { FLEX_MAX_FAULT_DOMAINS, MIN_VISIBLE_FAULT_DOMAINS, regionMaxFaultDomains } from './fault-domains';
import type { LSeriesSize } from './l-series-catalog';
import { assertIntegerInRange, assertZone, type Tags } from '../shared/validation';

/**
 * How nodes are placed.
 *
 * - `zonal`: the scale set carries `zones = [zone]` and a platform fault domain count of 1. Azure spreads the
 *   instances over fault domains ("max spreading") but does not say which node is in which: zone pinned, failure
 *   units invisible. The placement Azure documents for zonal Flexible scale sets.
 * - `fault-domains`: a regional scale set (no `zones`) with the region's platform fault-domain count (2 or 3), each
 *   node a VM with an explicit fault domain, co-located by a proximity placement group without a zone (its intent
 *   is the VM size). Failure units known, no zone pinning: Azure places the group and reports no zone.
 */
export const PLACEMENT_MODES = ['zonal', 'fault-domains'] as const;
/** A placement mode. */
export type PlacementMode = (typeof PLACEMENT_MODES)[number];

/** Props of {@link NodePlacement}. */
export interface NodePlacementProps {
  /** The placement mode. */
  readonly mode: PlacementMode;
  /**
   * The availability zone everything is pinned to. Required in `zonal` mode; must be left unset in `fault-domains`
   * mode (the cluster is regional).
   *
   * @default - none (only valid in `fault-domains` mode)
   */
  readonly zone?: string;
  /**
   * Platform fault-domain count in `fault-domains` mode: 2 or 3, at most the region's maximum
   * (`MaximumPlatformFaultDomainCount`). Must be left unset in `zonal` mode.
   *
   * @default - the region's maximum from the offline table (an error when the region is not in it)
   */
  readonly faultDomainCount?: number;
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
  /** The scale set's `zones`: the zone in `zonal` mode, none in `fault-domains` mode. */
  readonly zones: string[] | undefined;
  /** The scale set's `platform_fault_domain_count`. */
  readonly platformFaultDomainCount: number;
  /** Whether nodes are created with an explicit fault domain each (`fault-domains` mode). */
  readonly explicitFaultDomains: boolean;
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
    this.mode = props.mode;
    const common = { resourceGroupName: props.resourceGroupName, location: props.location, tags: props.tags };

    if (props.mode === 'zonal') {
      if (props.zone === undefined) throw new Error('zone must be set when mode is "zonal", got nothing');
      assertZone(props.zone, 'zone');
      if (props.faultDomainCount !== undefined) {
        throw new Error(
          `faultDomainCount must be left unset when mode is "zonal" (a zonal Flexible scale set accepts only 1), got ${props.faultDomainCount}`,
        );
      }
      this.zones = [props.zone];
      this.platformFaultDomainCount = 1;
      this.explicitFaultDomains = false;
    } else {
      if (props.zone !== undefined) {
        throw new Error(
          `zone must be left unset when mode is "fault-domains" (the scale set is regional; a zone cannot be pinned), got "${props.zone}"`,
        );
      }
      this.zones = undefined;
      this.platformFaultDomainCount = resolveFaultDomainCount(props.location, props.faultDomainCount);
      this.explicitFaultDomains = true;
      // No zone: a PPG with a zone accepts only VMs in that zone, and the scale set is regional. The intent (the VM
      // size) lets Azure pick a datacenter that has the size.
      this.proximityPlacementGroup = new ProximityPlacementGroup(this, 'ppg', {
        ...common,
        name: `ppg-${props.namePrefix}`,
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
        zones: this.zones,
      });
      this.capacityReservation = new CapacityReservation(this, 'reservation', {
        name: `cr-${props.namePrefix}-nodes`,
        capacityReservationGroupId: this.capacityReservationGroup.id,
        zone: this.zones?.[0],
        sku: { name: props.vmSize, capacity: props.reservedInstances },
        tags: props.tags,
      });
    }
  }
}

/**
 * The platform fault-domain count for a regional scale set in `location`: `requested` when it is allowed, else the
 * region's maximum.
 *
 * @throws Error when `requested` is outside 2–3 or above the region's maximum, when the region allows fewer than 2,
 * or when nothing is requested and the region's maximum is not known offline.
 */
export function resolveFaultDomainCount(location: string, requested?: number): number {
  const max = regionMaxFaultDomains(location);
  if (requested !== undefined) {
    assertIntegerInRange(requested, MIN_VISIBLE_FAULT_DOMAINS, FLEX_MAX_FAULT_DOMAINS, 'faultDomainCount');
    if (max !== undefined && requested > max) {
      throw new Error(
        `faultDomainCount must be at most ${max} in ${location} (the region's MaximumPlatformFaultDomainCount), got ${requested}`,
      );
    }
    return requested;
  }
  if (max === undefined) {
    throw new Error(
      `faultDomainCount must be set for ${location}: its maximum platform fault-domain count is not in the offline table (run preflight to read it from Azure)`,
    );
  }
  if (max < MIN_VISIBLE_FAULT_DOMAINS) {
    throw new Error(
      `location ${location} allows ${max} platform fault domain: mode "fault-domains" needs at least ${MIN_VISIBLE_FAULT_DOMAINS}; use mode "zonal" or another region`,
    );
  }
  return max;
}
