import type { Doors } from '../engine';
import type { InstanceSpec } from '../instanceSpec';
import type { Step } from '../plan';
import { snapshotted } from '../snapshotPlans';
import { steps } from '../steps';
import type { Usage } from '../usage';
import { keptRemovalSteps } from './keptRemoval';
import { type SafeState, safetySnapshots, standInsOf } from './safeObserve';

/** The kept and temporary containers of the instance, and the safety snapshots, read-only. */
export async function readStandIns(doors: Doors, spec: InstanceSpec): Promise<SafeState> {
  const [standIns, safety] = await Promise.all([
    standInsOf(doors.lxd, spec.container, spec.project),
    safetySnapshots(
      doors.host,
      snapshotted(spec).map((f) => f.dataset!),
    ),
  ]);
  return { ...standIns, safety, ipv4: false };
}

/**
 * delete and destroy take the instance's stand-ins with it: every kept container (its safety
 * snapshots too) and a temporary `-next` one, listed as destructive. They use the instance's
 * profile and filesystems, so neither could be removed while they exist.
 */
export function standInRemovalSteps(spec: InstanceSpec, safe: SafeState): Step[] {
  const out = safe.kept.flatMap((k) => keptRemovalSteps(k, spec.project, safe.safety.get(k.safety) ?? []));
  if (safe.next) {
    if (safe.next.status !== 'Stopped') out.push(steps.state(safe.next.name, spec.project, 'stop', true));
    out.push({
      ...steps.deleteInstance(safe.next.name, spec.project),
      description: `delete ${safe.next.name}, the new container of a safe rebuild that did not finish`,
    });
  }
  return out;
}

/** The usage without the stand-ins' disks: they are removed first, so they do not hold the data. */
export function withoutStandIns(usage: Usage, spec: InstanceSpec, safe: SafeState): Usage {
  const names = new Set([...safe.kept.map((k) => k.name), ...(safe.next ? [safe.next.name] : [])]);
  return {
    ...usage,
    disks: usage.disks.filter((d) => !(d.project === spec.project && names.has(d.instance))),
  };
}
