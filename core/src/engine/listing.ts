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
  /** The cluster member that holds it (`location`); absent off a cluster. */
  member?: string;
  /** Why its filesystems are not listed (its member's host commands cannot be run). */
  filesystemsProblem?: string;
}

/**
 * The runner that reaches an instance's host side: on a cluster its member's (undefined when the
 * member cannot be reached by one), else the host's.
 */
export type RunnerOf = (member: string | undefined) => HostRunner | undefined;

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

export interface ZfsInfo {
  info: Map<string, { used: string; origin: string }>;
  snapshots: Map<string, string[]>;
}

/** What a caller already read with zfsInfo through the host's runner (the explorer: one `zfs list` per refresh), and for which names. */
export interface KnownZfs {
  asked: ReadonlySet<string>;
  zfs: ZfsInfo;
}

/**
 * `zfs list` of datasets with their snapshots: name → {used, origin}; snapshots by dataset. A
 * dataset that does not exist is absent; zfs failing throws ZfsError (it is not "missing").
 */
export async function zfsInfo(host: HostRunner, datasets: string[]): Promise<ZfsInfo> {
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

type FullInstance = Awaited<ReturnType<typeof readInstances>>[number];
type Zfs = ZfsInfo;

/** zfsInfo of `datasets`, asking zfs only about those `known` does not cover (a renamed instance's). */
async function withKnown(
  host: HostRunner,
  datasets: string[],
  known: KnownZfs | undefined,
): Promise<ZfsInfo> {
  const unknown = datasets.filter((d) => !known?.asked.has(d));
  if (!known) return zfsInfo(host, unknown);
  if (!unknown.length) return known.zfs;
  const extra = await zfsInfo(host, unknown);
  return {
    info: new Map([...known.zfs.info, ...extra.info]),
    snapshots: new Map([...known.zfs.snapshots, ...extra.snapshots]),
  };
}

function readInstances(doors: Doors, project: string | undefined) {
  const query = project ? '/1.0/instances?recursion=2' : '/1.0/instances?recursion=2&all-projects=true';
  return doors.lxd.call(
    { method: 'GET', path: query, ...(project ? { project } : {}) },
    InstanceFullListSchema,
  );
}

/** `location` is `none` (or empty) off a cluster. */
const memberOf = (i: FullInstance) => (i.location && i.location !== 'none' ? i.location : undefined);

/** One `zfs list` per runner (per member on a cluster), in parallel, of the datasets of its instances. */
async function zfsByRunner(
  instances: FullInstance[],
  datasetsOf: (i: FullInstance) => string[],
  runnerOf: RunnerOf,
  known?: { runner: HostRunner; zfs: Promise<KnownZfs> },
): Promise<Map<HostRunner, Zfs>> {
  const wanted = new Map<HostRunner, Set<string>>();
  for (const i of instances) {
    const runner = runnerOf(memberOf(i));
    if (!runner) continue;
    const set = wanted.get(runner) ?? new Set<string>();
    for (const d of datasetsOf(i)) set.add(d);
    wanted.set(runner, set);
  }
  const entries = await Promise.all(
    [...wanted].map(async ([runner, datasets]) => {
      const given = known && runner === known.runner ? await known.zfs : undefined;
      return [runner, await withKnown(runner, [...datasets], given)] as const;
    }),
  );
  return new Map(entries);
}

async function filesystemsOf(spec: ListingSpec | undefined, runner: HostRunner, zfs: Zfs | undefined) {
  const filesystems: ListedFilesystem[] = [];
  for (const f of spec?.filesystems ?? []) {
    const z = f.dataset ? zfs?.info.get(f.dataset) : undefined;
    filesystems.push({
      id: f.id,
      path: f.dataset ?? f.dir,
      exists: f.dataset ? !!z : await runner.exists(f.dir),
      ...(z ? { used: z.used, origin: z.origin } : {}),
      snapshots: f.dataset ? (zfs?.snapshots.get(f.dataset) ?? []) : [],
    });
  }
  return filesystems;
}

function listedOf(i: FullInstance, spec: ListingSpec | undefined): Omit<ListedInstance, 'filesystems'> {
  const member = memberOf(i);
  return {
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
    lxdSnapshots: i.snapshots.map((s) => ({ name: snapshotName(s), created: s.created_at })),
    records: recordsOf(i.config),
    ...(member ? { member } : {}),
  };
}

/**
 * The instances of LXD (one project, or all), each with its state and addresses and, when `specOf`
 * finds the config that describes it, its filesystems with their ZFS usage and snapshots, listed
 * through the runner of its host (on a cluster, of its member: one `zfs list` each). Read-only.
 */
export async function listInstances(
  doors: Doors,
  specOf: SpecLookup,
  project?: string,
  runnerOf: RunnerOf = () => doors.host,
  /** A `zfs list` through `doors.host` that runs meanwhile (started by the caller, beside the instances' GET). */
  known?: Promise<KnownZfs>,
): Promise<ListedInstance[]> {
  const instances = await readInstances(doors, project);
  const lookup = (i: FullInstance) =>
    specOf({ name: i.name, project: i.project || 'default', config: i.config });
  const datasetsOf = (i: FullInstance) => lookup(i)?.filesystems.flatMap((f) => f.dataset ?? []) ?? [];
  const given = known ? { runner: doors.host, zfs: known } : undefined;
  const zfs = await zfsByRunner(instances, datasetsOf, runnerOf, given);
  const listed: ListedInstance[] = [];
  for (const i of instances.sort((a, b) => (a.project + a.name).localeCompare(b.project + b.name))) {
    const spec = lookup(i);
    const runner = runnerOf(memberOf(i));
    if (!runner) {
      const problem = `member ${memberOf(i)} has no SSH destination: its filesystems are not listed (add it to the host's members)`;
      listed.push({
        ...listedOf(i, spec),
        filesystems: [],
        ...(spec?.filesystems.length ? { filesystemsProblem: problem } : {}),
      });
      continue;
    }
    listed.push({ ...listedOf(i, spec), filesystems: await filesystemsOf(spec, runner, zfs.get(runner)) });
  }
  return listed;
}
