import type { Doors } from '../engine/engine';
import type { InstanceSpec } from '../engine/instanceSpec';
import { existingDatasets } from '../engine/observe';
import { ownerMarks } from '../engine/ownerMarks';
import { LxdError } from '../lxd/lxdError';
import { InstanceSchema } from '../lxd/records/instance';
import type { RecordSchema } from '../lxd/records/parseRecord';
import { ProfileSchema } from '../lxd/records/profile';
import { STATUS_KEY } from './record';
import { type KeptContainer, safetySnapshots, standInsOf } from '../engine/safe/safeObserve';
import { snapshotted } from '../engine/snapshotPlans';

/** What cleanup needs to know, read-only: the container, the instance profile's users, each dataset's mark. */
export interface CleanupState {
  containerStatus?: string;
  /** The container's `user.lxdops.status`: how its last launch, rebuild or configure ended. */
  recordedStatus?: string;
  /** Undefined when the profile does not exist; else the URLs of the instances that use it. */
  profileUsedBy?: string[];
  /** Existing datasets of the config, with their owner mark when it is set on the dataset itself. */
  datasets: Map<string, string | undefined>;
  /** The containers safe rebuilds kept for the instance, newest first. */
  kept: KeptContainer[];
  /** The safety snapshots on the non-transient datasets: name → the datasets that have it. */
  safety: Map<string, string[]>;
}

async function getOrUndefined<T>(
  doors: Doors,
  path: string,
  project: string,
  schema: RecordSchema<T>,
): Promise<T | undefined> {
  try {
    return await doors.lxd.call({ method: 'GET', path, project }, schema);
  } catch (e) {
    if (e instanceof LxdError && e.notFound) return undefined;
    throw e;
  }
}

export async function observeCleanup(spec: InstanceSpec, doors: Doors): Promise<CleanupState> {
  const q = encodeURIComponent;
  const [container, profile, existing, standIns, safety] = await Promise.all([
    getOrUndefined(doors, `/1.0/instances/${q(spec.container)}`, spec.project, InstanceSchema),
    spec.profile
      ? getOrUndefined(doors, `/1.0/profiles/${q(spec.profile)}`, spec.project, ProfileSchema)
      : Promise.resolve(undefined),
    existingDatasets(
      doors.host,
      spec.filesystems.flatMap((f) => (f.dataset ? [f.dataset] : [])),
    ),
    standInsOf(doors.lxd, spec.container, spec.project),
    safetySnapshots(
      doors.host,
      snapshotted(spec).map((f) => f.dataset!),
    ),
  ]);
  return {
    ...(container ? { containerStatus: container.status } : {}),
    ...(container?.config[STATUS_KEY] !== undefined ? { recordedStatus: container.config[STATUS_KEY] } : {}),
    ...(profile ? { profileUsedBy: profile.used_by ?? [] } : {}),
    datasets: await ownerMarks(doors.host, [...existing.existing]),
    kept: standIns.kept,
    safety,
  };
}
