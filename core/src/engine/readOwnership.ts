import { recordedDirs } from './dirRecords';
import type { HostRunner } from './doors';
import type { InstanceSpec } from './instanceSpec';
import type { Ownership } from './ownership';
import { ownerMarks } from './ownerMarks';

/**
 * Reads the ownership of existing filesystems, read-only: the own lxdops:owner mark of each dataset
 * (`zfs get`) and the record of each plain directory for `owner` (dirRecords.ts).
 */
export async function readOwnership(
  host: HostRunner,
  owner: Pick<InstanceSpec, 'project' | 'instance'>,
  what: { datasets: readonly string[]; dirs: readonly string[] },
): Promise<Ownership> {
  const [marks, dirs] = await Promise.all([
    ownerMarks(host, [...new Set(what.datasets)]),
    recordedDirs(host, owner, what.dirs),
  ]);
  return { marks, dirs };
}
