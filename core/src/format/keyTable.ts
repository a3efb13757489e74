import lxdopsSchema from '../../../schemas/lxdops.schema.json';
import lxopsSchema from '../../../schemas/lxops.schema.json';
import type { ConfigKind } from '../document/header';

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
  /** `#lxops-v1` `ostype`/`image`: the last non-empty value in pre-order (an include overrides its includer). */
  | 'pre-order-override'
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
/** The keys of a filesystem and of a device, the same in both formats (`#lxops-v1` adds `readonly`). */
const FILESYSTEM_ROWS: readonly [string, NestedKeySpec['type'], boolean][] = [
  ['pattern', 'string', true],
  ['zfsproperties', 'string-map', false],
  ['destroy', 'boolean', false],
  ['transient', 'boolean', false],
];
const DEVICE_ROWS: readonly [string, NestedKeySpec['type'], boolean][] = [
  ['path', 'string', false],
  ['filesystem', 'string', false],
  ['dir', 'string', true],
];
export const FILESYSTEM_KEYS = nested(schema.definitions.filesystem, FILESYSTEM_ROWS);
export const DEVICE_KEYS = nested(schema.definitions.device, DEVICE_ROWS);

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

/** One format's table: its keys, nested keys, the keys it dropped, and lookups over them. */
export interface FormatKeys {
  kind: ConfigKind;
  configKeys: readonly KeySpec[];
  /** Empty for `#lxops-v1`, which has no `os` mapping. */
  osKeys: readonly NestedKeySpec[];
  filesystemKeys: readonly NestedKeySpec[];
  deviceKeys: readonly NestedKeySpec[];
  /** Keys the format does not read any more, and what to do instead. */
  removedKeys: Readonly<Record<string, string>>;
  topOnlyKeys: readonly string[];
  configKey(key: string): KeySpec | undefined;
  /** The default of `profile-pattern`. */
  defaultProfilePattern: string;
}

const lxopsJson = lxopsSchema as unknown as typeof schema;

/** `#lxops-v1` (reference lxops-successor §1.2): `ostype` and `image` at the top, no `os`. */
const LXOPS_ROWS: readonly Row[] = [
  ['description', 'description', 'string', 'root-only'],
  ['properties', 'properties', 'string-map', 'map-merge'],
  ['ostype', 'ostype', 'string', 'pre-order-override'],
  ['image', 'image', 'string', 'pre-order-override', 'substitutable'],
  ['project', 'project', 'string', 'override-if-non-empty'],
  ['profile-pattern', 'profilePattern', 'string', 'override-if-non-empty', 'substitutable'],
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
  ['cloud-config-files', 'cloudConfigFiles', 'path-list', 'append'],
];

const specsOf = (rows: readonly Row[], json: typeof schema): KeySpec[] =>
  rows.map(([key, field, type, merge, substitutable]) => ({
    key,
    field,
    type,
    merge,
    substitutable: substitutable === 'substitutable',
    topOnly: merge === 'root-only',
    docs: docsOf(json, key),
  }));

export const LXOPS_CONFIG_KEYS: readonly KeySpec[] = specsOf(LXOPS_ROWS, lxopsJson);
export const LXOPS_FILESYSTEM_KEYS = nested(lxopsJson.definitions.filesystem, FILESYSTEM_ROWS);
export const LXOPS_DEVICE_KEYS = nested(lxopsJson.definitions.device, [
  ...DEVICE_ROWS,
  ['readonly', 'boolean', false],
]);

/** The `#lxdops` keys lxops dropped (it ignores them silently), and what to do instead. */
export const REMOVED_LXOPS_KEYS: Readonly<Record<string, string>> = {
  os: 'write `ostype` (was `os.name`) and `image` (was `os.image`) at the top level; `os.version` is gone',
  container: 'the container is always named after the instance: rename the config file or use --name',
  'profile-config': 'put the `config:` entries in an LXD profile of your own and list it under `profiles`',
  'profiles-config': 'attach the profiles under `profiles`, or apply what they set with a #cloud-config file',
  'profiles-run': 'list the profiles under `profiles`',
  stop: 'stop the instance yourself after launch (`lxops` no longer stops it)',
  snapshot: 'take the instance snapshot yourself after launch (`lxc snapshot INSTANCE NAME`)',
};

function formatKeys(
  kind: ConfigKind,
  configKeys: readonly KeySpec[],
  parts: Omit<FormatKeys, 'kind' | 'configKeys' | 'topOnlyKeys' | 'configKey'>,
): FormatKeys {
  const byKey = new Map(configKeys.map((spec) => [spec.key, spec]));
  return {
    kind,
    configKeys,
    ...parts,
    topOnlyKeys: configKeys.filter((spec) => spec.topOnly).map((spec) => spec.key),
    configKey: (key) => byKey.get(key),
  };
}

const LXDOPS_FORMAT = formatKeys('lxdops', CONFIG_KEYS, {
  osKeys: OS_KEYS,
  filesystemKeys: FILESYSTEM_KEYS,
  deviceKeys: DEVICE_KEYS,
  removedKeys: REMOVED_V1_KEYS,
  defaultProfilePattern: '(instance).lxdops',
});
const LXOPS_FORMAT = formatKeys('lxops', LXOPS_CONFIG_KEYS, {
  osKeys: [],
  filesystemKeys: LXOPS_FILESYSTEM_KEYS,
  deviceKeys: LXOPS_DEVICE_KEYS,
  removedKeys: REMOVED_LXOPS_KEYS,
  defaultProfilePattern: '(instance).lxops',
});

/** The key table of a config format. */
export function keysOf(kind: ConfigKind): FormatKeys {
  return kind === 'lxops' ? LXOPS_FORMAT : LXDOPS_FORMAT;
}

/** `isSubstitutablePath` for either format. */
export function isSubstitutablePathIn(kind: ConfigKind, path: readonly (string | number)[]): boolean {
  if (kind === 'lxdops') return isSubstitutablePath(path);
  const [top, , third] = path;
  const t = keysOf(kind);
  if (path.length === 1) return t.configKey(String(top))?.substitutable ?? false;
  const inner = (keys: readonly NestedKeySpec[], key: unknown) =>
    keys.some((spec) => spec.key === key && spec.substitutable);
  if (path.length === 3 && top === 'filesystems') return inner(t.filesystemKeys, third);
  if (path.length === 3 && top === 'devices') return inner(t.deviceKeys, third);
  return false;
}
