import { normalisedPath } from '../config/safeValues';
import { InstanceListSchema } from '../lxd/records/instance';
import type { HostRunner, LxdApi } from './doors';
import { zfsList } from './zfsList';

/** A disk device of an instance that binds a host directory (from its expanded devices). */
export interface DiskUse {
  instance: string;
  project: string;
  device: string;
  /** The host directory, normalised. */
  source: string;
}

/** A dataset with what `zfs destroy -r` would take along. */
export interface DatasetTree {
  mountpoint: string;
  /** Child datasets (at any depth), with their mountpoints. */
  children: { name: string; mountpoint: string }[];
  /** Snapshots of the dataset and of its children (`pool/a@s1`). */
  snapshots: string[];
}

/** What other instances and the host hold around the data a destroy or rollback touches. Read-only. */
export interface Usage {
  disks: DiskUse[];
  trees: Map<string, DatasetTree>;
  /** Among the plain directories asked about, those that are mount points. */
  mountpoints: Set<string>;
}

/** Every instance of every project with a disk device on a host path: one GET with the expanded devices. */
export async function diskUses(lxd: LxdApi): Promise<DiskUse[]> {
  const list = await lxd.call(
    { method: 'GET', path: '/1.0/instances?recursion=1&all-projects=true' },
    InstanceListSchema,
  );
  return list.flatMap((i) =>
    Object.entries(i.expanded_devices).flatMap(([device, d]) =>
      d.type === 'disk' && d.source?.startsWith('/')
        ? [{ instance: i.name, project: i.project || 'default', device, source: normalisedPath(d.source) }]
        : [],
    ),
  );
}

/** The trees of existing datasets: one `zfs list -r`; a failure is an error (ZfsError, never "nothing there"). */
export async function datasetTrees(
  host: HostRunner,
  datasets: readonly string[],
): Promise<Map<string, DatasetTree>> {
  const trees = new Map<string, DatasetTree>();
  const listed = await zfsList(host, datasets, { columns: ['name', 'mountpoint'], recursive: true });
  const rows = listed.rows.flatMap(([name, mountpoint]) =>
    name ? [{ name, mountpoint: mountpoint ?? '' }] : [],
  );
  for (const d of datasets) trees.set(d, treeOf(d, rows));
  return trees;
}

function treeOf(dataset: string, rows: { name: string; mountpoint: string }[]): DatasetTree {
  const below = rows.filter((r) => r.name.startsWith(`${dataset}/`) || r.name.startsWith(`${dataset}@`));
  const own = rows.find((r) => r.name === dataset);
  return {
    mountpoint: own?.mountpoint.startsWith('/') ? normalisedPath(own.mountpoint) : `/${dataset}`,
    children: below
      .filter((r) => !r.name.includes('@'))
      .map((r) => ({ name: r.name, mountpoint: r.mountpoint })),
    snapshots: below.filter((r) => r.name.includes('@')).map((r) => r.name),
  };
}

/** Which of these directories are mount points (`mountpoint -q`): a destroy never empties one. */
export async function mountpoints(host: HostRunner, dirs: readonly string[]): Promise<Set<string>> {
  const out = new Set<string>();
  await Promise.all(
    dirs.map(async (dir) => {
      const r = await host.run({ argv: ['mountpoint', '-q', '--', dir], sudo: false });
      if (r.exitCode === 0) out.add(dir);
    }),
  );
  return out;
}

/** Reads the usage around these datasets and directories: LXD's instances, `zfs list`, `mountpoint`. */
export async function readUsage(
  doors: { lxd: LxdApi; host: HostRunner },
  what: { datasets: readonly string[]; dirs: readonly string[] },
): Promise<Usage> {
  const [disks, trees, mounts] = await Promise.all([
    diskUses(doors.lxd),
    datasetTrees(doors.host, what.datasets),
    mountpoints(doors.host, what.dirs),
  ]);
  return { disks, trees, mountpoints: mounts };
}
