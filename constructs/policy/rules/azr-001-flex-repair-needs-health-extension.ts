import { block, blocks, showSetting } from '../config';
import { compliant, nonCompliant, type PolicyRule } from '../rule';

/** The extension types azurerm counts as an application health extension. */
const HEALTH_EXTENSION_TYPES = ['ApplicationHealthLinux', 'ApplicationHealthWindows'];

/** VAZ-AZR-001: a Flexible scale set has no `automatic_instance_repair` block unless it has a health extension. */
export const flexRepairNeedsHealthExtension: PolicyRule = {
  id: 'VAZ-AZR-001',
  category: 'conformance',
  level: 'error',
  title: 'A Flexible scale set has no `automatic_instance_repair` block without an application health extension',
  rationale:
    'azurerm refuses any `automatic_instance_repair` block, even `enabled = false`, on `azurerm_orchestrated_virtual_machine_scale_set` unless an ApplicationHealthLinux/Windows extension is configured: resourceOrchestratedVirtualMachineScaleSetCreate tests `d.GetOk("automatic_instance_repair")`, true for any non-empty block, and fails the apply (internal/services/compute/orchestrated_virtual_machine_scale_set_resource.go at v4.55.0; the extension test is in expandOrchestratedVirtualMachineScaleSetExtensions, orchestrated_virtual_machine_scale_set.go).',
  fix: 'Remove the `automatic_instance_repair` block (repair is off without it).',
  resourceTypes: ['azurerm_orchestrated_virtual_machine_scale_set'],
  check(subject) {
    const repair = block(subject.config.automatic_instance_repair);
    if (repair === undefined) return compliant();
    const healthExtension = blocks(subject.config.extension).some(
      (e) => typeof e.type === 'string' && HEALTH_EXTENSION_TYPES.includes(e.type),
    );
    return healthExtension
      ? compliant()
      : nonCompliant(
          `automatic_instance_repair is set (enabled is ${showSetting(repair.enabled)}) and no application health extension is configured`,
        );
  },
};
