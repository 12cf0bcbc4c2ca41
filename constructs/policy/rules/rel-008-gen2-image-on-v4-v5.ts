import { isGen1ImageSku } from '../../compute/node-pool';
import { block, COMPUTE_TYPE_NAMES, isExpression, needsGen2NvmeImage, showSetting, vmSizeOf } from '../config';
import { compliant, nonCompliant, notApplicable, type PolicyRule } from '../rule';

/** VAZ-REL-008: v4 and v5 L-series nodes boot a Gen2 image with NVMe support. */
export const gen2ImageOnV4V5: PolicyRule = {
  id: 'VAZ-REL-008',
  category: 'reliability',
  level: 'error',
  title: 'v4 and v5 L-series nodes boot a Gen2, NVMe-capable image',
  rationale:
    'v4 and v5 L-series sizes have no SCSI temp disk and present disks over NVMe only; a Gen1 image does not boot on them, and the deployment fails after capacity was allocated.',
  fix: 'Use a Gen2 image SKU (e.g. Canonical `ubuntu-24_04-lts` / `server`, or a `-gen2` SKU), never a `gen1` or plain `-lts` SKU.',
  resourceTypes: COMPUTE_TYPE_NAMES,
  check(subject) {
    const size = vmSizeOf(subject);
    if (size === undefined || !needsGen2NvmeImage(size)) return notApplicable();
    const image = block(subject.config.source_image_reference);
    if (image === undefined) return notApplicable();
    const sku = image.sku;
    if (typeof sku !== 'string' || isExpression(sku)) {
      return nonCompliant(`source_image_reference.sku is ${showSetting(sku)}, which the pack cannot check`);
    }
    return isGen1ImageSku(sku)
      ? nonCompliant(`source_image_reference.sku "${sku}" is a Gen1 image on ${size}`)
      : compliant();
  },
};
