import {
  KEPT_FOR_KEY,
  KEPT_SAFETY_KEY,
  KEPT_STATE_KEY,
  KEPT_TIME_KEY,
  NEXT_FOR_KEY,
  REBUILD_STATE_KEY,
} from '../recordKeys';
import type { Step, StepCondition } from '../plan';
import { steps } from '../steps';

const q = encodeURIComponent;

/** Where a revert finds things: the instance's container, its temporary name, the kept one. */
export interface RevertTarget {
  container: string;
  project: string;
  /** The temporary name of the new container (`<container>-next`). */
  next: string;
  /** The kept container to bring back; undefined when the old one was not renamed (yet). */
  kept?: string;
  /** The safety snapshot name, and the datasets it is (or may be) on. */
  safety?: string;
  datasets: string[];
}

export interface RevertMode {
  /** `revert`: the old container is marked reverted (REBUILD_STATE_KEY); `undo` (before a rebuild again): unmarked. */
  mark: 'reverted' | 'undo';
  /** Start the old container at the end (it ran before the rebuild). */
  start: boolean;
}

const isNew = (instance: string, project: string, extra: Partial<StepCondition> = {}): StepCondition =>
  ({
    kind: 'instance',
    instance,
    project,
    exists: true,
    config: { [REBUILD_STATE_KEY]: 'pending' },
    ...extra,
  }) as StepCondition;

/** Stops (forced) and deletes the new container under `name`, only when it is the new one (REBUILD_STATE pending). */
function removeNewSteps(name: string, project: string): Step[] {
  const running = isNew(name, project, { status: { is: 'Stopped', not: true } });
  return [
    { ...steps.state(name, project, 'stop', true), when: [running] },
    {
      ...steps.deleteInstance(name, project),
      description: `delete the new container ${name}, if it is there (its root filesystem)`,
      when: [isNew(name, project)],
    },
  ];
}

/** The kept records removed from the old container, and its rebuild state set for the mode. */
function unmarkStep(t: RevertTarget, mode: RevertMode): Step {
  const config = {
    [KEPT_FOR_KEY]: '',
    [KEPT_TIME_KEY]: '',
    [KEPT_SAFETY_KEY]: '',
    [KEPT_STATE_KEY]: '',
    [NEXT_FOR_KEY]: '',
    [REBUILD_STATE_KEY]: mode.mark === 'reverted' ? 'reverted' : '',
  };
  return steps.patchConfig(
    t.container,
    t.project,
    mode.mark === 'reverted'
      ? `mark ${t.container} reverted (${REBUILD_STATE_KEY}=reverted), its kept records removed`
      : `remove the kept records of ${t.container}`,
    config,
  );
}

/** The kept container renamed back, when it is there and the name is free (the new one removed). */
function renameBackStep(t: RevertTarget, kept: string): Step {
  return {
    ...steps.lxd(`rename the kept container ${kept} back to ${t.container}`, {
      method: 'POST',
      path: `/1.0/instances/${q(kept)}`,
      project: t.project,
      body: { name: t.container },
    }),
    when: [
      { kind: 'instance', instance: kept, project: t.project, exists: true },
      { kind: 'instance', instance: t.container, project: t.project, exists: false },
    ],
  };
}

/**
 * The steps that bring the old container back, whatever point a safe rebuild reached: the new
 * container removed under either name, every dataset rolled back to the safety snapshot (the
 * data the old container left), the kept container renamed back, its records cleared, the
 * safety snapshot removed (the data is that snapshot again), the container started when it ran.
 * Each step carries the condition of the state it acts on, so the same list serves a failure
 * at any step and a run again after an interruption.
 */
export function revertSteps(t: RevertTarget, mode: RevertMode): Step[] {
  const out: Step[] = [...removeNewSteps(t.next, t.project), ...removeNewSteps(t.container, t.project)];
  const snaps = t.safety ? t.datasets.map((d) => `${d}@${t.safety}`) : [];
  for (const s of snaps)
    out.push({ ...steps.zfsRollback(s), when: [{ kind: 'snapshot', name: s, exists: true }] });
  if (t.kept) out.push(renameBackStep(t, t.kept));
  out.push({
    ...unmarkStep(t, mode),
    when: [{ kind: 'instance', instance: t.container, project: t.project, exists: true }],
  });
  for (const s of snaps)
    out.push({
      ...steps.zfsDestroy(s, false),
      description: `remove the safety snapshot ${s} (the data is back to it)`,
      destructive: false,
      when: [{ kind: 'snapshot', name: s, exists: true }],
    });
  if (mode.start)
    out.push({
      ...steps.state(t.container, t.project, 'start'),
      when: [
        {
          kind: 'instance',
          instance: t.container,
          project: t.project,
          exists: true,
          status: { is: 'Stopped' },
        },
      ],
    });
  return out;
}
