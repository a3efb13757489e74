import type { RootResult } from '../check/resolveRoot';
import { instanceSpec, type InstanceSpec } from '../engine/instanceSpec';

/** What the fleet needs of one root config: its instance and the template instances it names. */
export interface FleetConfig {
  /** The root config (absolute path). */
  config: string;
  container: string;
  project: string;
  /** `origin: [project_]container[/snapshot]`: the container it is copied from. */
  origin?: { container: string; project: string; snapshot?: string };
  /** The instances it takes filesystems (`device-origin`) or device directories (`device-template`) from. */
  deviceSources: string[];
}

/** The fleet's view of a substituted config. */
export function fleetConfigOf(spec: InstanceSpec): FleetConfig {
  const sources = [spec.deviceOrigin?.instance, spec.deviceTemplate?.instance].flatMap((s) => s ?? []);
  return {
    config: spec.config,
    container: spec.container,
    project: spec.project,
    ...(spec.origin
      ? {
          origin: {
            container: spec.origin.container,
            project: spec.origin.project ?? spec.project,
            ...(spec.origin.snapshot ? { snapshot: spec.origin.snapshot } : {}),
          },
        }
      : {}),
    deviceSources: sources,
  };
}

/** `project/container`: how the fleet keys instances on one host. */
export const instanceKey = (project: string, container: string): string => `${project}/${container}`;

/** The templates a config names, keyed `project/container` (device sources are in its own project). */
export function templatesNamedBy(c: FleetConfig): string[] {
  const keys = c.origin ? [instanceKey(c.origin.project, c.origin.container)] : [];
  for (const s of c.deviceSources) keys.push(instanceKey(c.project, s));
  return [...new Set(keys)];
}

/** The fleet configs of checked roots; a root that cannot be substituted is left out, with why. */
export function fleetConfigsOf(roots: Iterable<RootResult>): {
  configs: FleetConfig[];
  unresolved: { config: string; message: string }[];
} {
  const configs: FleetConfig[] = [];
  const unresolved: { config: string; message: string }[] = [];
  for (const root of roots) {
    try {
      configs.push(fleetConfigOf(instanceSpec(root)));
    } catch (e) {
      unresolved.push({ config: root.root, message: (e as Error).message });
    }
  }
  return { configs, unresolved };
}
