import type { InstanceSpec } from './instanceSpec';
import type { Observed } from './observed';
import type { Plan, Step } from './plan';
import { steps } from './steps';

function removeContainer(spec: InstanceSpec, observed: Observed, notes: string[]): Step[] {
  const out: Step[] = [];
  const i = observed.instance;
  if (i) {
    if (i.status !== 'Stopped') out.push(steps.state(spec.container, spec.project, 'stop', true));
    out.push(steps.deleteInstance(spec.container, spec.project));
  } else notes.push(`container ${spec.container} does not exist`);
  if (spec.profile && observed.profiles.has(spec.profile))
    out.push(steps.deleteProfile(spec.profile, spec.project));
  return out;
}

/** delete: the container and its profile; every filesystem is kept (reference §6.4). */
export function deletePlan(spec: InstanceSpec, observed: Observed): Plan {
  const notes: string[] = [];
  const out = removeContainer(spec, observed, notes);
  const kept = spec.filesystems.filter((f) =>
    f.dataset ? observed.datasets.has(f.dataset) : observed.paths.has(f.dir),
  );
  if (kept.length) notes.push(`filesystems kept: ${kept.map((f) => f.dataset ?? f.dir).join(', ')}`);
  return {
    command: 'delete',
    config: spec.config,
    instance: spec.instance,
    container: spec.container,
    project: spec.project,
    steps: out,
    notes,
  };
}

/**
 * destroy: delete, then destroy the filesystems marked `destroy: true` that exist (ZFS datasets
 * with their snapshots; plain directories with sudo). Nothing else is touched (reference §6.5).
 */
export function destroyPlan(spec: InstanceSpec, observed: Observed): Plan {
  const notes: string[] = [];
  const out = removeContainer(spec, observed, notes);
  const kept: string[] = [];
  for (const f of spec.filesystems) {
    const exists = f.dataset ? observed.datasets.has(f.dataset) : observed.paths.has(f.dir);
    if (!exists) continue;
    if (!f.destroy) {
      kept.push(f.dataset ?? f.dir);
      continue;
    }
    out.push(f.dataset ? steps.zfsDestroy(f.dataset, true) : steps.removeTree(f.dir));
  }
  if (kept.length) notes.push(`kept (no destroy: true): ${kept.join(', ')}`);
  return {
    command: 'destroy',
    config: spec.config,
    instance: spec.instance,
    container: spec.container,
    project: spec.project,
    steps: out,
    notes,
  };
}
