import * as z from 'zod/mini';
import { listOf, stringOr } from './common';

/** `GET /1.0/cluster/members?recursion=1` (one item): a member, its state and roles. */
export const ClusterMemberSchema = z.looseObject({
  server_name: z.string(),
  url: stringOr(''),
  status: stringOr('Unknown'),
  message: stringOr(''),
  roles: listOf(z.string()),
});
export type ClusterMemberRecord = z.output<typeof ClusterMemberSchema>;

export const ClusterMembersSchema = listOf(ClusterMemberSchema);
