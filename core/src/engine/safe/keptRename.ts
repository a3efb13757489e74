import { KEPT_FOR_KEY } from '../recordKeys';
import type { InstanceSpec } from '../instanceSpec';
import type { Step } from '../plan';
import { PlanError } from '../planError';
import { steps } from '../steps';
import { leftStandIn } from './leftovers';
import { checkNameLengths, rebuildStamp, safeNames } from './safeNames';
import type { SafeState } from './safeObserve';

const q = encodeURIComponent;

/** The stamp of a kept container: from its name (under the old or, on a run again, the new name), else its kept time. */
function stampOf(containers: string[], kept: SafeState['kept'][number]): string {
  for (const container of containers) {
    const suffix = kept.name.slice(`${container}-kept-`.length);
    if (kept.name.startsWith(`${container}-kept-`) && /^\d{14}$/.test(suffix)) return suffix;
  }
  const time = Date.parse(kept.time);
  return rebuildStamp(Number.isNaN(time) ? new Date(0) : new Date(time));
}

/**
 * A rename takes the containers that safe rebuilds kept for the instance along, so that `revert`
 * and `cleanup` of the new name find them: each is renamed `<new>-kept-<stamp>`, then its records
 * and its profile list point at the new instance (in that order: a run again after a kill finds
 * a kept container by its record, and one already renamed is not renamed again). An unfinished
 * safe rebuild is refused: which container holds the instance is not settled yet.
 */
export function carryKeptSteps(
  from: InstanceSpec,
  to: InstanceSpec,
  safe: Pick<SafeState, 'kept' | 'next'>,
): Step[] {
  const left = leftStandIn(safe);
  if (left)
    throw new PlanError(
      `a safe rebuild of ${from.container} did not finish (${left}): run lxdops rebuild, which undoes or finishes it, or lxdops revert, then rename`,
      'rebuild-unfinished',
    );
  return safe.kept.flatMap((kept) => {
    const names = safeNames(to.container, stampOf([from.container, to.container], kept));
    checkNameLengths(to.container, names);
    const profiles = kept.profiles.map((p) => (p === from.profile && to.profile ? to.profile : p));
    return [
      ...(kept.name === names.kept
        ? []
        : [
            steps.lxd(`rename the kept container ${kept.name} to ${names.kept}`, {
              method: 'POST',
              path: `/1.0/instances/${q(kept.name)}`,
              project: from.project,
              body: { name: names.kept },
            }),
          ]),
      steps.lxd(`record on ${names.kept} that it is kept for ${to.container}`, {
        method: 'PATCH',
        path: `/1.0/instances/${q(names.kept)}`,
        project: to.project,
        body: { config: { [KEPT_FOR_KEY]: to.container }, profiles },
      }),
    ];
  });
}
