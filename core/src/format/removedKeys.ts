/** v1 (master) keys that v2 ignores, and where their job went (reference §2.7). */
export const REMOVED_KEYS: Readonly<Record<string, string>> = {
  packages: 'list the packages under `packages` in a #cloud-config file listed in `cloud-config-files`',
  users: 'describe the users under `users` in a #cloud-config file listed in `cloud-config-files`',
  files: 'write the files with `write_files` in a #cloud-config file listed in `cloud-config-files`',
  scripts: 'run the commands with `runcmd` in a #cloud-config file listed in `cloud-config-files`',
  'pre-scripts':
    'run the commands with `runcmd` (or non-deferred `write_files`) in a #cloud-config file listed in `cloud-config-files`',
  passwords:
    'create the users with `users` in a #cloud-config file listed in `cloud-config-files` (lxdops unlocks their passwords on Alpine)',
  pull: 'copy the files out after launch yourself; v2 has no equivalent',
};
