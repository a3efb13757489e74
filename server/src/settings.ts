import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { defaultGlobalPropertiesPath } from '../../core/src/config/globalProperties';
import { DEFAULT_SETTINGS, type LxdopsSettings } from '../../core/src/protocol';

/** Merges what the client sent over the defaults, ignoring values of the wrong type. */
export function normaliseSettings(raw: unknown): LxdopsSettings {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const flag = (k: keyof LxdopsSettings) => {
    const v = r[k] as { enable?: unknown } | undefined;
    return { enable: typeof v?.enable === 'boolean' ? v.enable : true };
  };
  const props: Record<string, string> = {};
  if (r.properties && typeof r.properties === 'object') {
    for (const [k, v] of Object.entries(r.properties as Record<string, unknown>)) if (typeof v === 'string' || typeof v === 'number') props[k] = String(v);
  }
  return {
    propertiesFile: typeof r.propertiesFile === 'string' ? r.propertiesFile : DEFAULT_SETTINGS.propertiesFile,
    properties: props,
    project: typeof r.project === 'string' ? r.project : '',
    socket: typeof r.socket === 'string' ? r.socket : '',
    diagnostics: flag('diagnostics'),
    completion: flag('completion'),
    hover: flag('hover'),
    navigation: flag('navigation'),
    codeActions: flag('codeActions'),
  };
}

/** The global properties file: the setting (relative to the first folder), else the default path. */
export function propertiesFilePath(s: LxdopsSettings, folders: readonly string[]): string {
  if (s.propertiesFile) return isAbsolute(s.propertiesFile) || !folders[0] ? s.propertiesFile : join(folders[0], s.propertiesFile);
  return defaultGlobalPropertiesPath(process.env, homedir());
}
