import type { ConfigKind } from '../document/header';
import type { Located, Origin } from '../text/origin';

/** A path entry (include, cloud-config file, source-config): as written and resolved. */
export interface PathEntry {
  raw: string;
  /** Absolute, normalised; relative entries resolve against the directory of the file that holds them. */
  resolved: string;
  origin: Origin;
}

/** A key of a map (properties, profile-config, zfsproperties) with its value. */
export interface MapEntry {
  key: string;
  keyOrigin: Origin;
  value: Located<string>;
}

export interface OsModel {
  /** The `os` key. */
  keyOrigin: Origin;
  name?: Located<string>;
  image?: Located<string>;
  version?: Located<string>;
}

export interface FilesystemModel {
  id: string;
  keyOrigin: Origin;
  pattern?: Located<string>;
  zfsproperties: MapEntry[];
  destroy?: Located<boolean>;
  transient?: Located<boolean>;
  /** True when the entry has no value at all (`tmp:`), which upstream cannot use. */
  isNull: boolean;
}

export interface DeviceModel {
  name: string;
  keyOrigin: Origin;
  path?: Located<string>;
  filesystem?: Located<string>;
  dir?: Located<string>;
  /** `#lxops-v1` only: mount read-only. */
  readonly?: Located<boolean>;
  isNull: boolean;
}

/** The keys one `#lxdops` file sets, each with where it was written. Unset keys are absent. */
export interface ConfigFileModel {
  file: string;
  /** The format the file is read in, from its header (`#lxops-v1` and its near misses: lxops). */
  format: ConfigKind;
  /** Keys present in the file, with their key spans (for "ignored in include" and navigation). */
  keys: Map<string, Origin>;
  description?: Located<string>;
  stop?: Located<boolean>;
  snapshot?: Located<string>;
  properties: MapEntry[];
  os?: OsModel;
  /** `#lxops-v1`: the top-level `ostype` and `image` (what `os.name` and `os.image` were). */
  ostype?: Located<string>;
  image?: Located<string>;
  project?: Located<string>;
  container?: Located<string>;
  profilePattern?: Located<string>;
  profileConfig: MapEntry[];
  origin?: Located<string>;
  deviceTemplate?: Located<string>;
  deviceOrigin?: Located<string>;
  sourceConfig?: PathEntry;
  lxcOptions?: Located<string>[];
  include: PathEntry[];
  filesystems: FilesystemModel[];
  devices: DeviceModel[];
  deviceOwner?: Located<string>;
  profiles: Located<string>[];
  profilesConfig: Located<string>[];
  profilesRun: Located<string>[];
  cloudConfigFiles: PathEntry[];
}

/** Top-level keys read only from the file named on the command line (from the key table). */
export { TOP_ONLY_KEYS } from '../format/keyTable';
