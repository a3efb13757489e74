/** Severity, as LSP orders it. */
export type Severity = 'error' | 'warning' | 'information' | 'hint';

interface CodeInfo {
  severity: Severity;
  /** One line: when the code is reported. */
  summary: string;
}

/**
 * The registry of diagnostic codes: stable, kebab-case, each documented in docs/diagnostics.md.
 * Adding a code here is the only way to report it.
 */
export const CODES = {
  // files and syntax
  header: {
    severity: 'error',
    summary: 'The first line is not exactly `#lxdops`, `#lxops-v1` or `#cloud-config`.',
  },
  'yaml-syntax': { severity: 'error', summary: 'The YAML cannot be parsed.' },
  'duplicate-key': { severity: 'warning', summary: 'A key appears twice in one mapping; the last one wins.' },
  'file-unreadable': { severity: 'error', summary: 'A file cannot be read.' },
  'file-too-large': { severity: 'warning', summary: 'A file too large to be a config; it is not checked.' },
  'nesting-too-deep': {
    severity: 'error',
    summary: 'Collections nest deeper than 64 levels; the file is not checked.',
  },
  'alias-cycle': { severity: 'error', summary: 'An alias inside the node its anchor names (`&a [*a]`).' },
  'alias-limit': {
    severity: 'error',
    summary: 'Aliases expand to too many nodes or too deep (an alias bomb).',
  },
  // keys and types
  'unknown-key': { severity: 'error', summary: 'A key that the format does not have (often a misspelling).' },
  'removed-key': {
    severity: 'error',
    summary:
      'A key the format dropped: a v1 key that v2 ignores, or an `#lxdops` key that `#lxops-v1` ignores.',
  },
  'type-mismatch': { severity: 'error', summary: 'A value of the wrong YAML type.' },
  'missing-key': { severity: 'error', summary: 'A required key is missing.' },
  'null-entry': { severity: 'error', summary: 'A filesystem or device entry has no value.' },
  'ignored-in-include': {
    severity: 'warning',
    summary: '`description`, `stop` or `snapshot` in an included file, where it is ignored.',
  },
  // includes and files
  'include-not-found': { severity: 'error', summary: 'An included file does not exist.' },
  'include-cycle': { severity: 'error', summary: 'A file includes itself through a chain of includes.' },
  'include-not-lxdops': {
    severity: 'error',
    summary: 'An included or source config does not start with `#lxdops`.',
  },
  'include-not-lxops': {
    severity: 'error',
    summary: 'A file an `#lxops-v1` config includes is neither `#lxops-v1` nor `#lxdops`.',
  },
  'path-reserved-character': {
    severity: 'error',
    summary: 'An `#lxops-v1` `include` or `cloud-config-files` entry with `|`, `;`, `,` or `:`.',
  },
  'conditional-dropped': {
    severity: 'hint',
    summary: 'An `#lxops-v1` conditional entry left out because its property is not set.',
  },
  'duplicate-include': { severity: 'warning', summary: 'The same file is included twice by one file.' },
  'cloud-config-not-found': { severity: 'error', summary: 'A `cloud-config-files` entry does not exist.' },
  'duplicate-cloud-config': {
    severity: 'warning',
    summary: 'A cloud-config file is listed twice in the merged config and would be applied twice.',
  },
  'source-config-not-found': { severity: 'error', summary: 'The `source-config` file does not exist.' },
  // properties
  'undefined-property': { severity: 'error', summary: 'A `(key)` pattern that no property source defines.' },
  // semantics of the merged config
  'unknown-filesystem': {
    severity: 'error',
    summary: 'A device names a filesystem id that the merged config lacks.',
  },
  'duplicate-device-path': { severity: 'error', summary: 'Two devices mount at the same path.' },
  'duplicate-profile': { severity: 'error', summary: 'A profile is listed twice in the merged `profiles`.' },
  'missing-image': { severity: 'error', summary: 'A config with neither `os.image` nor `origin`.' },
  'os-conflict': { severity: 'error', summary: 'Included files set incompatible `os` names or versions.' },
  'unknown-os': {
    severity: 'error',
    summary: '`os.name` is not alpine, debian or ubuntu where lxdops needs it.',
  },
  'device-origin-format': { severity: 'error', summary: '`device-origin` is not `<instance>@<snapshot>`.' },
  'origin-format': { severity: 'error', summary: '`origin` is not `[<project>_]<container>[/<snapshot>]`.' },
  'origin-project-snapshot': {
    severity: 'information',
    summary: '`origin` uses the `project_container/snapshot` form that upstream lxdops misreads.',
  },
  'device-origin-transient': {
    severity: 'warning',
    summary: '`device-origin` with a transient filesystem, whose snapshot is never taken.',
  },
  'invalid-instance-name': {
    severity: 'error',
    summary: 'The instance name (from the file name) is not a valid LXD name.',
  },
  'device-name-reserved': {
    severity: 'warning',
    summary: 'A device named like a device of other profiles (`root`, `eth0`), which it would replace.',
  },
  'device-dir-relative': {
    severity: 'error',
    summary: 'An `#lxops-v1` device without a filesystem whose `dir` is not absolute.',
  },
  'empty-profile': {
    severity: 'error',
    summary: 'An `#lxops-v1` config whose `profile-pattern` gives an empty profile name.',
  },
  'cloud-config-unsupported': {
    severity: 'error',
    summary: 'cloud-config files on an OS type that cannot apply them (`ostype: openwrt`).',
  },
  'device-path-invalid': { severity: 'error', summary: 'A device `path` that is empty or not absolute.' },
  'empty-pattern': { severity: 'error', summary: 'A filesystem without a `pattern`.' },
  // containment: what destroy, rollback and the device directories may touch
  'destroy-system-path': {
    severity: 'error',
    summary: 'A `destroy: true` filesystem that resolves to `/` or a system directory.',
  },
  'destroy-pool-root': {
    severity: 'error',
    summary: 'A `destroy: true` ZFS filesystem that is a whole pool (a pattern with one component).',
  },
  'destroy-parent': {
    severity: 'error',
    summary: "A `destroy: true` filesystem that is a parent of another filesystem's data.",
  },
  'destroy-shared': {
    severity: 'warning',
    summary: 'A `destroy: true` pattern that does not depend on the instance, so every instance shares it.',
  },
  'device-dir-outside': {
    severity: 'error',
    summary:
      'A device `dir` that leaves its filesystem through `..`, or an absolute one that is a system directory.',
  },
  'unsafe-value': {
    severity: 'error',
    summary: 'A substituted value with a control character, a leading `-` or a `..` component.',
  },
  'invalid-dataset-name': {
    severity: 'error',
    summary: 'A filesystem pattern that substitutes to an invalid ZFS dataset name.',
  },
  // cloud-config
  'unsupported-module': {
    severity: 'warning',
    summary: 'A cloud-init module that lxdops does not apply; it is ignored.',
  },
  'unknown-module': {
    severity: 'error',
    summary: 'A top-level cloud-config key that cloud-init does not know.',
  },
  'unsupported-field': { severity: 'warning', summary: 'A cloud-init field that lxdops ignores.' },
  'unsupported-value': {
    severity: 'warning',
    summary: 'A cloud-init form that lxdops applies differently or skips.',
  },
  'sudo-rule-not-doas': {
    severity: 'warning',
    summary: 'A `sudo` rule that doas cannot express; it is not written to the doas file on alpine.',
  },
  'invalid-permissions': { severity: 'error', summary: '`permissions` is not an octal mode such as `0644`.' },
  'permissions-not-string': {
    severity: 'warning',
    summary: '`permissions` is an unquoted number, which cloud-init reads as decimal.',
  },
  'empty-command': { severity: 'error', summary: 'A `runcmd` item that is an empty list.' },
} as const satisfies Record<string, CodeInfo>;

export type DiagnosticCode = keyof typeof CODES;

/**
 * The codes of what stops an operation before it changes anything (load, pre-flight and plan
 * blockers of core/src/operations); the check stage reports the diagnostics' own codes. Each is
 * documented in docs/diagnostics.md like a diagnostic code.
 */
export const BLOCKER_CODES = {
  'config-unreadable': { severity: 'error', summary: 'A config named for an operation cannot be read.' },
  'not-a-config': {
    severity: 'error',
    summary: 'A file named for an operation does not start with `#lxdops`.',
  },
  'device-dir-missing': {
    severity: 'error',
    summary: 'The absolute `dir` of an `#lxops-v1` device without a filesystem does not exist on the host.',
  },
  'spec-invalid': { severity: 'error', summary: 'A config that cannot be turned into an instance.' },
  'lxd-unreachable': { severity: 'error', summary: 'LXD does not answer, so nothing can be checked.' },
  'unknown-host': {
    severity: 'error',
    summary: 'The host an operation names is not among the discovered hosts (`lxdops hosts`).',
  },
  'image-missing': {
    severity: 'error',
    summary: 'The `os.image` alias or fingerprint is not in the local image store.',
  },
  'image-remote-unreachable': {
    severity: 'error',
    summary: 'The remote of a `remote:alias` image does not answer.',
  },
  'profile-missing': {
    severity: 'error',
    summary: 'A profile the config lists does not exist in the project.',
  },
  'zfs-unavailable': {
    severity: 'error',
    summary: '`zfs` could not answer (not installed, its daemon down).',
  },
  'zfs-pool-missing': { severity: 'error', summary: 'The pool of a dataset to create does not exist.' },
  'zfs-property-refused': {
    severity: 'error',
    summary: "A `zfsproperties` value this host's ZFS does not accept.",
  },
  'cloud-config-unreadable': { severity: 'error', summary: 'A cloud-config file cannot be read or parsed.' },
  'plan-refused': { severity: 'error', summary: 'The state of LXD or ZFS does not allow the command.' },
  'not-owned': {
    severity: 'error',
    summary: "A filesystem the command would change is not the instance's own (no owner mark or record).",
  },
  'instance-locked': {
    severity: 'error',
    summary: 'Another operation on the instance is in progress (its lock is held).',
  },
  'host-path-link': {
    severity: 'error',
    summary:
      'A symbolic link in instance data where the engine expects a directory to create, chown or copy into.',
  },
  'host-path-not-directory': {
    severity: 'error',
    summary: 'A file in instance data where the engine expects a directory to create, chown or copy into.',
  },
  'cluster-target-needed': {
    severity: 'error',
    summary: 'A new instance with filesystems on a cluster, without `--target MEMBER` to say where they go.',
  },
  'cluster-target-mismatch': {
    severity: 'error',
    summary: '`--target` names another member than the one that holds the instance and its filesystems.',
  },
  'cluster-member-unknown': {
    severity: 'error',
    summary: '`--target` names no member of the cluster (or the host is not a cluster).',
  },
  'cluster-member-offline': {
    severity: 'error',
    summary: 'The cluster member that holds (or is to hold) the instance is not online.',
  },
  'cluster-member-no-ssh': {
    severity: 'error',
    summary: "The member that holds the instance's filesystems has no SSH destination in the host entry.",
  },
  'rebuild-name-too-long': {
    severity: 'error',
    summary: 'A safe rebuild would keep the old container under a name longer than LXD allows (63).',
  },
  'nothing-to-revert': {
    severity: 'error',
    summary: '`lxdops revert`: no container kept by a safe rebuild of the instance.',
  },
  'rebuild-unfinished': {
    severity: 'error',
    summary:
      'A safe rebuild of the instance did not finish; neither `rebuild --unsafe` nor `launch` takes it over (run `rebuild` or `revert`).',
  },
  'fleet-no-clones': {
    severity: 'error',
    summary:
      'The config given to fleet upgrade is no template: no config among those read names it in `origin`.',
  },
  'fleet-snapshot-unnamed': {
    severity: 'error',
    summary:
      '`--snapshot` without a name, and the clones do not name one snapshot of the template (or none).',
  },
  'fleet-template-missing': {
    severity: 'error',
    summary: 'The template container exists on none of the hosts of the fleet upgrade.',
  },
} as const satisfies Record<string, CodeInfo>;

export type BlockerCode = keyof typeof BLOCKER_CODES;

export function defaultSeverity(code: DiagnosticCode): Severity {
  return CODES[code].severity;
}
