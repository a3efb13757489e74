import type { InstanceFullRecord } from '../lxd/records/instance';
import { snapshotName } from '../lxd/records/snapshot';
import type { SnapshotIdentity } from './fleetTypes';

/** What the fleet reads of one instance of a host (from one recursive listing). */
export interface FleetInstance {
  name: string;
  project: string;
  status: string;
  config: Record<string, string>;
  /** When the container was created (ISO). */
  createdAt?: string;
  /** Its snapshots with their `created_at`, oldest first. */
  snapshots: SnapshotIdentity[];
}

/** The fleet's view of an instance record of `GET /1.0/instances?recursion=2`. */
export function fleetInstanceOf(i: InstanceFullRecord): FleetInstance {
  const snapshots = i.snapshots
    .map((s) => ({ name: snapshotName(s), id: s.created_at }))
    .sort((a, b) => a.id.localeCompare(b.id));
  return {
    name: i.name,
    project: i.project || 'default',
    status: i.status,
    config: i.config,
    ...(i.created_at ? { createdAt: i.created_at } : {}),
    snapshots,
  };
}
