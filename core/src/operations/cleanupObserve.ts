import type { Doors } from '../engine/engine';
import type { InstanceSpec } from '../engine/instanceSpec';
import { existingDatasets } from '../engine/observe';
import { OWNER_PROPERTY } from '../engine/ownerMark';
import { LxdError } from '../lxd/lxdError';
import { InstanceSchema } from '../lxd/records/instance';
import type { RecordSchema } from '../lxd/records/parseRecord';
import { ProfileSchema } from '../lxd/records/profile';

/** What cleanup needs to know, read-only: the container, the instance profile's users, each dataset's mark. */
export interface CleanupState {
  containerStatus?: string;
  /** Undefined when the profile does not exist; else the URLs of the instances that use it. */
  profileUsedBy?: string[];
  /** Existing datasets of the config, with their owner mark when it is set on the dataset itself. */
  datasets: Map<string, string | undefined>;
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

/** `zfs get` of the owner mark; an inherited mark is not the dataset's own, so it does not count. */
async function ownerMarks(doors: Doors, names: string[]): Promise<Map<string, string | undefined>> {
  const out = new Map<string, string | undefined>(names.map((n) => [n, undefined]));
  if (!names.length) return out;
  const r = await doors.host.run({
    argv: ['zfs', 'get', '-H', '-o', 'name,value,source', OWNER_PROPERTY, ...names],
    sudo: false,
  });
  if (r.exitCode !== 0)
    throw new Error(`zfs get ${OWNER_PROPERTY} failed: ${r.stderr.trim() || `exit ${r.exitCode}`}`);
  for (const line of r.stdout.split('\n')) {
    const [name, value, source] = line.split('\t');
    if (name && out.has(name) && source === 'local') out.set(name, value);
  }
  return out;
}

export async function observeCleanup(spec: InstanceSpec, doors: Doors): Promise<CleanupState> {
  const q = encodeURIComponent;
  const [container, profile, existing] = await Promise.all([
    getOrUndefined(doors, `/1.0/instances/${q(spec.container)}`, spec.project, InstanceSchema),
    spec.profile
      ? getOrUndefined(doors, `/1.0/profiles/${q(spec.profile)}`, spec.project, ProfileSchema)
      : Promise.resolve(undefined),
    existingDatasets(
      doors.host,
      spec.filesystems.flatMap((f) => (f.dataset ? [f.dataset] : [])),
    ),
  ]);
  return {
    ...(container ? { containerStatus: container.status } : {}),
    ...(profile ? { profileUsedBy: profile.used_by ?? [] } : {}),
    datasets: await ownerMarks(doors, [...existing.existing]),
  };
}
