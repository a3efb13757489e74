import { cloneState } from './cloneState';
import { type FleetConfig, instanceKey, templatesNamedBy } from './fleetConfig';
import type { FleetInstance } from './fleetInstance';
import { KEPT_FOR_KEY, KEPT_TIME_KEY } from '../engine/recordKeys';
import type { FleetClone, FleetStatus, FleetTemplate } from './fleetTypes';

/** One host's instances, as readFleet lists them. */
export interface HostInstances {
  host: string;
  instances: FleetInstance[];
}

/** A host's instances by `project/name`, and its kept containers by the instance they were. */
interface HostIndex {
  host: string;
  byKey: Map<string, FleetInstance>;
  keptFor: Map<string, FleetInstance[]>;
}

function indexHost(h: HostInstances): HostIndex {
  const byKey = new Map<string, FleetInstance>();
  const keptFor = new Map<string, FleetInstance[]>();
  for (const i of h.instances) {
    byKey.set(instanceKey(i.project, i.name), i);
    const of = i.config[KEPT_FOR_KEY];
    if (of) keptFor.set(instanceKey(i.project, of), [...(keptFor.get(instanceKey(i.project, of)) ?? []), i]);
  }
  return { host: h.host, byKey, keptFor };
}

/** Kept containers of a clone, newest first (what Revert Last Rebuild brings back first). */
function keptOf(index: HostIndex, key: string): string[] {
  const kept = index.keptFor.get(key) ?? [];
  const time = (i: FleetInstance) => i.config[KEPT_TIME_KEY] ?? '';
  return [...kept].sort((a, b) => time(b).localeCompare(time(a))).map((i) => i.name);
}

function cloneOf(c: FleetConfig, index: HostIndex, template: FleetInstance | undefined): FleetClone {
  const key = instanceKey(c.project, c.container);
  const instance = index.byKey.get(key);
  const kept = keptOf(index, key);
  return {
    config: c.config,
    instance: c.container,
    host: index.host,
    ...cloneState(c, instance, template),
    ...(c.origin?.snapshot ? { wants: c.origin.snapshot } : {}),
    ...(instance?.createdAt ? { built: instance.createdAt } : {}),
    ...(kept.length ? { kept } : {}),
  };
}

/** The template's entry on one host, with its clones there. */
function templateOn(
  key: string,
  clones: FleetConfig[],
  own: FleetConfig | undefined,
  index: HostIndex,
): FleetTemplate {
  const instance = index.byKey.get(key);
  return {
    config: own?.config ?? null,
    instance: key.slice(key.indexOf('/') + 1),
    host: index.host,
    snapshots: instance?.snapshots ?? [],
    clones: clones
      .map((c) => cloneOf(c, index, instance))
      .sort((a, b) => a.instance.localeCompare(b.instance)),
  };
}

/** Configs by the template (`project/container`) they name; a config naming itself is no clone. */
function clonesByTemplate(configs: readonly FleetConfig[]): Map<string, FleetConfig[]> {
  const out = new Map<string, FleetConfig[]>();
  for (const c of configs)
    for (const key of templatesNamedBy(c))
      if (key !== instanceKey(c.project, c.container)) out.set(key, [...(out.get(key) ?? []), c]);
  return out;
}

/**
 * The fleet (issue 11 §1), pure: the templates (instances that configs name in `origin`,
 * `device-origin` or `device-template`), each on every host where it or one of its clones exists
 * (on the first host when nowhere), with its snapshots and each clone's state there.
 */
export function fleetModel(
  configs: readonly FleetConfig[],
  hosts: readonly HostInstances[],
  problems: FleetStatus['problems'] = [],
): FleetStatus {
  const indexes = hosts.map(indexHost);
  const own = new Map(configs.map((c) => [instanceKey(c.project, c.container), c]));
  const templates: FleetTemplate[] = [];
  for (const [key, clones] of clonesByTemplate(configs)) {
    const present = indexes.filter(
      (ix) => ix.byKey.has(key) || clones.some((c) => ix.byKey.has(instanceKey(c.project, c.container))),
    );
    const on = present.length ? present : indexes.slice(0, 1);
    for (const ix of on) templates.push(templateOn(key, clones, own.get(key), ix));
  }
  // stable: a template's hosts stay in the order they were given
  templates.sort((a, b) => a.instance.localeCompare(b.instance));
  return { templates, ...(problems.length ? { problems } : {}) };
}
