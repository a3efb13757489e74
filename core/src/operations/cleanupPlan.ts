import type { InstanceSpec } from '../engine/instanceSpec';
import { ownerMark, OWNER_PROPERTY } from '../engine/ownerMark';
import { type Plan, planOf, type Step } from '../engine/plan';
import { PlanError } from '../engine/planError';
import { steps } from '../engine/steps';
import type { CleanupState } from './cleanupObserve';
import { keptRemovalSteps } from '../engine/safe/keptRemoval';

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

/** Whether a `used_by` URL is this config's own container (which the plan deletes first). */
function isOwnContainer(spec: InstanceSpec, url: string): boolean {
  const [path, query] = url.split('?');
  const project = new URLSearchParams(query ?? '').get('project') ?? 'default';
  return path === `/1.0/instances/${encodeURIComponent(spec.container)}` && project === spec.project;
}

function profileSteps(spec: InstanceSpec, state: CleanupState, notes: string[]): Step[] {
  if (!spec.profile || state.profileUsedBy === undefined) return [];
  const others = state.profileUsedBy.filter((url) => !isOwnContainer(spec, url));
  if (others.length) {
    notes.push(`profile ${spec.profile} is kept: used by ${others.join(', ')}`);
    return [];
  }
  return [steps.deleteProfile(spec.profile, spec.project)];
}

/** The recorded outcomes (record.ts) of a launch that made the container but did not finish. */
const UNFINISHED = new Set(['failed', 'configure-failed']);

/**
 * An existing container is removed only when its own record says its launch did not finish;
 * otherwise it holds work, and removing it is delete's or destroy's business.
 */
function containerSteps(spec: InstanceSpec, state: CleanupState): Step[] {
  const status = state.containerStatus;
  if (status === undefined) return [];
  if (!UNFINISHED.has(state.recordedStatus ?? ''))
    throw new PlanError(
      `cleanup: the container ${spec.container} exists (${status}) and its record says ${state.recordedStatus ? `user.lxdops.status=${state.recordedStatus}` : 'nothing of a failed launch'}; cleanup is for a launch that did not finish: use lxdops delete or destroy`,
    );
  return [
    ...(status === 'Stopped' ? [] : [steps.state(spec.container, spec.project, 'stop', true)]),
    steps.deleteInstance(spec.container, spec.project),
  ];
}

/**
 * What safe rebuilds kept: every kept container whose rebuild finished, with its safety snapshots,
 * and safety snapshots no kept container refers to. A kept container whose rebuild did not finish
 * may be the only copy of the instance: it stays, and a note says what to run.
 */
function keptSteps(spec: InstanceSpec, state: CleanupState, notes: string[]): Step[] {
  const out: Step[] = [];
  for (const k of state.kept) {
    if (k.state === 'kept') out.push(...keptRemovalSteps(k, spec.project, state.safety.get(k.safety) ?? []));
    else
      notes.push(
        `${k.name} is kept: its rebuild did not finish (${k.state || 'no state'}); run lxdops rebuild to finish or undo it, or lxdops revert`,
      );
  }
  const referred = new Set(state.kept.map((k) => k.safety));
  for (const [name, datasets] of state.safety)
    if (!referred.has(name))
      for (const d of datasets)
        out.push({
          ...steps.zfsDestroy(`${d}@${name}`, false),
          description: `destroy the leftover safety snapshot ${d}@${name} (no kept container refers to it)`,
        });
  return out;
}

/** The instance's container exists and its record does not say that its launch failed. */
const healthy = (state: CleanupState) =>
  state.containerStatus !== undefined && !UNFINISHED.has(state.recordedStatus ?? '');

/**
 * cleanup: what safe rebuilds kept (keptSteps), and after a launch that did not finish, exactly
 * what it made: the container when its record says the launch failed (status failed or
 * configure-failed), the datasets that carry this instance's owner mark and the instance profile
 * when no other instance uses it. Plain directories carry no mark: they are left, and a note says
 * so. A healthy instance with kept things: only those are removed.
 */
export function cleanupPlan(spec: InstanceSpec, state: CleanupState): Plan {
  const notes: string[] = [];
  const kept = keptSteps(spec, state, notes);
  if (healthy(state) && (kept.length || state.kept.length)) {
    if (!kept.length) notes.push('nothing to clean up');
    return planOf('cleanup', spec, kept, [
      `${spec.container} is healthy: only what safe rebuilds kept is removed`,
      ...notes,
    ]);
  }
  const out = [
    ...containerSteps(spec, state),
    ...kept,
    ...datasetSteps(spec, state, notes),
    ...profileSteps(spec, state, notes),
  ];
  for (const f of spec.filesystems)
    if (!f.dataset) notes.push(`directory ${f.dir} is kept: directories carry no owner mark`);
  if (!out.length) notes.push('nothing to clean up');
  return planOf('cleanup', spec, out, notes);
}
