import { isMap } from 'yaml';
import type { ConfigWorkspace } from './configWorkspace';
import { entries, isNullish, scalarText, spanOf } from '../document/yamlNodes';
import { type Diagnostic, diagnostic } from '../diagnostics/diagnostic';
import { origin } from '../text/origin';
import type { GlobalProperties, Property } from './properties';

/** The default global properties file: `$XDG_CONFIG_HOME/lxdops/properties.yaml`, else `~/.config/...`. */
export function defaultGlobalPropertiesPath(env: Record<string, string | undefined>, home: string): string {
  const base = env.XDG_CONFIG_HOME && env.XDG_CONFIG_HOME !== '' ? env.XDG_CONFIG_HOME : `${home}/.config`;
  return `${base}/lxdops/properties.yaml`;
}

export interface LoadedGlobalProperties {
  global: GlobalProperties;
  diagnostics: Diagnostic[];
  /** False when the file does not exist (not an error for the default path). */
  found: boolean;
}

/** Reads a global properties file: a plain YAML mapping of keys to string values, no header. */
export function loadGlobalProperties(ws: ConfigWorkspace, file: string): LoadedGlobalProperties {
  const properties = new Map<string, Property>();
  const p = ws.parsed(file);
  if (!p.ok) {
    const diagnostics =
      p.failure.reason === 'not-found'
        ? []
        : [diagnostic('file-unreadable', origin(file, { start: 0, end: 0 }), p.failure.message)];
    return { global: { file, properties }, diagnostics, found: p.failure.reason !== 'not-found' };
  }
  const parsed = p.value;
  const diagnostics: Diagnostic[] = parsed.syntaxErrors.map((e) =>
    diagnostic('yaml-syntax', origin(file, e.span), `YAML syntax error: ${e.message}`),
  );
  const root = parsed.doc.contents;
  if (root !== null && !isMap(root)) {
    diagnostics.push(
      diagnostic(
        'type-mismatch',
        origin(file, spanOf(root)),
        'The global properties file must be a mapping of property names to values.',
      ),
    );
  } else if (isMap(root)) {
    for (const e of entries(root, parsed.doc)) {
      const v = scalarText(e.value);
      if (v === undefined && !isNullish(e.value)) {
        diagnostics.push(
          diagnostic(
            'type-mismatch',
            origin(file, spanOf(e.value)),
            `Property \`${e.key}\` must be a string value.`,
          ),
        );
        continue;
      }
      properties.set(e.key, {
        key: e.key,
        value: v ?? '',
        source: 'global',
        origin: origin(file, spanOf(e.value ?? e.keyNode)),
        keyOrigin: origin(file, spanOf(e.keyNode)),
      });
    }
  }
  return { global: { file, properties }, diagnostics, found: true };
}

/** lxops' global properties: `$XDG_CONFIG_HOME/lxops` (else `~/.config/lxops`). */
export function lxopsConfigDir(env: Record<string, string | undefined>, home: string): string {
  const base = env.XDG_CONFIG_HOME && env.XDG_CONFIG_HOME !== '' ? env.XDG_CONFIG_HOME : `${home}/.config`;
  return `${base}/lxops`;
}

/**
 * lxops' global properties: every `properties.d/*.yaml` in name order, then `properties.yaml`; a
 * later file overrides an earlier one's keys. `listYaml` names the `.yaml` files of a folder (the
 * caller's door to the disk; [] when it does not exist).
 */
export function loadLxopsGlobalProperties(
  ws: ConfigWorkspace,
  dir: string,
  listYaml: (dir: string) => string[],
): LoadedGlobalProperties & { files: string[] } {
  const files = [
    ...listYaml(`${dir}/properties.d`)
      .filter((name) => name.endsWith('.yaml'))
      .sort()
      .map((name) => `${dir}/properties.d/${name}`),
    `${dir}/properties.yaml`,
  ];
  const properties = new Map<string, Property>();
  const diagnostics: Diagnostic[] = [];
  let found = false;
  for (const file of files) {
    const one = loadGlobalProperties(ws, file);
    found ||= one.found;
    diagnostics.push(...one.diagnostics);
    for (const [key, p] of one.global.properties) properties.set(key, p);
  }
  return { global: { file: `${dir}/properties.yaml`, properties }, diagnostics, found, files };
}
