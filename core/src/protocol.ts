/** Custom LSP messages shared by the client and the server (names and shapes only, no code). */

/** `lxdops/effectiveConfig`: the merged config of a file, as YAML with `# from:` comments. */
export const EFFECTIVE_CONFIG_REQUEST = 'lxdops/effectiveConfig';

export interface EffectiveConfigParams {
  uri: string;
}

export interface EffectiveConfigResult {
  /** Undefined when the file is not an lxdops config. */
  text?: string;
}

/** The settings under `lxdops.*`. */
export interface LxdopsSettings {
  propertiesFile: string;
  properties: Record<string, string>;
  project: string;
  /** The LXD (or Incus) unix socket; empty: LXD_SOCKET, LXD_DIR, then the usual paths. */
  socket: string;
  diagnostics: { enable: boolean };
  completion: { enable: boolean };
  hover: { enable: boolean };
  navigation: { enable: boolean };
  codeActions: { enable: boolean };
}

export const DEFAULT_SETTINGS: LxdopsSettings = {
  propertiesFile: '',
  properties: {},
  project: '',
  socket: '',
  diagnostics: { enable: true },
  completion: { enable: true },
  hover: { enable: true },
  navigation: { enable: true },
  codeActions: { enable: true },
};
