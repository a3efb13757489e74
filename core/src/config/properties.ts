import type { Origin } from '../text/origin';
import type { EffectiveConfig } from './effectiveConfig';

export type PropertySource = 'command-line' | 'config' | 'built-in' | 'global';

export interface Property {
  key: string;
  value: string;
  source: PropertySource;
  /** Where the value was written (config or global properties file); none for built-ins and -P. */
  origin?: Origin;
  /** Where the key was written: what "go to definition" shows. */
  keyOrigin?: Origin;
}

/** Properties from the global properties file, with where each was written. */
export interface GlobalProperties {
  file?: string;
  properties: Map<string, Property>;
}

/**
 * The properties one instance sees, first hit wins: `-P` > config `properties` > built-ins >
 * global file (reference §4.3); for `#lxops-v1`, built-ins > `-P` > config > global, and an empty
 * value counts as undefined (`skipEmpty`), so the next layer is asked.
 */
export class PropertySet {
  constructor(
    private readonly layers: readonly Map<string, Property>[],
    private readonly skipEmpty = false,
  ) {}

  get(key: string): Property | undefined {
    for (const l of this.layers) {
      const p = l.get(key);
      if (p && !(this.skipEmpty && p.value === '' && p.source !== 'built-in')) return p;
    }
    return undefined;
  }

  value(key: string): string | undefined {
    return this.get(key)?.value;
  }

  /** Every resolvable key with the property that wins, sorted by key. */
  all(): Property[] {
    const keys = new Set<string>();
    for (const l of this.layers) for (const k of l.keys()) keys.add(k);
    return [...keys].sort().flatMap((k) => this.get(k) ?? []);
  }
}

/** The built-in properties (reference §4.2). */
export function builtinProperties(instance: string, project: string): Map<string, Property> {
  const p = project === '' ? 'default' : project;
  const isDefault = p === 'default';
  const entries: [string, string][] = [
    ['instance', instance],
    ['project', p],
    ['project/', isDefault ? '' : `${p}/`],
    ['project_instance', isDefault ? instance : `${p}_${instance}`],
  ];
  return new Map(entries.map(([key, value]) => [key, { key, value, source: 'built-in' }]));
}

export interface PropertyInputs {
  commandLine: Map<string, string>;
  config: EffectiveConfig;
  instance: string;
  project: string;
  global: GlobalProperties;
  /** The global properties of lxops (`~/.config/lxops/...`), used for an `#lxops-v1` root. */
  lxopsGlobal?: GlobalProperties;
}

export function buildPropertySet(i: PropertyInputs): PropertySet {
  const cli = new Map<string, Property>(
    [...i.commandLine].map(([key, value]) => [key, { key, value, source: 'command-line' }]),
  );
  const config = new Map<string, Property>(
    [...i.config.properties.values()].map((e) => [
      e.key,
      { key: e.key, value: e.value.value, source: 'config', origin: e.value.origin, keyOrigin: e.keyOrigin },
    ]),
  );
  const builtins = builtinProperties(i.instance, i.project);
  if (i.config.format === 'lxops')
    return new PropertySet(
      [builtins, cli, config, (i.lxopsGlobal ?? { properties: new Map() }).properties],
      true,
    );
  return new PropertySet([cli, config, builtins, i.global.properties]);
}
