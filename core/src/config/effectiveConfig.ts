import type { ConfigKind } from '../document/header';
import type { Located } from '../text/origin';
import type { DeviceModel, FilesystemModel, MapEntry, PathEntry } from './model';

/** The merged config of one root: every value remembers the file and range it came from. */
export interface EffectiveConfig {
  root: string;
  /**
   * The root's format: an `#lxops-v1` root reads its tree with lxops' rules. Its `ostype` and
   * `image` are held in `os.name` and `os.image`, so that what runs a config reads one place.
   */
  format: ConfigKind;
  /** Files in merge order (includes first, root last). */
  files: string[];
  description?: Located<string>;
  stop?: Located<boolean>;
  snapshot?: Located<string>;
  properties: Map<string, MapEntry>;
  os: {
    name?: Located<string>;
    image?: Located<string>;
    version?: Located<string>;
    keyOrigin?: Located<null>['origin'];
  };
  project?: Located<string>;
  container?: Located<string>;
  profilePattern?: Located<string>;
  profileConfig: Map<string, MapEntry>;
  origin?: Located<string>;
  deviceTemplate?: Located<string>;
  deviceOrigin?: Located<string>;
  sourceConfig?: PathEntry;
  lxcOptions?: Located<string>[];
  filesystems: Map<string, FilesystemModel>;
  devices: Map<string, DeviceModel>;
  deviceOwner?: Located<string>;
  profiles: Located<string>[];
  profilesConfig: Located<string>[];
  profilesRun: Located<string>[];
  cloudConfigFiles: PathEntry[];
  /** Values that a later file replaced, by field (`properties.fsroot`, `devices.home`, `origin`...). */
  overridden: Map<string, Located<unknown>[]>;
}
