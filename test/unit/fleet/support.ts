// Fleet test data: configs and instances as the fleet model takes them, written out literally.
import type { FleetConfig } from '../../../core/src/fleet/fleetConfig';
import type { FleetInstance } from '../../../core/src/fleet/fleetInstance';

export const T1 = '2026-01-01T10:00:00Z';
export const T2 = '2026-02-01T10:00:00Z';

export function clone(name: string, origin = 'tpl/snap', project = 'default'): FleetConfig {
  const [container, snapshot] = origin.split('/');
  return {
    config: `/ws/${name}.yaml`,
    container: name,
    project,
    origin: { container: container!, project, ...(snapshot ? { snapshot } : {}) },
    deviceSources: [],
  };
}

export const templateConfig: FleetConfig = {
  config: '/ws/tpl.yaml',
  container: 'tpl',
  project: 'default',
  deviceSources: [],
};

export function instance(
  name: string,
  o: {
    config?: Record<string, string>;
    snapshots?: [string, string][];
    created?: string;
    project?: string;
  } = {},
): FleetInstance {
  return {
    name,
    project: o.project ?? 'default',
    status: 'Running',
    config: o.config ?? {},
    ...(o.created ? { createdAt: o.created } : {}),
    snapshots: (o.snapshots ?? []).map(([n, id]) => ({ name: n, id })),
  };
}

/** A clone's instance that records it was built from `tpl/<snapshot>` with that id. */
export const builtFrom = (snapshot: string, id: string, extra: Record<string, string> = {}) => ({
  'user.lxdops.built-from': `tpl/${snapshot}`,
  'user.lxdops.built-from.id': id,
  ...extra,
});
