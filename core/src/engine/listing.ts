import { InstanceFullListSchema } from '../lxd/records/instance';
import { snapshotName } from '../lxd/records/snapshot';
import type { Doors } from './engine';
import { ipv4Of } from './executor';
import type { HostRunner } from './doors';
import { zfsList } from './zfsList';

/** What the listing needs of the config that describes an instance (an InstanceSpec has it). */
export interface ListingSpec {
  config: string;
  filesystems: readonly { id: string; dataset?: string; dir: string }[];
  /** The config's devices; absent: the instance's own disk devices, as LXD reports them. */
  devices?: readonly { name: string; path: string; source: string }[];
}

/** Finds the config of an instance: by `project/name`, or by what the instance records (`user.lxdops.config`). */
export type SpecLookup = (instance: {
  name: string;
  project: string;
  config: Record<string, string>;
}) => ListingSpec | undefined;

/** A lookup over specs keyed `project/container` (the CLI's). */
export function lookupByContainer(configs: Map<string, ListingSpec>): SpecLookup {
  return (i) => configs.get(`${i.project}/${i.name}`);
}

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
  /** The `user.lxdops.*` keys of the instance, without the prefix (status, failed-step, ...). */
  records: Record<string, string>;
}

const RECORD_PREFIX = 'user.lxdops.';

function recordsOf(config: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(config))
    if (key.startsWith(RECORD_PREFIX)) out[key.slice(RECORD_PREFIX.length)] = value;
  return out;
}

/** The disk devices bound from the host (not the root disk). */
function diskDevices(
  devices: Record<string, Record<string, string>>,
): { name: string; path: string; source: string }[] {
  return Object.entries(devices)
    .filter(([, d]) => d.type === 'disk' && d.source && d.path && d.path !== '/')
    .map(([name, d]) => ({ name, path: d.path!, source: d.source! }))
    .sort((a, b) => a.name.localeCompare(b.name));
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
 * The instances of LXD (one project, or all), each with its state and addresses and, when `specOf`
 * finds the config that describes it, its filesystems with their ZFS usage and snapshots. Read-only.
 */
export async function listInstances(
  doors: Doors,
  specOf: SpecLookup,
  project?: string,
): Promise<ListedInstance[]> {
  const query = project ? '/1.0/instances?recursion=2' : '/1.0/instances?recursion=2&all-projects=true';
  const instances = await doors.lxd.call(
    { method: 'GET', path: query, ...(project ? { project } : {}) },
    InstanceFullListSchema,
  );
  const lookup = (i: (typeof instances)[number]) =>
    specOf({ name: i.name, project: i.project || 'default', config: i.config });
  const datasets = [
    ...new Set(instances.flatMap((i) => lookup(i)?.filesystems.flatMap((f) => f.dataset ?? []) ?? [])),
  ];
  const zfs = await zfsInfo(doors.host, datasets);
  const listed: ListedInstance[] = [];
  for (const i of instances.sort((a, b) => (a.project + a.name).localeCompare(b.project + b.name))) {
    const spec = lookup(i);
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
      devices: !spec
        ? []
        : spec.devices
          ? spec.devices.map((d) => ({ name: d.name, path: d.path, source: d.source }))
          : diskDevices(i.expanded_devices),
      lxdSnapshots: i.snapshots.map((s) => ({
        name: snapshotName(s),
        created: s.created_at,
      })),
      filesystems,
      records: recordsOf(i.config),
    });
  }
  return listed;
}
