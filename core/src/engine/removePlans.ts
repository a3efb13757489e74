import { destroyRefusals, refusalMessage } from './containment';
import { forgetDirStep } from './dirRecords';
import type { FilesystemSpec, InstanceSpec } from './instanceSpec';
import type { Observed } from './observed';
import { notOwned, type Ownership, refuseNotOwned } from './ownership';
import { type Plan, planOf, type Step } from './plan';
import { PlanError } from './planError';
import { steps } from './steps';
import type { Usage } from './usage';

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
  return planOf('delete', spec, out, notes);
}

/** The existing filesystems marked `destroy: true`. */
function destroyTargets(spec: InstanceSpec, observed: Observed): FilesystemSpec[] {
  return spec.filesystems.filter(
    (f) => f.destroy && (f.dataset ? observed.datasets.has(f.dataset) : observed.paths.has(f.dir)),
  );
}

/** What `destroy` would ask about before planning: the existing targets' datasets and directories. */
export function destroyUsageNeeds(
  spec: InstanceSpec,
  observed: Observed,
): { datasets: string[]; dirs: string[] } {
  const targets = destroyTargets(spec, observed);
  return {
    datasets: targets.flatMap((f) => f.dataset ?? []),
    dirs: targets.flatMap((f) => (f.dataset ? [] : [f.dir])),
  };
}

/** A target inside another target goes with it (`zfs destroy -r`, `rm -rf`): no step of its own. */
function coveredBy(f: FilesystemSpec, targets: FilesystemSpec[]): FilesystemSpec | undefined {
  return targets.find(
    (t) =>
      t !== f &&
      (f.dataset && t.dataset
        ? f.dataset.startsWith(`${t.dataset}/`)
        : !t.dataset && !f.dataset && f.dir.startsWith(`${t.dir}/`)),
  );
}

function destroyStep(f: FilesystemSpec, usage: Usage): Step {
  if (!f.dataset) return steps.removeTree(f.dir);
  const tree = usage.trees.get(f.dataset);
  return steps.zfsDestroyTree(f.dataset, {
    snapshots: tree?.snapshots ?? [],
    children: tree?.children.map((c) => c.name) ?? [],
  });
}

/**
 * destroy: delete, then destroy the filesystems marked `destroy: true` that exist (ZFS datasets
 * with their snapshots; plain directories with sudo). Nothing else is touched (reference §6.5):
 * it refuses, before any step, when a target is a system directory, a pool, a mount point, has
 * child datasets that are not the instance's, or is used by another instance (`usage`), and when
 * a target is not the instance's own (`ownership`: no owner mark or record of this instance).
 */
export function destroyPlan(
  spec: InstanceSpec,
  observed: Observed,
  usage: Usage,
  ownership: Ownership,
): Plan {
  const targets = destroyTargets(spec, observed);
  const refusals = destroyRefusals(spec, targets, usage);
  if (refusals.length) throw new PlanError(refusalMessage('destroy', spec, refusals));
  refuseNotOwned('destroy', spec, notOwned(spec, targets, ownership));
  const notes: string[] = [];
  const out = removeContainer(spec, observed, notes);
  for (const f of targets) {
    const parent = coveredBy(f, targets);
    if (parent) notes.push(`${f.dataset ?? f.dir} goes with ${parent.dataset ?? parent.dir}`);
    else out.push(destroyStep(f, usage));
  }
  // the records of the removed directories go last: a destroy stopped half-way still owns the rest
  for (const f of targets) if (!f.dataset) out.push(forgetDirStep(spec, f.dir));
  const kept = spec.filesystems
    .filter((f) => !f.destroy && (f.dataset ? observed.datasets.has(f.dataset) : observed.paths.has(f.dir)))
    .map((f) => f.dataset ?? f.dir);
  if (kept.length) notes.push(`kept (no destroy: true): ${kept.join(', ')}`);
  return planOf('destroy', spec, out, notes);
}
