import {
  KEPT_FOR_KEY,
  KEPT_SAFETY_KEY,
  KEPT_STATE_KEY,
  NEXT_FOR_KEY,
  REBUILD_STATE_KEY,
} from '../recordKeys';
import type { InstanceSpec } from '../instanceSpec';
import type { Observed, ObservedInstance } from '../observed';
import { PlanError } from '../planError';
import type { RevertTarget } from './revertSteps';
import { safeNames } from './safeNames';
import type { SafeState } from './safeObserve';
import { snapshotted } from '../snapshotPlans';

/** What an interrupted safe rebuild left, and what to do about it before rebuilding. */
export interface Leftovers {
  /** Undo it first (the revert steps, without starting): it had not passed its health check. */
  undo?: RevertTarget;
  /** It had passed its health check: only its last records are missing. */
  finish: boolean;
  /** The old container as it is once the leftovers are undone (what the rebuild replaces). */
  old?: ObservedInstance;
  notes: string[];
}

/** The kept container as the instance's old container, once renamed back. */
function asOld(container: string, k: SafeState['kept'][number]): ObservedInstance {
  return { name: container, status: k.status, profiles: k.profiles, config: k.config, snapshots: [] };
}

/**
 * Reads what a previous safe rebuild left (issue 11 §5): a `-next` container, a kept container
 * with KEPT_STATE=pending, the instance's container with REBUILD_STATE=pending or with its kept
 * records but not renamed yet, or no container under the name at all but a pending kept one.
 * A rebuild that had not passed its health check is undone; one that had is finished.
 */
export function leftoversOf(spec: InstanceSpec, observed: Observed, safe: SafeState): Leftovers {
  const { container, project } = spec;
  const current = observed.instance;
  if (safe.next && safe.next.config[NEXT_FOR_KEY] !== container)
    throw new PlanError(
      `a container ${safe.next.name} exists that no safe rebuild of ${container} made: a safe rebuild needs that name for the new container; rename or delete it`,
    );
  const pending = safe.kept.find((k) => k.state === 'pending');
  const selfMarked =
    current?.config[KEPT_FOR_KEY] === container && current.config[KEPT_STATE_KEY] === 'pending';
  const newPending = current?.config[REBUILD_STATE_KEY] === 'pending';
  const base = {
    container,
    project,
    next: safeNames(container, '').next,
    datasets: snapshotted(spec).map((f) => f.dataset!),
  };
  if (pending && current && !newPending && !selfMarked)
    throw new PlanError(
      `${pending.name} is kept by a safe rebuild that did not finish, but ${container} is not the container that rebuild made: lxdops does not guess which one holds the instance; delete the one you do not want (lxc delete), then run rebuild again`,
      'rebuild-unfinished',
    );
  if (pending || selfMarked) {
    const safety = pending?.safety ?? current?.config[KEPT_SAFETY_KEY];
    const undo: RevertTarget = {
      ...base,
      ...(pending ? { kept: pending.name } : {}),
      ...(safety ? { safety } : {}),
    };
    const old = pending && (!current || newPending) ? asOld(container, pending) : current;
    const note = `a safe rebuild of ${container} did not finish (${pending ? `${pending.name} is kept, pending` : `${container} carries its kept records`}): it is undone first, then the rebuild runs again`;
    return { undo, finish: false, ...(old ? { old } : {}), notes: [note] };
  }
  if (newPending)
    return {
      finish: true,
      ...(current ? { old: current } : {}),
      notes: [
        `the last safe rebuild of ${container} passed its health check but did not finish: it is finished now`,
      ],
    };
  if (safe.next)
    return {
      undo: base,
      finish: false,
      ...(current ? { old: current } : {}),
      notes: [`${safe.next.name} is left from a safe rebuild that did not finish: it is removed first`],
    };
  return { finish: false, ...(current ? { old: current } : {}), notes: [] };
}

/** Whether anything of a safe rebuild is unfinished (for `rebuild --unsafe`, which does not take it over). */
export function unfinished(observed: Observed, safe: SafeState): boolean {
  const c = observed.instance?.config ?? {};
  return (
    !!safe.next ||
    safe.kept.some((k) => k.state === 'pending') ||
    c[REBUILD_STATE_KEY] === 'pending' ||
    c[KEPT_STATE_KEY] === 'pending'
  );
}

/**
 * The stand-in an unfinished safe rebuild left ('' when none): a kept container still pending,
 * or a new one under its temporary name. launch and rename refuse while there is one.
 */
export function leftStandIn(safe: Pick<SafeState, 'kept' | 'next'>): string {
  const pending = safe.kept.find((k) => k.state === 'pending');
  if (pending) return `${pending.name} is kept, pending`;
  return safe.next ? `${safe.next.name} is left` : '';
}
