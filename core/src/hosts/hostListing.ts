import { type KnownZfs, listInstances, type ListedInstance, zfsInfo } from '../engine/listing';
import { LxdError } from '../lxd/lxdError';
import { LxdRecordError } from '../lxd/records/parseRecord';
import { ProfileListSchema } from '../lxd/records/profile';
import { type ServerRecord, ServerSchema } from '../lxd/records/server';
import type { ConfigSummary } from '../protocol';
import type { HostDoors } from './openDoors';
import type { HostRunner, LxdApi } from '../engine/doors';
import { clusterMembers, type ListedMember } from './clusterMembers';
import { configLookup } from './configLink';

export interface ListedProfile {
  name: string;
  project: string;
  usedBy: number;
  devices: number;
}

export interface LxdListing {
  server: { name: string; kind: string; version: string; clustered: boolean };
  /** The members of a cluster (empty for a single server). */
  members: ListedMember[];
  instances: ListedInstance[];
  profiles: ListedProfile[];
  /** The configs' ZFS datasets that exist (to tell a partially created config). */
  datasets: Set<string>;
}

/** The server answered but does not trust this client's certificate: nothing else can be listed. */
export class HostUntrustedError extends Error {
  override readonly name = 'HostUntrustedError';
  constructor(readonly auth: string) {
    super(`the server does not trust this client's certificate (auth: ${auth})`);
  }
}

/**
 * The profiles of every project; a server that refuses `all-projects` for profiles (older LXD
 * answers 400; a restricted certificate 403) is asked for the current project's. Other failures are not hidden.
 */
async function allProfiles(api: LxdApi) {
  try {
    return await api.call(
      { method: 'GET', path: '/1.0/profiles?recursion=1&all-projects=true' },
      ProfileListSchema,
    );
  } catch (e) {
    if (!(e instanceof LxdError) || e instanceof LxdRecordError || ![400, 403].includes(e.status)) throw e;
    return api.call({ method: 'GET', path: '/1.0/profiles?recursion=1' }, ProfileListSchema);
  }
}

async function profiles(api: LxdApi): Promise<ListedProfile[]> {
  return (await allProfiles(api)).map((p) => ({
    name: p.name,
    project: p.project ?? 'default',
    usedBy: p.used_by.length,
    devices: Object.keys(p.devices).length,
  }));
}

/** One `zfs list -r` of every dataset of the configs: their usage, snapshots, and which exist. */
async function configDatasets(host: HostRunner, configs: readonly ConfigSummary[]): Promise<KnownZfs> {
  const datasets = configs.flatMap((c) => (c.filesystems ?? []).filter((f) => f.zfs).map((f) => f.path));
  const asked = new Set(datasets);
  return { asked, zfs: await zfsInfo(host, [...asked]) };
}

function serverOf(server: ServerRecord): LxdListing['server'] {
  const env = server.environment;
  return {
    name: env.server_name ?? 'local',
    kind: env.server === 'incus' ? 'Incus' : 'LXD',
    version: env.server_version ?? '',
    clustered: env.server_clustered === true,
  };
}

/** The value of a settled read; an untrusted server's refusal is said as such, not as the 403 of a listing. */
function valueOf<T>(read: PromiseSettledResult<T>, server: PromiseSettledResult<ServerRecord>): T {
  if (server.status === 'fulfilled' && server.value.auth !== undefined && server.value.auth !== 'trusted')
    throw new HostUntrustedError(server.value.auth);
  if (read.status === 'rejected') throw read.reason;
  return read.value;
}

/**
 * Everything the views show of one host's LXD and ZFS, read at once: the server (and a cluster's
 * members), its instances (tied to the configs, in one recursive listing), its profiles, and one
 * `zfs list` of the configs' datasets through the host's runner (over SSH for a remote host; a
 * cluster's instances through their members' runners).
 * Read-only.
 */
export async function listHost(doors: HostDoors, configs: readonly ConfigSummary[]): Promise<LxdListing> {
  const api = doors.lxd;
  const zfs = configDatasets(doors.host, configs);
  zfs.catch(() => undefined); // awaited below; a failure is thrown there, never unhandled
  const reads = await Promise.allSettled([
    api.call({ method: 'GET', path: '/1.0' }, ServerSchema),
    // a cluster's instance: its filesystems through its member's runner (none: said on the instance)
    listInstances(
      doors,
      configLookup(configs),
      undefined,
      (m) => (m === undefined ? doors.host : doors.memberRunner?.(m)),
      zfs,
    ),
    profiles(api),
    zfs,
  ]);
  const [serverRead, instancesRead, profilesRead, zfsRead] = reads;
  const server = serverOf(valueOf(serverRead, serverRead));
  const instances = valueOf(instancesRead, serverRead);
  const profileList = valueOf(profilesRead, serverRead);
  const known = valueOf(zfsRead, serverRead);
  const existing = [...known.asked].filter((name) => known.zfs.info.has(name));
  const members = server.clustered ? await clusterMembers(api) : [];
  const onMembers = await memberDatasets(doors, members, configs);
  return {
    server,
    members,
    instances,
    profiles: profileList,
    datasets: new Set([...existing, ...onMembers]),
  };
}

/**
 * On a cluster, the configs' datasets that exist on an online member's own pool (a partly created
 * config's are there, with no instance to say where): one `zfs list` per member with a runner.
 */
async function memberDatasets(
  doors: HostDoors,
  members: readonly { name: string; status: string }[],
  configs: readonly ConfigSummary[],
): Promise<string[]> {
  const runners = members
    .filter((m) => m.status === 'Online')
    .flatMap((m) => doors.memberRunner?.(m.name) ?? []);
  const lists = await Promise.all(runners.map((runner) => configDatasets(runner, configs)));
  return lists.flatMap((known) => [...known.asked].filter((name) => known.zfs.info.has(name)));
}
