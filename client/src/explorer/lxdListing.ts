import { listInstances, type ListedInstance } from '../../../core/src/engine/listing';
import { LocalHostRunner } from '../../../core/src/host/localHostRunner';
import { zfsList } from '../../../core/src/engine/zfsList';
import type { LxdClient } from '../../../core/src/lxd/lxdClient';
import { LxdError } from '../../../core/src/lxd/lxdError';
import { LxdRecordError } from '../../../core/src/lxd/records/parseRecord';
import { ProfileListSchema } from '../../../core/src/lxd/records/profile';
import { ServerSchema } from '../../../core/src/lxd/records/server';
import type { ConfigSummary } from '../../../core/src/protocol';
import { configLookup } from '../model/configLink';

export interface ListedProfile {
  name: string;
  project: string;
  usedBy: number;
  devices: number;
}

export interface LxdListing {
  server: { name: string; kind: string; version: string };
  instances: ListedInstance[];
  profiles: ListedProfile[];
  /** The configs' ZFS datasets that exist (to tell a partially created config). */
  datasets: Set<string>;
}

/**
 * The profiles of every project; a server that refuses `all-projects` for profiles (older LXD
 * answers 400; a restricted certificate 403) is asked for the current project's. Other failures are not hidden.
 */
async function allProfiles(api: LxdClient) {
  try {
    return await api.get('/1.0/profiles?recursion=1&all-projects=true', ProfileListSchema);
  } catch (e) {
    if (!(e instanceof LxdError) || e instanceof LxdRecordError || ![400, 403].includes(e.status)) throw e;
    return api.get('/1.0/profiles?recursion=1', ProfileListSchema);
  }
}

async function profiles(api: LxdClient): Promise<ListedProfile[]> {
  return (await allProfiles(api)).map((p) => ({
    name: p.name,
    project: p.project ?? 'default',
    usedBy: p.used_by.length,
    devices: Object.keys(p.devices).length,
  }));
}

/** Which of `datasets` exist (a failing `zfs list` is an error, not "missing"). */
async function existingDatasets(host: LocalHostRunner, datasets: string[]): Promise<Set<string>> {
  const listed = await zfsList(host, datasets, { columns: ['name'] });
  return new Set(listed.rows.map(([name]) => name!).filter((name) => datasets.includes(name)));
}

/**
 * Everything the views show of LXD and ZFS, read in one go: the server, its instances (tied to
 * the configs), its profiles, and which datasets of the configs exist. Read-only.
 */
export async function listLxd(api: LxdClient, configs: readonly ConfigSummary[]): Promise<LxdListing> {
  const host = new LocalHostRunner();
  const datasets = configs.flatMap((c) => (c.filesystems ?? []).filter((f) => f.zfs).map((f) => f.path));
  const [server, instances, profileList, existing] = await Promise.all([
    api.get('/1.0', ServerSchema),
    listInstances({ lxd: api, host }, configLookup(configs)),
    profiles(api),
    existingDatasets(host, [...new Set(datasets)]),
  ]);
  const env = server.environment;
  return {
    server: {
      name: env.server_name ?? 'local',
      kind: env.server === 'incus' ? 'Incus' : 'LXD',
      version: env.server_version ?? '',
    },
    instances,
    profiles: profileList,
    datasets: existing,
  };
}
