import { InstanceFullListSchema } from '../lxd/records/instance';
import { snapshotName } from '../lxd/records/snapshot';
import type { Doors } from './engine';
import { ipv4Of } from './executor';
import type { InstanceSpec } from './instanceSpec';
import type { HostRunner } from './doors';
import { zfsList } from './zfsList';

export interface ListedFilesystem {
  id: string;
  path: string;
  exists: boolean;
  used?: string;
  origin?: string;
  snapshots: string[];
}

export interface ListedInstance {
  name: string;
  project: string;
  status: string;
  ipv4: string[];
  source: string;
  profiles: string[];
  /** The config file that describes it, when one of the given configs does. */
  config: string | null;
  /** `user.lxdops.hash`: what the last launch applied. */
  hash: string | null;
  devices: { name: string; path: string; source: string }[];
  lxdSnapshots: { name: string; created: string }[];
  filesystems: ListedFilesystem[];
}

/**
 * `zfs list` of datasets with their snapshots: name → {used, origin}; snapshots by dataset. A
 * dataset that does not exist is absent; zfs failing throws ZfsError (it is not "missing").
 */
export async function zfsInfo(
  host: HostRunner,
  datasets: string[],
): Promise<{ info: Map<string, { used: string; origin: string }>; snapshots: Map<string, string[]> }> {
  const info = new Map<string, { used: string; origin: string }>();
  const snapshots = new Map<string, string[]>();
  const listed = await zfsList(host, datasets, { columns: ['name', 'used', 'origin'], recursive: true });
  for (const [name, used, origin] of listed.rows) {
    if (!name) continue;
    const at = name.indexOf('@');
    if (at === -1) info.set(name, { used: used ?? '', origin: origin ?? '-' });
    else snapshots.set(name.slice(0, at), [...(snapshots.get(name.slice(0, at)) ?? []), name.slice(at + 1)]);
  }
  return { info, snapshots };
}

/**
 * The instances of LXD (one project, or all), each with its state and addresses and, when a config
 * of `configs` (keyed `project/container`) describes it, its filesystems with their ZFS usage and
 * snapshots. Read-only.
 */
export async function listInstances(
  doors: Doors,
  configs: Map<string, InstanceSpec>,
  project?: string,
): Promise<ListedInstance[]> {
  const query = project ? '/1.0/instances?recursion=2' : '/1.0/instances?recursion=2&all-projects=true';
  const instances = await doors.lxd.call(
    { method: 'GET', path: query, ...(project ? { project } : {}) },
    InstanceFullListSchema,
  );
  const datasets = [
    ...new Set(
      instances.flatMap(
        (i) =>
          configs
            .get(`${i.project || 'default'}/${i.name}`)
            ?.filesystems.flatMap((f) => (f.dataset ? [f.dataset] : [])) ?? [],
      ),
    ),
  ];
  const zfs = await zfsInfo(doors.host, datasets);
  const listed: ListedInstance[] = [];
  for (const i of instances.sort((a, b) => (a.project + a.name).localeCompare(b.project + b.name))) {
    const spec = configs.get(`${i.project || 'default'}/${i.name}`);
    const filesystems: ListedFilesystem[] = [];
    for (const f of spec?.filesystems ?? []) {
      const z = f.dataset ? zfs.info.get(f.dataset) : undefined;
      filesystems.push({
        id: f.id,
        path: f.dataset ?? f.dir,
        exists: f.dataset ? !!z : await doors.host.exists(f.dir),
        ...(z ? { used: z.used, origin: z.origin } : {}),
        snapshots: f.dataset ? (zfs.snapshots.get(f.dataset) ?? []) : [],
      });
    }
    listed.push({
      name: i.name,
      project: i.project || 'default',
      status: i.status,
      ipv4: i.state ? ipv4Of(i.state) : [],
      source: i.config['image.description'] ?? i.config['volatile.base_image']?.slice(0, 12) ?? '',
      profiles: i.profiles,
      config: spec ? spec.config : null,
      hash: i.config['user.lxdops.hash'] ?? null,
      devices: spec?.devices.map((d) => ({ name: d.name, path: d.path, source: d.source })) ?? [],
      lxdSnapshots: i.snapshots.map((s) => ({
        name: snapshotName(s),
        created: s.created_at,
      })),
      filesystems,
    });
  }
  return listed;
}
