import {
  KEPT_FOR_KEY,
  KEPT_SAFETY_KEY,
  KEPT_STATE_KEY,
  KEPT_TIME_KEY,
  NEXT_FOR_KEY,
  REBUILD_FAILURE_KEY,
  REBUILD_STATE_KEY,
} from '../recordKeys';
import type { InstanceSpec } from '../instanceSpec';
import { launchPlan, type LaunchOptions } from '../launchPlan';
import type { Observed, ObservedInstance } from '../observed';
import { type Plan, planOf, type Step } from '../plan';
import { snapshotted } from '../snapshotPlans';
import { steps } from '../steps';
import { keptRemovalSteps } from './keptRemoval';
import { type Leftovers, leftoversOf } from './leftovers';
import { revertSteps } from './revertSteps';
import { checkNameLengths, type SafeNames, safeNames, stampTime } from './safeNames';
import type { SafeState } from './safeObserve';

const q = encodeURIComponent;

export interface SafeOptions {
  /** The rebuild's stamp (safeNames.ts), chosen once when the request is made. */
  stamp: string;
  /** Kept generations after a successful rebuild (default 1: only this one). */
  retention: number;
  /** Run inside the new container (`sh -c`) as the last health check. */
  healthCommand?: string;
  healthTimeoutSeconds: number;
}

export type SafeRebuildOptions = LaunchOptions & { safe: SafeOptions };

/** The index of the step that creates `name` (a POST of /1.0/instances with that name). */
function createIndex(list: readonly Step[], name: string): number {
  return list.findIndex(
    (s) =>
      s.kind === 'lxd' &&
      s.request.method === 'POST' &&
      s.request.path.startsWith('/1.0/instances') &&
      (s.request.body as { name?: unknown } | undefined)?.name === name,
  );
}

const patch = steps.patchConfig;

const rename = (from: string, to: string, project: string, description: string): Step =>
  steps.lxd(description, { method: 'POST', path: `/1.0/instances/${q(from)}`, project, body: { name: to } });

/** Stop the old one, take the safety snapshots, keep the old one under its kept name, the new one takes the name. */
function swapSteps(spec: InstanceSpec, old: ObservedInstance, names: SafeNames): Step[] {
  const { container, project } = spec;
  const kept = {
    [KEPT_FOR_KEY]: container,
    [KEPT_TIME_KEY]: stampTime(names.stamp),
    [KEPT_SAFETY_KEY]: names.safety,
    [KEPT_STATE_KEY]: 'pending',
  };
  return [
    ...(old.status === 'Stopped' ? [] : [steps.gracefulStop(container, project)]),
    ...snapshotted(spec).map((f) => steps.zfsSnapshot(`${f.dataset}@${names.safety}`)),
    patch(container, project, `record on ${container} that it is kept (${KEPT_STATE_KEY}=pending)`, kept),
    rename(container, names.kept, project, `rename the old container ${container} to ${names.kept} (kept)`),
    // its temporary-name record stays until the rebuild is done (successSteps): under the
    // instance's own name it no longer makes it a stand-in (standInOf), and one PATCH fewer
    rename(names.next, container, project, `rename the new container ${names.next} to ${container}`),
  ];
}

/** Success: the kept one is kept for good first, then the new one is no longer pending (leftovers.ts reads that order). */
function successSteps(spec: InstanceSpec, names: SafeNames): Step[] {
  return [
    patch(names.kept, spec.project, `${names.kept} is kept (${KEPT_STATE_KEY}=kept)`, {
      [KEPT_STATE_KEY]: 'kept',
    }),
    patch(
      spec.container,
      spec.project,
      `the rebuild of ${spec.container} is done (${REBUILD_STATE_KEY} removed)`,
      {
        [REBUILD_STATE_KEY]: '',
        [REBUILD_FAILURE_KEY]: '',
        [NEXT_FOR_KEY]: '',
      },
    ),
  ];
}

/** Kept generations beyond retention (`keep` of the previous ones stay), with their safety snapshots. */
export function retentionSteps(
  spec: InstanceSpec,
  safe: SafeState,
  previous: SafeState['kept'],
  keep: number,
) {
  return previous
    .slice(Math.max(0, keep))
    .flatMap((k) => keptRemovalSteps(k, spec.project, safe.safety.get(k.safety) ?? []));
}

/** Safety snapshots no kept container refers to (an interrupted rebuild took them), removed. */
function orphanSteps(safe: SafeState, undone: string | undefined): Step[] {
  const referred = new Set([...safe.kept.map((k) => k.safety), ...(undone ? [undone] : [])]);
  return [...safe.safety]
    .filter(([name]) => !referred.has(name))
    .flatMap(([name, datasets]) =>
      datasets.map((d) => ({
        ...steps.zfsDestroy(`${d}@${name}`, false),
        description: `destroy the leftover safety snapshot ${d}@${name} (no kept container refers to it)`,
      })),
    );
}

function keepsText(spec: InstanceSpec, names: SafeNames, retention: number): string {
  const datasets = snapshotted(spec).map((f) => f.dataset!);
  const snaps = datasets.length ? ` and safety snapshots @${names.safety} of ${datasets.join(', ')}` : '';
  return `the old container as ${names.kept} (stopped)${snaps} until lxdops cleanup or the next rebuild beyond retention ${retention}; lxdops revert brings it back`;
}

function dirNotes(spec: InstanceSpec): string[] {
  return spec.filesystems
    .filter((f) => !f.dataset && !f.transient)
    .map(
      (f) =>
        `directory ${f.dir} is not a ZFS filesystem: it has no safety copy, and a revert does not bring its content back`,
    );
}

/** The rebuild proper, of an existing old container, from index `at` of the whole plan. */
function freshPlan(
  spec: InstanceSpec,
  observed: Observed,
  old: ObservedInstance,
  safe: SafeState,
  o: SafeRebuildOptions,
  at: number,
): Plan {
  const names = safeNames(spec.container, o.safe.stamp);
  checkNameLengths(spec.container, names);
  const seen = { ...observed, instance: old };
  const createConfig = { [NEXT_FOR_KEY]: spec.container, [REBUILD_STATE_KEY]: 'pending' };
  const a = launchPlan({ ...spec, container: names.next }, seen, {
    ...o,
    rebuild: true,
    keepOld: true,
    createConfig,
  });
  const b = launchPlan(spec, seen, { ...o, rebuild: true, keepOld: true });
  const before = a.steps.slice(0, createIndex(a.steps, names.next) + 1);
  const health: Step[] = spec.stop ? [] : [healthStep(spec, safe.ipv4, o.safe)];
  const main = [
    ...before,
    ...swapSteps(spec, old, names),
    ...b.steps.slice(createIndex(b.steps, spec.container) + 1),
    ...health,
  ];
  const previous = safe.kept.filter((k) => k.state === 'kept');
  const after = [...successSteps(spec, names), ...retentionSteps(spec, safe, previous, o.safe.retention - 1)];
  const notes = [
    ...a.notes,
    ...dirNotes(spec),
    ...(spec.stop ? ['the config stops the container: no health check'] : []),
  ];
  const target = {
    container: spec.container,
    project: spec.project,
    next: names.next,
    kept: names.kept,
    safety: names.safety,
    datasets: snapshotted(spec).map((f) => f.dataset!),
  };
  const plan = planOf('rebuild', spec, [...main, ...after], notes);
  return {
    ...plan,
    revert: {
      from: at + before.length,
      until: at + main.length - 1,
      steps: revertSteps(target, { mark: 'reverted', start: old.status === 'Running' }),
    },
    keeps: [keepsText(spec, names, o.safe.retention)],
  };
}

function healthStep(spec: InstanceSpec, ipv4: boolean, o: SafeOptions): Step {
  const what = [
    'runs',
    ...(ipv4 ? ['has an IPv4 address'] : []),
    ...(o.healthCommand !== undefined ? ['passes the health command'] : []),
  ];
  return {
    kind: 'health',
    description: `health check: ${spec.container} ${what.join(', ')} (within ${o.healthTimeoutSeconds} s)`,
    destructive: false,
    instance: spec.container,
    project: spec.project,
    ipv4,
    ...(o.healthCommand !== undefined ? { command: o.healthCommand } : {}),
    timeoutSeconds: o.healthTimeoutSeconds,
  };
}

/** A rebuild that passed its health check but was interrupted before its last records: finish it. */
function finishPlan(
  spec: InstanceSpec,
  safe: SafeState,
  left: Leftovers,
  o: SafeOptions,
  prefix: Step[],
): Plan {
  const done = patch(
    spec.container,
    spec.project,
    `the rebuild of ${spec.container} is done (${REBUILD_STATE_KEY} removed)`,
    {
      [REBUILD_STATE_KEY]: '',
      [REBUILD_FAILURE_KEY]: '',
    },
  );
  const kept = safe.kept.filter((k) => k.state === 'kept');
  return planOf(
    'rebuild',
    spec,
    [...prefix, done, ...retentionSteps(spec, safe, kept, o.retention)],
    left.notes,
  );
}

/**
 * The safe rebuild (issue 11 §4): the new container is made under a temporary name while the old
 * one runs, with its MAC addresses (LXD 5.0 and Incus 6.0 both accept a second container with
 * the same `volatile.*.hwaddr`, and keep it across a rename: tried on the real stack), then the
 * old one stops, every non-transient dataset gets a safety snapshot, the old one is kept under
 * `<name>-kept-<stamp>` and the new one takes the name, starts, is configured and checked. A
 * failure from the stop on runs `revert`. What an interrupted one left is undone (or finished) first.
 */
export function safeRebuildPlan(
  spec: InstanceSpec,
  observed: Observed,
  safe: SafeState,
  o: SafeRebuildOptions,
): Plan {
  const left = leftoversOf(spec, observed, safe);
  const prefix = [
    ...(left.undo ? revertSteps(left.undo, { mark: 'undo', start: false }) : []),
    ...orphanSteps(safe, left.undo?.safety),
  ];
  if (left.finish) return finishPlan(spec, safe, left, o.safe, prefix);
  if (!left.old) {
    const launch = launchPlan(spec, { ...observed, instance: undefined }, { ...o, rebuild: true });
    const notes = [
      ...left.notes,
      `${spec.container} does not exist: nothing to keep, it is launched`,
      ...launch.notes,
    ];
    return { ...launch, steps: [...prefix, ...launch.steps], notes };
  }
  const plan = freshPlan(spec, observed, left.old, safe, o, prefix.length);
  return { ...plan, steps: [...prefix, ...plan.steps], notes: [...left.notes, ...plan.notes] };
}
