import { declaredZones, referencedSubject, showSetting } from '../config';
import { compliant, fromViolations, notApplicable, type PolicyRule } from '../rule';

/** VAZ-AZR-005: a VM's explicit fault domain exists in the regional scale set it joins. */
export const vmFaultDomainInScaleSet: PolicyRule = {
  id: 'VAZ-AZR-005',
  category: 'conformance',
  level: 'error',
  title: "A VM's `platform_fault_domain` is one of its regional scale set's fault domains",
  rationale:
    'azurerm requires `virtual_machine_scale_set_id` with `platform_fault_domain` (RequiredWith in resourceLinuxVirtualMachine, internal/services/compute/linux_virtual_machine_resource.go at v4.55.0). Azure places the VM in that logical fault domain of the scale set, which must have a `platformFaultDomainCount` greater than 1 (Compute API, VirtualMachine.platformFaultDomain), so the index must be below the count; and the scale set must be regional, since a zonal Flexible scale set has 1 fault domain only. A VM that joins a regional scale set carries no zone.',
  fix: "Join the VM to a regional scale set (`virtual_machine_scale_set_id`) whose `platform_fault_domain_count` is above the index, and remove the VM's `zone`.",
  resourceTypes: ['azurerm_linux_virtual_machine', 'azurerm_windows_virtual_machine'],
  check(subject, context) {
    const fd = subject.config.platform_fault_domain;
    if (fd === undefined || fd === -1) return notApplicable();
    const vmssId = subject.config.virtual_machine_scale_set_id;
    if (vmssId === undefined) {
      return fromViolations([`platform_fault_domain is ${showSetting(fd)} but virtual_machine_scale_set_id is unset`]);
    }
    const vmss = referencedSubject(vmssId, context.subjects, 'azurerm_orchestrated_virtual_machine_scale_set');
    if (vmss === undefined) return compliant(); // a scale set outside this configuration: Azure judges it
    const count = vmss.config.platform_fault_domain_count;
    const setZones = declaredZones(vmss);
    const vmZones = declaredZones(subject);
    return fromViolations([
      typeof fd !== 'number' || !Number.isInteger(fd) || fd < 0
        ? `platform_fault_domain is ${showSetting(fd)}, not a fault-domain index`
        : typeof count === 'number' && fd >= count
          ? `platform_fault_domain is ${fd} but ${vmss.address} has platform_fault_domain_count ${count} (fault domains 0 to ${count - 1})`
          : undefined,
      typeof count === 'number' && count < 2
        ? `${vmss.address} has platform_fault_domain_count ${count}: explicit fault domains need at least 2`
        : undefined,
      setZones.length > 0
        ? `${vmss.address} is zonal (zones [${setZones.join(', ')}]): it has no fault domains to choose`
        : undefined,
      setZones.length === 0 && vmZones.length > 0
        ? `zone is ${showSetting(vmZones[0])} but ${vmss.address} is regional`
        : undefined,
    ]);
  },
};
