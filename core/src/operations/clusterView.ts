import type { HostRunner } from '../engine/doors';
import type { RunnerOf } from '../engine/listing';
import type { HostDoors } from '../hosts/openDoors';
import { clusterMembers, type ListedMember } from '../hosts/clusterMembers';
import { ServerSchema } from '../lxd/records/server';

/** What an operation needs of a cluster: its members, and the runner that reaches each one's host. */
export interface ClusterView {
  /** The host's name (`--host`), for messages. */
  host: string;
  /** Status `Online`, `Offline`, `Evacuated`, ... as LXD reports it. */
  members: ListedMember[];
  runnerOf: (member: string) => HostRunner | undefined;
}

/**
 * The cluster behind the doors, or undefined when the server is not clustered: `GET /1.0`, then
 * the members (both answered from the cluster's database, so an offline member does not hold them).
 */
export async function readClusterView(doors: HostDoors, host: string): Promise<ClusterView | undefined> {
  const server = await doors.lxd.call({ method: 'GET', path: '/1.0' }, ServerSchema);
  if (!server.environment.server_clustered) return undefined;
  return {
    host,
    members: await clusterMembers(doors.lxd),
    // the member the door reaches is also reached by the host's own runner when that runs on it
    runnerOf: (member) =>
      doors.memberRunner?.(member) ??
      (doors.runnerOnServer && member === server.environment.server_name ? doors.host : undefined),
  };
}

/** The runner of each instance's host side, for a listing: its member's on a cluster, else the host's. */
export function runnersOf(doors: HostDoors, view: ClusterView | undefined): RunnerOf {
  if (!view) return () => doors.host;
  return (member) => (member === undefined ? doors.host : view.runnerOf(member));
}
