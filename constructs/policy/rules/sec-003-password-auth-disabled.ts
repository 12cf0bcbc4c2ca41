import { block, showSetting } from '../config';
import { compliant, fromViolations, nonCompliant, type PolicyRule } from '../rule';

/** VAZ-SEC-003: nodes accept SSH keys only; password login is disabled and no admin password is set. */
export const passwordAuthenticationDisabled: PolicyRule = {
  id: 'VAZ-SEC-003',
  category: 'security',
  level: 'error',
  title: 'Password authentication is disabled on every node',
  rationale:
    'Passwords can be guessed and end up in state and tfvars files; SSH keys supplied at apply time keep node login out of the repository.',
  fix: 'Set `disable_password_authentication = true`, remove `admin_password`, and give the admin an SSH public key from the `ssh_public_key` variable.',
  resourceTypes: [
    'azurerm_orchestrated_virtual_machine_scale_set',
    'azurerm_linux_virtual_machine_scale_set',
    'azurerm_linux_virtual_machine',
    'azurerm_windows_virtual_machine_scale_set',
    'azurerm_windows_virtual_machine',
  ],
  check(subject) {
    if (subject.type.startsWith('azurerm_windows_')) {
      return nonCompliant('Windows VMs log in with passwords; VAST nodes must be Linux with SSH keys');
    }
    if (subject.type === 'azurerm_orchestrated_virtual_machine_scale_set') {
      const os = block(subject.config.os_profile);
      if (os === undefined) return compliant();
      if (block(os.windows_configuration) !== undefined) {
        return nonCompliant('os_profile has a windows_configuration: Windows VMs log in with passwords');
      }
      const linux = block(os.linux_configuration);
      return fromViolations([
        linux?.disable_password_authentication === true
          ? undefined
          : `os_profile.linux_configuration.disable_password_authentication is ${showSetting(linux?.disable_password_authentication)}`,
        linux?.admin_password === undefined ? undefined : 'os_profile.linux_configuration.admin_password is set',
      ]);
    }
    // The Linux VM and scale set resources default disable_password_authentication to true.
    return fromViolations([
      subject.config.disable_password_authentication === false ? 'disable_password_authentication is false' : undefined,
      subject.config.admin_password === undefined ? undefined : 'admin_password is set',
    ]);
  },
};
