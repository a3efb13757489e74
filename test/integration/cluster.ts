/**
 * The nested test cluster of scripts/setup-cluster.sh for the integration tests: its hosts file,
 * the environment that gives the CLI the SSH config of its members, and what a test does to the
 * cluster from outside (stop and start a member, wait until it is online, read a member's LXD and
 * ZFS). The reads go through `lxc exec` on the host, not through the code under test, so they are
 * an independent witness of where things landed.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { must, run, sleep } from './stack';

export const CLUSTER_DIR = process.env.LXDOPS_CLUSTER_DIR ?? '/var/tmp/lxdops-cluster';
export const HOSTS_FILE = join(CLUSTER_DIR, 'hosts.yaml');
export const SSH_CONFIG = join(process.env.LXDOPS_SSH_DIR ?? '/var/tmp/lxdops-ssh', 'ssh_config');
/** The cluster's name in HOSTS_FILE. */
export const CLUSTER = 'cluster';
export const MEMBERS = ['lxdops-cm1', 'lxdops-cm2', 'lxdops-cm3'] as const;
export type Member = (typeof MEMBERS)[number];
/** The pool every member has (same name, its own data). */
export const MEMBER_POOL = 'lxdopsm';
/** The member a test never stops: the hosts file's URL is its address. */
export const ENTRY_MEMBER: Member = 'lxdops-cm1';

/** Each member's address (the SSH destinations in HOSTS_FILE are root@ these). */
export const memberAddress = (member: Member) => `10.250.77.1${MEMBERS.indexOf(member) + 1}`;

/** What the CLI needs besides `--hosts HOSTS_FILE`: the ssh_config that knows the members' keys. */
export const clusterEnv = (): Record<string, string> => ({ LXDOPS_SSH_CONFIG: SSH_CONFIG });

/** Fails (never skips) when setup-cluster.sh has not made the cluster. */
export async function requireCluster(): Promise<void> {
  const missing = [HOSTS_FILE, SSH_CONFIG].filter((file) => !existsSync(file));
  if (missing.length) throw new Error(`${missing.join(', ')} missing: run scripts/setup-cluster.sh`);
  for (const member of MEMBERS) {
    const state = await run('lxc', ['list', `^${member}$`, '-c', 's', '--format', 'csv']);
    if (state.stdout.trim() !== 'RUNNING')
      throw new Error(`the cluster member ${member} is not running: run scripts/setup-cluster.sh`);
  }
}

/** A command inside a member, run from the host (`lxc exec`); must succeed. */
export const inMember = (member: Member, argv: readonly string[]) =>
  must('lxc', ['exec', member, '--', ...argv]);

/** The same, with its exit status (for reads that may fail). */
export const tryInMember = (member: Member, argv: readonly string[]) =>
  run('lxc', ['exec', member, '--', ...argv]);

/** A cluster API GET, asked of the entry member's own LXD over its socket; undefined on 404. */
export async function clusterGet<T>(path: string): Promise<T | undefined> {
  const r = await tryInMember(ENTRY_MEMBER, ['lxc', 'query', path]);
  if (r.status === 0) return JSON.parse(r.stdout) as T;
  if (/not found/i.test(r.stderr)) return undefined;
  throw new Error(`lxc query ${path} in ${ENTRY_MEMBER}: ${r.stderr}`);
}

export interface ClusterInstance {
  name: string;
  status: string;
  location: string;
  config: Record<string, string>;
}

export const clusterInstance = (name: string) => clusterGet<ClusterInstance>(`/1.0/instances/${name}`);

/** A shell script inside a cluster instance (wherever it lives: LXD forwards to its member). */
export const inClusterInstance = (name: string, script: string) =>
  inMember(ENTRY_MEMBER, ['lxc', 'exec', name, '--', 'sh', '-c', script]);

/** The datasets under `root` on one member's pool (empty when root is not there). */
export async function memberDatasets(member: Member, root: string): Promise<string[]> {
  const r = await tryInMember(member, ['zfs', 'list', '-H', '-r', '-t', 'all', '-o', 'name', '--', root]);
  if (r.status !== 0) {
    if (/does not exist/.test(r.stderr)) return [];
    throw new Error(`zfs list ${root} in ${member}: ${r.stderr}`);
  }
  return r.stdout.split('\n').filter(Boolean);
}

/** A member's status as the cluster sees it (`Online`, `Offline`, `Evacuated`, ...). */
export async function memberStatus(member: Member): Promise<string> {
  const found = await clusterGet<{ status: string }>(`/1.0/cluster/members/${member}`);
  return found?.status ?? 'missing';
}

/** Stops a member's system container at once (`lxc stop --force`), as a power cut would. */
export const stopMember = (member: Member) => must('lxc', ['stop', '--force', member]);

/** Starts a member and waits until its LXD is ready and the cluster reports it Online (ms it took). */
export async function startMember(member: Member, maxMs = 90_000): Promise<number> {
  const started = Date.now();
  const state = await run('lxc', ['list', `^${member}$`, '-c', 's', '--format', 'csv']);
  if (state.stdout.trim() !== 'RUNNING') await must('lxc', ['start', member]);
  // its own LXD first: after the leader was killed, the cluster may still show it Online from before
  await inMember(member, ['lxd', 'waitready', `--timeout=${Math.ceil(maxMs / 1000)}`]);
  await waitMemberStatus(member, 'Online', maxMs - (Date.now() - started));
  return Date.now() - started;
}

/** Polls the cluster until `member` has `status`; the ms it took, or an error after maxMs. */
export async function waitMemberStatus(member: Member, status: string, maxMs: number): Promise<number> {
  const started = Date.now();
  let last = '';
  while (Date.now() - started < maxMs) {
    last = await memberStatus(member).catch((e: Error) => `unknown (${e.message})`);
    if (last === status) return Date.now() - started;
    await sleep(500);
  }
  throw new Error(`${member} is still ${last}, not ${status}, after ${maxMs} ms`);
}

/** The member that holds the cluster database's leadership, or undefined while none does. */
export async function databaseLeader(): Promise<Member | undefined> {
  const members = await clusterGet<{ server_name: Member; roles: string[] }[]>(
    '/1.0/cluster/members?recursion=1',
  ).catch(() => undefined);
  return members?.find((m) => m.roles.includes('database-leader'))?.server_name;
}

/**
 * Moves the database leadership off `member`: restarting LXD on the leader hands it to another
 * member (a clean stop hands over; a killed leader leaves the cluster without one for ~30 s).
 * Returns the new leader.
 */
export async function leadershipOff(member: Member, maxMs = 90_000): Promise<Member> {
  const started = Date.now();
  let leader = await databaseLeader();
  while (Date.now() - started < maxMs) {
    if (leader !== undefined && leader !== member) return leader;
    if (leader === member) await inMember(member, ['systemctl', 'restart', 'lxd']);
    await sleep(2_000);
    leader = await databaseLeader();
  }
  throw new Error(`the database leader is still ${leader ?? 'none'} after ${maxMs} ms`);
}

/** Waits until every member is Online again (after a test stopped one). */
export async function waitAllOnline(maxMs = 120_000): Promise<void> {
  const started = Date.now();
  for (const member of MEMBERS) await waitMemberStatus(member, 'Online', maxMs - (Date.now() - started));
}

/**
 * Waits until every member has been Online for `stableMs` without a break. After a killed database
 * leader, the members keep their old `Online` while the cluster has no leader, then all turn
 * `Offline` for ~20 s once a new leader finds their heartbeats stale (in CI the next test met that),
 * then `Online` again: only a window longer than LXD's 20 s offline threshold tells it is over.
 */
export async function waitSettled(stableMs = 25_000, maxMs = 180_000): Promise<number> {
  const started = Date.now();
  let onlineSince: number | undefined;
  let last = '';
  while (Date.now() - started < maxMs) {
    const statuses = await Promise.all(
      MEMBERS.map((m) => memberStatus(m).catch((e: Error) => `unknown (${e.message})`)),
    );
    last = MEMBERS.map((m, i) => `${m} ${statuses[i]}`).join(', ');
    if (statuses.every((s) => s === 'Online')) onlineSince ??= Date.now();
    else onlineSince = undefined;
    if (onlineSince !== undefined && Date.now() - onlineSince >= stableMs) return Date.now() - started;
    await sleep(1_000);
  }
  throw new Error(`the cluster did not settle (all Online for ${stableMs} ms) within ${maxMs} ms: ${last}`);
}

/** `zfs destroy -r` in a member, again while zfs-fuse still calls the dataset busy (just unmounted). */
async function destroyInMember(member: Member, dataset: string, tries = 40): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const r = await tryInMember(member, ['zfs', 'destroy', '-r', '--', dataset]);
    if (r.status === 0) return;
    if (!/busy/.test(r.stderr) || attempt >= tries)
      throw new Error(`zfs destroy -r ${dataset} in ${member}: ${r.stderr}`);
    await sleep(500);
  }
}

/** Removes, on the cluster, the instances and profiles named `<tag>-...` and the members' `<pool>/<tag>`. */
export async function clusterCleanup(tag: string): Promise<void> {
  const instances = (await clusterGet<string[]>('/1.0/instances')) ?? [];
  for (const url of instances) {
    const name = url.split('/').pop()!;
    if (name.startsWith(`${tag}-`)) await inMember(ENTRY_MEMBER, ['lxc', 'delete', '--force', name]);
  }
  const profiles = (await clusterGet<string[]>('/1.0/profiles')) ?? [];
  for (const url of profiles) {
    const name = decodeURIComponent(url.split('/').pop()!);
    if (name.startsWith(`${tag}-`)) await inMember(ENTRY_MEMBER, ['lxc', 'profile', 'delete', name]);
  }
  for (const member of MEMBERS) {
    const root = `${MEMBER_POOL}/${tag}`;
    if ((await memberDatasets(member, root)).length) await destroyInMember(member, root);
    const records = await tryInMember(member, ['ls', '/var/lib/lxdops-owners/default']);
    for (const instance of records.stdout.split('\n').filter((n) => n.startsWith(`${tag}-`)))
      await inMember(member, ['rm', '-rf', '--', `/var/lib/lxdops-owners/default/${instance}`]);
  }
}
