/**
 * The top-level keys of `#lxdops` that lxops dropped (lxops-successor.md §1.2; lxdops-format.md §8),
 * with what lxops does instead. lxops reads them without a word (yaml.v2 is not strict), so the
 * migration comments them out with this text rather than deleting them.
 */
export const DROPPED_KEYS: ReadonlyMap<string, string> = new Map([
  [
    'container',
    'the container is always named after the instance (the file name or --name); rename the file or launch with --name',
  ],
  [
    'profile-config',
    'lxops sets no config on the instance profile; put these keys in a profile listed under `profiles`',
  ],
  [
    'profiles-config',
    'lxops has no configure-only profiles; list them under `profiles` (attached all along) or drop them',
  ],
  ['profiles-run', 'lxops attaches every profile from the start; list them under `profiles`'],
  ['stop', 'lxops does not stop the container after launch; stop it yourself (`lxc stop NAME`)'],
  [
    'snapshot',
    'lxops takes no instance snapshot after launch; run `lxops snapshot -c -s NAME CONFIG` afterwards',
  ],
]);

/** `os.version`: lxdops v2 used it only to check merges; lxops has no version. */
export const OS_VERSION_INSTEAD =
  'lxops has no OS version; name the release in `image` (e.g. images:alpine/3.17)';

/** A key inside `os` that is neither name, image nor version. */
export const OS_UNKNOWN_INSTEAD = 'lxops has no `os` section: this key had no effect in lxdops either';

/** The comment line put above each commented-out key. */
export function ignoredComment(instead: string): string {
  return `# lxops ignores this: ${instead}`;
}
