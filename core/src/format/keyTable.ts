import lxdopsSchema from '../../../schemas/lxdops.schema.json';

/**
 * Each key of the `#lxdops` format, once (reference §2.2–§2.5): how it is decoded, merged over
 * includes, substituted, where it may be written, and its documentation, which comes from
 * schemas/lxdops.schema.json (a test holds this table and the schema together). Decoding, merging,
 * rendering, hover, substitution and navigation read it instead of listing keys themselves.
 */

/** How a value is written and decoded. */
export type KeyType =
  | 'string'
  | 'boolean'
  | 'string-list'
  | 'string-map'
  | 'path'
  | 'path-list'
  | 'os'
  | 'filesystems'
  | 'devices';

/** How values from the files of an include tree combine (reference §2.2). */
export type MergeRule =
  | 'root-only'
  | 'override-if-non-empty'
  | 'map-merge'
  | 'entry-replace'
  | 'append'
  | 'replace-if-non-empty'
  | 'os-rule'
  | 'not-kept';

export interface KeySpec {
  /** The YAML key. */
  key: string;
  /** The field of ConfigFileModel and EffectiveConfig that holds it. */
  field: string;
  type: KeyType;
  merge: MergeRule;
  /** The value goes through `(property)` substitution. */
  substitutable: boolean;
  /** Read only from the root config; ignored (and reported) in an included file. */
  topOnly: boolean;
  docs: string;
}

/** A key of a nested mapping (`os`, a filesystem, a device). */
export interface NestedKeySpec {
  key: string;
  type: 'string' | 'boolean' | 'string-map';
  substitutable: boolean;
  docs: string;
}

interface SchemaNode {
  description?: string;
  properties?: Record<string, SchemaNode>;
}
const schema = lxdopsSchema as {
  properties: Record<string, SchemaNode>;
  definitions: Record<string, SchemaNode>;
};
const docsOf = (node: SchemaNode | undefined, key: string): string =>
  node?.properties?.[key]?.description ?? '';

type Row = [key: string, field: string, type: KeyType, merge: MergeRule, substitutable?: 'substitutable'];

/** In the schema's order, which is also the order `config print` writes them in. */
const ROWS: readonly Row[] = [
  ['description', 'description', 'string', 'root-only'],
  ['stop', 'stop', 'boolean', 'root-only'],
  ['snapshot', 'snapshot', 'string', 'root-only'],
  ['properties', 'properties', 'string-map', 'map-merge'],
  ['os', 'os', 'os', 'os-rule'],
  ['project', 'project', 'string', 'override-if-non-empty'],
  ['container', 'container', 'string', 'override-if-non-empty', 'substitutable'],
  ['profile-pattern', 'profilePattern', 'string', 'override-if-non-empty', 'substitutable'],
  ['profile-config', 'profileConfig', 'string-map', 'map-merge'],
  ['origin', 'origin', 'string', 'override-if-non-empty', 'substitutable'],
  ['device-template', 'deviceTemplate', 'string', 'override-if-non-empty', 'substitutable'],
  ['device-origin', 'deviceOrigin', 'string', 'override-if-non-empty', 'substitutable'],
  ['source-config', 'sourceConfig', 'path', 'override-if-non-empty'],
  ['lxc-options', 'lxcOptions', 'string-list', 'replace-if-non-empty'],
  ['include', 'include', 'path-list', 'not-kept'],
  ['filesystems', 'filesystems', 'filesystems', 'entry-replace'],
  ['devices', 'devices', 'devices', 'entry-replace'],
  ['device-owner', 'deviceOwner', 'string', 'override-if-non-empty', 'substitutable'],
  ['profiles', 'profiles', 'string-list', 'append'],
  ['profiles-config', 'profilesConfig', 'string-list', 'append'],
  ['profiles-run', 'profilesRun', 'string-list', 'append'],
  ['cloud-config-files', 'cloudConfigFiles', 'path-list', 'append'],
];

export const CONFIG_KEYS: readonly KeySpec[] = ROWS.map(([key, field, type, merge, substitutable]) => ({
  key,
  field,
  type,
  merge,
  substitutable: substitutable === 'substitutable',
  topOnly: merge === 'root-only',
  docs: docsOf(schema, key),
}));

const nested = (
  node: SchemaNode | undefined,
  rows: readonly [string, NestedKeySpec['type'], boolean][],
): readonly NestedKeySpec[] =>
  rows.map(([key, type, substitutable]) => ({ key, type, substitutable, docs: docsOf(node, key) }));

export const OS_KEYS = nested(schema.properties.os, [
  ['name', 'string', false],
  ['image', 'string', true],
  ['version', 'string', true],
]);
export const FILESYSTEM_KEYS = nested(schema.definitions.filesystem, [
  ['pattern', 'string', true],
  ['zfsproperties', 'string-map', false],
  ['destroy', 'boolean', false],
  ['transient', 'boolean', false],
]);
export const DEVICE_KEYS = nested(schema.definitions.device, [
  ['path', 'string', false],
  ['filesystem', 'string', false],
  ['dir', 'string', true],
]);

/** v1 (master) keys that v2 ignores, and where their job went (reference §2.7). */
export const REMOVED_V1_KEYS: Readonly<Record<string, string>> = {
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

const BY_KEY = new Map(CONFIG_KEYS.map((spec) => [spec.key, spec]));

export function configKey(key: string): KeySpec | undefined {
  return BY_KEY.get(key);
}

/** Top-level keys read only from the file named on the command line. */
export const TOP_ONLY_KEYS: readonly string[] = CONFIG_KEYS.filter((spec) => spec.topOnly).map(
  (spec) => spec.key,
);

/** Whether the value at this path of a config (`['filesystems', 'host', 'pattern']`) is substituted. */
export function isSubstitutablePath(path: readonly (string | number)[]): boolean {
  const [top, second, third] = path;
  if (path.length === 1) return configKey(String(top))?.substitutable ?? false;
  const inner = (keys: readonly NestedKeySpec[], key: unknown) =>
    keys.some((spec) => spec.key === key && spec.substitutable);
  if (path.length === 2 && top === 'os') return inner(OS_KEYS, second);
  if (path.length === 3 && top === 'filesystems') return inner(FILESYSTEM_KEYS, third);
  if (path.length === 3 && top === 'devices') return inner(DEVICE_KEYS, third);
  return false;
}
