import type { InstanceSpec } from '../engine/instanceSpec';
import { ownerMark, OWNER_PROPERTY } from '../engine/ownerMark';
import { type Plan, planOf, type Step } from '../engine/plan';
import { PlanError } from '../engine/planError';
import { steps } from '../engine/steps';
import type { CleanupState } from './cleanupObserve';

function datasetSteps(spec: InstanceSpec, state: CleanupState, notes: string[]): Step[] {
  const mark = ownerMark(spec);
  const out: Step[] = [];
  // children before their parents
  const names = [...state.datasets.keys()].sort((a, b) => b.length - a.length || a.localeCompare(b));
  for (const name of names) {
    const owner = state.datasets.get(name);
    if (owner === mark) out.push(steps.zfsUnmount(name), steps.zfsDestroy(name, false));
    else
      notes.push(
        owner === undefined
          ? `${name} is kept: it has no ${OWNER_PROPERTY} mark of its own, so lxdops did not create it for ${mark}`
          : `${name} is kept: it belongs to ${owner}, not ${mark}`,
      );
  }
  return out;
}

function profileSteps(spec: InstanceSpec, state: CleanupState, notes: string[]): Step[] {
  if (!spec.profile || state.profileUsedBy === undefined) return [];
  if (state.profileUsedBy.length) {
    notes.push(`profile ${spec.profile} is kept: used by ${state.profileUsedBy.join(', ')}`);
    return [];
  }
  return [steps.deleteProfile(spec.profile, spec.project)];
}

/**
 * cleanup: after a launch that stopped before the container existed, remove exactly what it
 * made: the datasets that carry this instance's owner mark and the instance profile when no
 * instance uses it. Plain directories carry no mark: they are left, and a note says so.
 */
export function cleanupPlan(spec: InstanceSpec, state: CleanupState): Plan {
  if (state.containerStatus !== undefined)
    throw new PlanError(
      `cleanup: the container ${spec.container} exists (${state.containerStatus}); cleanup is for a launch that did not create it: use lxdops delete or destroy`,
    );
  const notes: string[] = [];
  const out = [...datasetSteps(spec, state, notes), ...profileSteps(spec, state, notes)];
  for (const f of spec.filesystems)
    if (!f.dataset) notes.push(`directory ${f.dir} is kept: directories carry no owner mark`);
  if (!out.length) notes.push('nothing to clean up');
  return planOf('cleanup', spec, out, notes);
}
