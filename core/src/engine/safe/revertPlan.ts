import { KEPT_FOR_KEY } from '../recordKeys';
import type { InstanceSpec } from '../instanceSpec';
import type { Observed } from '../observed';
import { type Plan, planOf, type Step } from '../plan';
import { PlanError } from '../planError';
import { snapshotted } from '../snapshotPlans';
import { steps } from '../steps';
import { revertSteps } from './revertSteps';
import { safeNames } from './safeNames';
import type { SafeState } from './safeObserve';

/** The current container removed for good: it is what the revert replaces (listed as destructive). */
function removeCurrentSteps(spec: InstanceSpec, observed: Observed): Step[] {
  const current = observed.instance;
  // the old container with its kept records but not renamed yet is what comes back: never removed
  if (!current || current.config[KEPT_FOR_KEY] === spec.container) return [];
  return [
    ...(current.status === 'Stopped' ? [] : [steps.state(spec.container, spec.project, 'stop', true)]),
    {
      ...steps.deleteInstance(spec.container, spec.project),
      description: `delete the current container ${spec.container} (the rebuilt one: its root filesystem and LXD snapshots)`,
    },
  ];
}

/**
 * `lxdops revert CONFIG`: undo the last safe rebuild. The newest kept container comes back under
 * the instance's name, the filesystems go back to its safety snapshot (what was written since
 * is lost: listed), the rebuilt container is deleted; the container starts when the current one ran.
 */
export function revertPlan(spec: InstanceSpec, observed: Observed, safe: SafeState): Plan {
  const kept = safe.kept[0];
  if (!kept)
    throw new PlanError(
      `no container kept by a safe rebuild of ${spec.container}: there is nothing to revert (lxdops cleanup or retention removed it, or it was reverted already)`,
      'nothing-to-revert',
    );
  const datasets = snapshotted(spec)
    .map((f) => f.dataset!)
    .filter((d) => observed.datasets.has(d));
  const have = new Set(safe.safety.get(kept.safety) ?? []);
  const missing = datasets.filter((d) => !have.has(d));
  if (!kept.safety || missing.length)
    throw new PlanError(
      `the safety snapshot ${kept.safety || '(none recorded)'} of ${kept.name} is missing on ${missing.join(', ') || 'its datasets'}: a revert would give the old container data newer than it had; nothing was changed`,
    );
  const target = {
    container: spec.container,
    project: spec.project,
    next: safeNames(spec.container, '').next,
    kept: kept.name,
    safety: kept.safety,
    datasets,
  };
  const running = observed.instance ? observed.instance.status !== 'Stopped' : kept.status !== 'Stopped';
  const rest = revertSteps(target, { mark: 'reverted', start: running }).map((s) =>
    s.kind === 'host' && s.command.argv[1] === 'rollback'
      ? { ...s, description: `${s.description}: what was written since the rebuild is lost` }
      : s,
  );
  const notes = [
    `brings back ${kept.name} (kept ${kept.time || 'at an unknown time'}) as ${spec.container}`,
    ...(safe.kept.length > 1
      ? [
          `older kept containers stay: ${safe.kept
            .slice(1)
            .map((k) => k.name)
            .join(', ')}`,
        ]
      : []),
  ];
  return planOf('revert', spec, [...removeCurrentSteps(spec, observed), ...rest], notes);
}
