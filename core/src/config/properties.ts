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
 * global file (reference §4.3).
 */
export class PropertySet {
  constructor(private readonly layers: readonly Map<string, Property>[]) {}

  get(key: string): Property | undefined {
    for (const l of this.layers) {
      const p = l.get(key);
      if (p) return p;
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
    return [...keys].sort().map((k) => this.get(k)!);
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
  return new PropertySet([cli, config, builtinProperties(i.instance, i.project), i.global.properties]);
}
