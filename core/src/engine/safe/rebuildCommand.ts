import type { Doors } from '../engine';
import type { InstanceSpec } from '../instanceSpec';
import { launchPlan, type LaunchOptions } from '../launchPlan';
import type { Observed } from '../observed';
import type { Plan } from '../plan';
import { PlanError } from '../planError';
import { snapshotted } from '../snapshotPlans';
import { leftStandIn, unfinished } from './leftovers';
import { revertPlan } from './revertPlan';
import { rebuildStamp } from './safeNames';
import { observeSafe, type SafeState, standInsOf } from './safeObserve';
import { safeRebuildPlan } from './safeRebuildPlan';

/** What the front ends pass for a safe rebuild (CommandOptions' part). */
export interface SafeCommandOptions {
  unsafe?: boolean;
  healthCommand?: string;
  healthTimeoutSeconds?: number;
  retention?: number;
  rebuildStamp?: string;
}

export const DEFAULT_HEALTH_TIMEOUT = 60;
export const DEFAULT_RETENTION = 1;

function readSafe(doors: Doors, spec: InstanceSpec, observed: Observed): Promise<SafeState> {
  return observeSafe(doors, {
    container: spec.container,
    project: spec.project,
    ...(observed.instance ? { status: observed.instance.status } : {}),
    datasets: snapshotted(spec).map((f) => f.dataset!),
  });
}

/** `rebuild`: safe unless `unsafe` (today's plan, which refuses to take over an unfinished safe one). */
export async function planRebuild(
  doors: Doors,
  spec: InstanceSpec,
  observed: Observed,
  launch: LaunchOptions,
  o: SafeCommandOptions,
): Promise<Plan> {
  const safe = await readSafe(doors, spec, observed);
  if (o.unsafe) {
    if (unfinished(observed, safe))
      throw new PlanError(
        `a safe rebuild of ${spec.container} did not finish: run lxdops rebuild (without --unsafe) first, it undoes or finishes it`,
        'rebuild-unfinished',
      );
    return launchPlan(spec, observed, { ...launch, rebuild: true });
  }
  return safeRebuildPlan(spec, observed, safe, {
    ...launch,
    safe: {
      stamp: o.rebuildStamp ?? rebuildStamp(new Date()),
      retention: o.retention ?? DEFAULT_RETENTION,
      ...(o.healthCommand !== undefined ? { healthCommand: o.healthCommand } : {}),
      healthTimeoutSeconds: o.healthTimeoutSeconds ?? DEFAULT_HEALTH_TIMEOUT,
    },
  });
}

/** `revert`: the newest kept container back under the instance's name. */
export async function planRevert(doors: Doors, spec: InstanceSpec, observed: Observed): Promise<Plan> {
  return revertPlan(spec, observed, await readSafe(doors, spec, observed));
}

/**
 * `launch` of an instance that has no container: refused while a safe rebuild of it is unfinished
 * (its old container kept and pending, or the new one still under its temporary name). A launch
 * would make a third container on the same filesystems, and the rebuild could not be undone.
 */
export async function refuseUnfinishedRebuild(doors: Doors, spec: InstanceSpec): Promise<void> {
  const left = leftStandIn(await standInsOf(doors.lxd, spec.container, spec.project));
  if (left)
    throw new PlanError(
      `a safe rebuild of ${spec.container} did not finish (${left}): run lxdops rebuild, which undoes or finishes it, or lxdops revert to bring the old container back; launch does not take it over`,
      'rebuild-unfinished',
    );
}
