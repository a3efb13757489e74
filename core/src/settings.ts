import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import type { CheckOptions } from './check/resolveRoot';
import type { ConfigWorkspace } from './config/configWorkspace';
import {
  defaultGlobalPropertiesPath,
  loadGlobalProperties,
  loadLxopsGlobalProperties,
  lxopsConfigDir,
} from './config/globalProperties';
import { listYamlFiles } from './fs/listYaml';
import { currentLxcProject, lxcConfigDirs } from './config/lxcClientConfig';
import { DEFAULT_SETTINGS, type LxdopsSettings } from './protocol';

/** Merges what the client sent over the defaults, ignoring values of the wrong type. */
export function normaliseSettings(raw: unknown): LxdopsSettings {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const flag = (k: keyof LxdopsSettings) => {
    const v = r[k] as { enable?: unknown } | undefined;
    return { enable: typeof v?.enable === 'boolean' ? v.enable : true };
  };
  const props: Record<string, string> = {};
  if (r.properties && typeof r.properties === 'object') {
    for (const [k, v] of Object.entries(r.properties as Record<string, unknown>))
      if (typeof v === 'string' || typeof v === 'number') props[k] = String(v);
  }
  return {
    propertiesFile: typeof r.propertiesFile === 'string' ? r.propertiesFile : DEFAULT_SETTINGS.propertiesFile,
    properties: props,
    project: typeof r.project === 'string' ? r.project : '',
    socket: typeof r.socket === 'string' ? r.socket : '',
    // each entry is checked where hosts are discovered, so that a bad one is reported, not dropped here
    hosts: Array.isArray(r.hosts) ? (r.hosts as unknown[]) : [],
    diagnostics: flag('diagnostics'),
    completion: flag('completion'),
    hover: flag('hover'),
    navigation: flag('navigation'),
    codeActions: flag('codeActions'),
  };
}

/** The global properties file: the setting (relative to the first folder), else the default path. */
export function propertiesFilePath(s: LxdopsSettings, folders: readonly string[]): string {
  if (s.propertiesFile)
    return isAbsolute(s.propertiesFile) || !folders[0]
      ? s.propertiesFile
      : join(folders[0], s.propertiesFile);
  return defaultGlobalPropertiesPath(process.env, homedir());
}

/**
 * The check options the settings stand for: properties as -P, the global file, the project (the
 * setting, else the lxc client's current project, as in the CLI). `problems` says why the lxc
 * config.yml could not be used, for the log.
 */
export function optionsFromSettings(
  s: LxdopsSettings,
  folders: readonly string[],
  ws: ConfigWorkspace,
): { options: CheckOptions; propertiesFile: string; problems: string[] } {
  const propertiesFile = propertiesFilePath(s, folders);
  const loaded = loadGlobalProperties(ws, propertiesFile);
  const lxops = loadLxopsGlobalProperties(ws, lxopsConfigDir(process.env, homedir()), listYamlFiles);
  const lxc = currentLxcProject(ws.fs, lxcConfigDirs(process.env, homedir()));
  return {
    propertiesFile,
    problems: lxc.problem ? [lxc.problem] : [],
    options: {
      commandLineProperties: new Map(Object.entries(s.properties)),
      globalProperties: loaded.global,
      lxopsGlobalProperties: lxops.global,
      lxopsGlobalFiles: lxops.files,
      ...(s.project ? { project: s.project } : {}),
      ...(lxc.project ? { currentProject: lxc.project } : {}),
    },
  };
}
