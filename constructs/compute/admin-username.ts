/**
 * Linux admin user names the azurerm provider refuses, as one fact for every VM resource this toolkit emits.
 *
 * Source: hashicorp/terraform-provider-azurerm v4.55.0 (see docs/provider-notes.md):
 * - `azurerm_orchestrated_virtual_machine_scale_set` (`os_profile.linux_configuration.admin_username`):
 *   internal/services/compute/orchestrated_virtual_machine_scale_set.go, `validateAdminUsernameLinux`
 *   (compared case-insensitively, 1–64 characters);
 * - `azurerm_linux_virtual_machine` (`admin_username`): internal/services/compute/validate/linux_admin_username.go,
 *   `LinuxAdminUsername` (compared case-sensitively).
 *
 * A profile name is checked against both lists, case-insensitively, so it passes whichever resource carries it.
 */

/** Reserved by the orchestrated scale set's `validateAdminUsernameLinux`. */
const SCALE_SET_RESERVED = [
  'abrt', 'adm', 'admin', 'audio', 'backup', 'bin', 'cdrom', 'cgred', 'console', 'crontab', 'daemon', 'dbus',
  'dialout', 'dip', 'disk', 'fax', 'floppy', 'ftp', 'fuse', 'games', 'gnats', 'gopher', 'haldaemon', 'halt', 'irc',
  'kmem', 'landscape', 'libuuid', 'list', 'lock', 'lp', 'mail', 'maildrop', 'man', 'mem', 'messagebus', 'mlocate',
  'modem', 'netdev', 'news', 'nfsnobody', 'nobody', 'nogroup', 'ntp', 'operator', 'oprofile', 'plugdev',
  'polkituser', 'postdrop', 'postfix', 'proxy', 'public', 'qpidd', 'root', 'rpc', 'rpcuser', 'sasl', 'saslauth',
  'shadow', 'shutdown', 'slocate', 'src', 'ssh', 'sshd', 'staff', 'stapdev', 'stapusr', 'sudo', 'sync', 'sys',
  'syslog', 'tape', 'tcpdump', 'test', 'trusted', 'tty', 'users', 'utempter', 'utmp', 'uucp', 'uuidd', 'vcsa',
  'video', 'voice', 'wheel', 'whoopsie', 'www', 'www-data', 'wwwrun', 'xok',
] as const; // prettier-ignore

/** Reserved by `azurerm_linux_virtual_machine`'s `LinuxAdminUsername`. */
const VIRTUAL_MACHINE_RESERVED = [
  'administrator', 'admin', 'user', 'user1', 'test', 'user2', 'test1', 'user3', 'admin1', '1', '123', 'a',
  'actuser', 'adm', 'admin2', 'aspnet', 'backup', 'console', 'david', 'guest', 'john', 'owner', 'root', 'server',
  'sql', 'support', 'support_388945a0', 'sys', 'test2', 'test3', 'user4', 'user5',
] as const; // prettier-ignore

/** The nodes' Linux administrator when the profile names none. */
export const DEFAULT_ADMIN_USERNAME = 'vastadmin';

/** Every name either resource refuses, lower case, sorted. */
export const RESERVED_ADMIN_USERNAMES: readonly string[] = [
  ...new Set([...SCALE_SET_RESERVED, ...VIRTUAL_MACHINE_RESERVED]),
].sort();

/** Whether the provider (scale set or VM) refuses `name` as the Linux admin user. */
export function isReservedAdminUsername(name: string): boolean {
  return RESERVED_ADMIN_USERNAMES.includes(name.toLowerCase());
}
