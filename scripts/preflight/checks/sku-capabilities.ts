import { notPass, pass, type PreflightCheck } from '../check';
import { NICS_PER_NODE } from '../requirements';

const MIB_PER_TB = 1e12 / 2 ** 20;

/** SKU capabilities: what the stack and the profile need from the size, compared with the catalog. */
export const skuCapabilitiesCheck: PreflightCheck<'sku-capabilities'> = {
  id: 'sku-capabilities',
  run({ profile, spec, sku }) {
    const size = profile.nodes.vmSize;
    if (!sku) {
      return notPass(
        'sku-capabilities',
        'warn',
        `not checked: ${size} is not in the SKU list of ${profile.location}`,
        'fix sku-region first; this check runs once the size is offered',
      );
    }
    const caps = sku.capabilities;
    const isTrue = (name: string): boolean => (caps[name] ?? '').toLowerCase() === 'true';
    const parts: string[] = [];
    const failures: string[] = [];
    const warnings: string[] = [];

    if (isTrue('AcceleratedNetworkingEnabled')) parts.push('accelerated networking yes');
    else {
      parts.push('accelerated networking NO');
      failures.push(
        'choose a size with accelerated networking (every catalog size should have it: report the mismatch)',
      );
    }

    const perDisk = Number(caps.NvmeSizePerDiskInMiB ?? '0');
    const total = Number(caps.NvmeDiskSizeInMiB ?? '0');
    const expectedPerDisk = Math.floor(spec.nvmeDiskSizeTB * MIB_PER_TB);
    const catalog = `catalog ${spec.nvmeDiskCount} × ${spec.nvmeDiskSizeTB} TB`;
    if (!(perDisk > 0) || !(total > 0)) {
      parts.push(`NVMe NONE (${catalog})`);
      failures.push('choose a size with local NVMe disks; VAST needs them');
    } else {
      const count = Math.round(total / perDisk);
      const tb = Math.round((perDisk / MIB_PER_TB) * 100) / 100;
      const sizeMatches = Math.abs(perDisk - expectedPerDisk) / expectedPerDisk <= 0.01;
      if (count === spec.nvmeDiskCount && sizeMatches) parts.push(`NVMe ${count} × ${tb} TB (matches catalog)`);
      else {
        parts.push(`NVMe ${count} × ${tb} TB (${catalog}: MISMATCH)`);
        failures.push(
          `Azure reports ${count} × ${perDisk} MiB NVMe for ${size} but the catalog says ${spec.nvmeDiskCount} × ${expectedPerDisk} MiB: update constructs/compute/l-series-catalog.ts before planning capacity`,
        );
      }
    }

    const gens = (caps.HyperVGenerations ?? '').split(',').map((g) => g.trim().toUpperCase());
    if (gens.includes('V2')) parts.push('Gen2 yes');
    else {
      parts.push(`Gen2 NO (${caps.HyperVGenerations || 'none listed'})`);
      failures.push('choose a size that supports Gen2 images (the image is Gen2)');
    }

    if (profile.nodes.encryptionAtHost) {
      if (isTrue('EncryptionAtHostSupported')) parts.push('encryption at host supported');
      else {
        parts.push('encryption at host NOT supported');
        failures.push('set nodes.encryptionAtHost to false or choose a size that supports it');
      }
    } else parts.push('encryption at host not wanted');

    const maxNics = Number(caps.MaxNetworkInterfaces ?? '0');
    if (maxNics >= NICS_PER_NODE) parts.push(`NICs max ${maxNics} ≥ ${NICS_PER_NODE} needed`);
    else {
      parts.push(`NICs max ${caps.MaxNetworkInterfaces ?? 'unknown'} < ${NICS_PER_NODE} needed`);
      failures.push(`choose a size that takes at least ${NICS_PER_NODE} network interfaces`);
    }

    if (profile.capacityReservation.enabled) {
      if (isTrue('CapacityReservationSupported')) parts.push('capacity reservation supported');
      else {
        parts.push('capacity reservation NOT supported');
        failures.push('set capacityReservation.enabled to false or choose a size that supports capacity reservations');
      }
    } else parts.push('capacity reservation not asked for');

    const vcpus = Number(caps.vCPUs ?? 'NaN');
    if (Number.isFinite(vcpus) && vcpus !== spec.vcpus) {
      parts.push(`vCPUs ${vcpus} (catalog ${spec.vcpus})`);
      warnings.push(
        `Azure reports ${vcpus} vCPUs for ${size}, the catalog ${spec.vcpus}: quota uses Azure's figure; update the catalog`,
      );
    }

    const message = `${size}: ${parts.join('; ')}`;
    if (failures.length > 0) return notPass('sku-capabilities', 'fail', message, failures.join('; '));
    if (warnings.length > 0) return notPass('sku-capabilities', 'warn', message, warnings.join('; '));
    return pass('sku-capabilities', message);
  },
};
