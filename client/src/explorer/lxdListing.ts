import { listInstances, type ListedInstance } from '../../../core/src/engine/listing';
import { LocalHostRunner } from '../../../core/src/host/localHostRunner';
import type { LxdClient } from '../../../core/src/lxd/lxdClient';
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

interface ProfileJson {
  name: string;
  project?: string;
  used_by: string[] | null;
  devices: Record<string, unknown> | null;
}

interface ServerJson {
  environment?: { server?: string; server_version?: string; server_name?: string };
}

async function profiles(api: LxdClient): Promise<ListedProfile[]> {
  const list = await api
    .get<ProfileJson[]>('/1.0/profiles?recursion=1&all-projects=true')
    .catch(() => api.get<ProfileJson[]>('/1.0/profiles?recursion=1'));
  return list.map((p) => ({
    name: p.name,
    project: p.project ?? 'default',
    usedBy: p.used_by?.length ?? 0,
    devices: Object.keys(p.devices ?? {}).length,
  }));
}

/** Which of `datasets` exist (`zfs list` names the missing ones on stderr and lists the rest). */
async function existingDatasets(host: LocalHostRunner, datasets: string[]): Promise<Set<string>> {
  if (!datasets.length) return new Set();
  const r = await host.run({ argv: ['zfs', 'list', '-H', '-o', 'name', ...datasets], sudo: false });
  return new Set(r.stdout.split('\n').filter((name) => datasets.includes(name)));
}

/**
 * Everything the views show of LXD and ZFS, read in one go: the server, its instances (tied to
 * the configs), its profiles, and which datasets of the configs exist. Read-only.
 */
export async function listLxd(api: LxdClient, configs: readonly ConfigSummary[]): Promise<LxdListing> {
  const host = new LocalHostRunner();
  const datasets = configs.flatMap((c) => (c.filesystems ?? []).filter((f) => f.zfs).map((f) => f.path));
  const [server, instances, profileList, existing] = await Promise.all([
    api.get<ServerJson>('/1.0'),
    listInstances({ lxd: api, host }, configLookup(configs)),
    profiles(api),
    existingDatasets(host, [...new Set(datasets)]),
  ]);
  const env = server.environment ?? {};
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
