import type { RootResult } from '../check/resolveRoot';
import type { BlockerCode } from '../diagnostics/codes';
import type { Doors } from '../engine/engine';
import type { InstanceSpec } from '../engine/instanceSpec';
import { LxdError } from '../lxd/lxdError';
import { UnusedAnswer } from '../lxd/records/envelope';
import { InstanceSchema } from '../lxd/records/instance';
import { preflightBlocker } from './blockers';
import type { ClusterView } from './clusterView';
import type { Blocker, OperationEnv } from './types';

/** Where one root's instance lives: its member on a cluster, and the doors whose runner reaches it. */
export interface Placement {
  /** The cluster member (`location`); undefined off a cluster. */
  member?: string;
  doors: Doors;
}

export type PlacementResult = { blockers: Blocker[] } | Placement;

/** Seconds for the instance's own record: the cluster forwards it to the member, which may be down. */
const LOCATION_SECONDS = 8;

/** The instance's member, or undefined when the instance does not exist. */
async function locationOf(doors: Doors, spec: InstanceSpec): Promise<string | undefined> {
  try {
    const path = `/1.0/instances/${encodeURIComponent(spec.container)}`;
    const request = { method: 'GET' as const, path, project: spec.project, timeoutSeconds: LOCATION_SECONDS };
    const found = await doors.lxd.call(request, InstanceSchema);
    return found.location && found.location !== 'none' ? found.location : undefined;
  } catch (e) {
    if (e instanceof LxdError && e.notFound) return undefined;
    throw e;
  }
}

/** Seconds for a new instance's member to answer for itself: forwarded, the read hangs while it is down. */
const MEMBER_SECONDS = 5;

/**
 * Why the member a new instance goes to does not answer its own API (`GET /1.0?target=`, which
 * the cluster forwards to it), or undefined when it does. The cluster counts a member Online until
 * it misses its heartbeats: in the seconds after it stopped, and after a killed database leader
 * came back, the cluster called it Online while its API refused connections (seen in the cluster
 * test), and a launch had made the datasets by the time creating the container failed.
 */
async function memberSilence(doors: Doors, member: string): Promise<string | undefined> {
  const path = `/1.0?target=${encodeURIComponent(member)}`;
  try {
    await doors.lxd.call({ method: 'GET', path, timeoutSeconds: MEMBER_SECONDS }, UnusedAnswer);
    return undefined;
  } catch (e) {
    if (e instanceof LxdError) return e.message;
    throw e;
  }
}

/** Whether the config has anything on the host side (datasets or directories), which a member holds. */
function needsHost(spec: InstanceSpec): boolean {
  return spec.filesystems.length > 0;
}

function refusal(root: RootResult, code: BlockerCode, message: string): { blockers: Blocker[] } {
  return { blockers: [preflightBlocker(root, code, message)] };
}

const memberList = (cluster: ClusterView) => cluster.members.map((m) => `${m.name} (${m.status})`).join(', ');

/** The member the root's instance is on, or is to be created on (`--target`), or what prevents knowing it. */
async function chooseMember(
  root: RootResult,
  spec: InstanceSpec,
  cluster: ClusterView,
  doors: Doors,
  target: string | undefined,
): Promise<{ member?: string; isNew?: boolean } | { blockers: Blocker[] }> {
  let location: string | undefined;
  try {
    location = await locationOf(doors, spec);
  } catch (e) {
    if (!(e instanceof LxdError) || e.status !== 0) throw e;
    // the cluster still counts the member online, but it does not answer for the instance
    return refusal(
      root,
      'cluster-member-offline',
      `${cluster.host} did not answer for ${spec.container} within ${LOCATION_SECONDS} s (${e.message}): the member that holds it may be down (members: ${memberList(cluster)}); nothing was changed`,
    );
  }
  if (location && target && location !== target)
    return refusal(
      root,
      'cluster-target-mismatch',
      `${spec.container} is on member ${location}, not ${target}: its filesystems are there; drop --target, or destroy it first to launch it on ${target}`,
    );
  const member = location ?? target;
  if (location === undefined && member !== undefined) return { member, isNew: true };
  if (member === undefined)
    return needsHost(spec)
      ? refusal(
          root,
          'cluster-target-needed',
          `${cluster.host} is a cluster: say on which member ${spec.container} and its filesystems go (--target MEMBER; members: ${memberList(cluster)})`,
        )
      : {};
  return { member };
}

/** A member that can take the operation: known, online, and (when the config has filesystems) reachable by SSH. */
function memberDoors(
  root: RootResult,
  spec: InstanceSpec,
  cluster: ClusterView,
  doors: Doors,
  member: string,
): PlacementResult {
  const known = cluster.members.find((m) => m.name === member);
  if (!known)
    return refusal(
      root,
      'cluster-member-unknown',
      `${cluster.host} has no member ${member} (members: ${memberList(cluster)})`,
    );
  if (known.status !== 'Online')
    return refusal(
      root,
      'cluster-member-offline',
      `member ${member} of ${cluster.host} is ${known.status}${known.message ? ` (${known.message})` : ''}: start it, or wait until \`lxc cluster list\` shows it Online; nothing was changed`,
    );
  if (!needsHost(spec)) return { member, doors };
  const runner = cluster.runnerOf(member);
  if (!runner)
    return refusal(
      root,
      'cluster-member-no-ssh',
      `the filesystems of ${spec.container} are on member ${member}, which has no SSH destination: add \`members: {${member}: user@address}\` to the entry of ${cluster.host} (lxdops hosts)`,
    );
  return { member, doors: { lxd: doors.lxd, host: runner } };
}

/**
 * Where the root's operation runs. Off a cluster: the host's doors. On a cluster: the member that
 * holds the instance (or `--target` for a new one), which must be online, with the member's own
 * runner for the host side: a member's pool is its own, so its datasets are made and removed there.
 */
export async function placementOf(
  root: RootResult,
  spec: InstanceSpec,
  env: OperationEnv,
  cluster: ClusterView | undefined,
  target: string | undefined,
): Promise<PlacementResult> {
  if (!cluster) {
    if (target === undefined) return { doors: env.doors };
    return refusal(
      root,
      'cluster-member-unknown',
      `--target ${target}: ${env.host ?? 'local'} is not a cluster; --target names a cluster member`,
    );
  }
  const chosen = await chooseMember(root, spec, cluster, env.doors, target);
  if ('blockers' in chosen) return chosen;
  if (chosen.member === undefined) return { doors: env.doors };
  const placed = memberDoors(root, spec, cluster, env.doors, chosen.member);
  if ('blockers' in placed || !chosen.isNew) return placed;
  const silence = await memberSilence(env.doors, chosen.member);
  if (silence === undefined) return placed;
  return refusal(
    root,
    'cluster-member-offline',
    `member ${chosen.member} of ${cluster.host} is counted Online, but its LXD does not answer (${silence}): it is starting, or went down since its last heartbeat; wait until \`lxc info --target ${chosen.member}\` answers, then run again; nothing was changed`,
  );
}
