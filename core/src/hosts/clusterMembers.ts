import type { LxdApi } from '../engine/doors';
import { ClusterMembersSchema } from '../lxd/records/clusterMember';

/** A member of a cluster as the explorer shows it. */
export interface ListedMember {
  name: string;
  status: string;
  roles: string[];
  message: string;
  url: string;
}

/** `GET /1.0/cluster/members?recursion=1`: every member with its status, roles and message. */
export async function clusterMembers(api: LxdApi): Promise<ListedMember[]> {
  const members = await api.call(
    { method: 'GET', path: '/1.0/cluster/members?recursion=1' },
    ClusterMembersSchema,
  );
  return members
    .map((m) => ({ name: m.server_name, status: m.status, roles: m.roles, message: m.message, url: m.url }))
    .sort((a, b) => a.name.localeCompare(b.name));
}
