import { LxdError } from '../lxd/lxdError';
import { listOf } from '../lxd/records/common';
import { InstanceSchema } from '../lxd/records/instance';
import { ProfileListSchema } from '../lxd/records/profile';
import { SnapshotSchema, snapshotName } from '../lxd/records/snapshot';
import type { HostRunner, LxdApi, PathEntry } from './doors';
import type { Needs, Observed, ObservedInstance } from './observed';
import type { Ownership } from './ownership';
import { reachesPath } from './hostPaths';
import { poolOf, zfsList } from './zfsList';

const SnapshotListSchema = listOf(SnapshotSchema);

/**
 * The instance and its snapshots, in two GETs at once: not `?recursion=1`, which also embeds the
 * state, and LXD asks a running container for it (its processes, network, disks): 40-80 ms here
 * against ≈ 3 ms for each of these, and a plan needs no state.
 */
async function instance(lxd: LxdApi, name: string, project: string): Promise<ObservedInstance | undefined> {
  const path = `/1.0/instances/${encodeURIComponent(name)}`;
  try {
    const [i, snapshots] = await Promise.all([
      lxd.call({ method: 'GET', path, project }, InstanceSchema),
      lxd.call({ method: 'GET', path: `${path}/snapshots?recursion=1`, project }, SnapshotListSchema),
    ]);
    return {
      name: i.name,
      status: i.status,
      profiles: i.profiles,
      config: i.config,
      snapshots: snapshots.map(snapshotName),
      snapshotIds: Object.fromEntries(snapshots.map((s) => [snapshotName(s), s.created_at])),
    };
  } catch (e) {
    if (e instanceof LxdError && e.notFound) return undefined;
    throw e;
  }
}

/** The columns of the observation's `zfs list`. */
export const OBSERVED = { columns: ['name', 'mounted'] } as const;

/**
 * What the observation lists: the names, then their pools. A launch's datasets do not exist yet,
 * and zfsList would otherwise run zfs a second time, after the first, to tell "not created" from
 * "no pool"; the pre-flight's pool check reads the same listing (prepare runs it once for both).
 */
export function listedNames(names: readonly string[]): string[] {
  const asked = new Set(names);
  const pools = names.length ? [...new Set(names.map(poolOf))].filter((p) => !asked.has(p)) : [];
  return [...names, ...pools];
}

/**
 * Which of these datasets (or dataset@snapshot) exist, and which existing datasets are not mounted:
 * one `zfs list`. A name that does not exist is simply absent; zfs failing throws ZfsError.
 */
export async function existingDatasets(
  host: HostRunner,
  names: readonly string[],
): Promise<{ existing: Set<string>; unmounted: Set<string> }> {
  const existing = new Set<string>();
  const unmounted = new Set<string>();
  const asked = new Set(names);
  const listed = await zfsList(host, listedNames(names), OBSERVED);
  for (const [name, mounted] of listed.rows) {
    if (!name || !asked.has(name)) continue;
    existing.add(name);
    if (mounted === 'no') unmounted.add(name);
  }
  return { existing, unmounted };
}

/** Reads the ownership of the existing ones among the datasets observed (readOwnership.ts). */
export type OwnershipReader = (existing: ReadonlySet<string>) => Promise<Ownership>;

/**
 * Reads what a plan depends on. Read-only: GET requests and `zfs list` at once, then path checks.
 * `ownershipOf`, when given, reads the owner marks as soon as the listing has said which datasets
 * exist, while the GETs may still be under way.
 */
export async function observe(
  lxd: LxdApi,
  host: HostRunner,
  needs: Needs,
  ownershipOf?: OwnershipReader,
): Promise<Observed> {
  const listing = existingDatasets(host, [...new Set(needs.datasets)]).then(async (d) => ({
    ...d,
    ownership: ownershipOf ? await ownershipOf(d.existing) : undefined,
  }));
  const [inst, profiles, origin, datasets] = await Promise.all([
    instance(lxd, needs.instance.name, needs.instance.project),
    lxd.call(
      { method: 'GET', path: '/1.0/profiles?recursion=1', project: needs.instance.project },
      ProfileListSchema,
    ),
    needs.origin ? instance(lxd, needs.origin.name, needs.origin.project) : Promise.resolve(undefined),
    listing,
  ]);
  // after the listing, not beside it: zfs-fuse answers the lookups of its mountpoints and `zfs`
  // one at a time, so a path looked at during a `zfs list` waits for it (7 → 35 ms, measured)
  const { paths, entries } = await inspectPaths(host, needs.paths);
  const own = needs.profile ? profiles.find((p) => p.name === needs.profile) : undefined;
  return {
    ...(inst ? { instance: inst } : {}),
    ...(origin ? { origin } : {}),
    profiles: new Set(profiles.map((p) => p.name)),
    ...(own
      ? {
          profile: {
            config: own.config,
            devices: own.devices,
            description: own.description,
          },
        }
      : {}),
    datasets: datasets.existing,
    unmounted: datasets.unmounted,
    paths,
    entries,
    ...(datasets.ownership ? { ownership: datasets.ownership } : {}),
  };
}

/**
 * Each path component by component, without following links: which of the paths exist, and what
 * every component looked at is.
 */
async function inspectPaths(
  host: HostRunner,
  wanted: readonly string[],
): Promise<{ paths: Set<string>; entries: Map<string, PathEntry> }> {
  const paths = new Set<string>();
  const entries = new Map<string, PathEntry>();
  const unique = [...new Set(wanted)];
  const seen = await Promise.all(unique.map((p) => host.inspect(p)));
  for (const [i, path] of unique.entries()) {
    for (const e of seen[i]!) entries.set(e.path, e);
    if (reachesPath(seen[i]!, path)) paths.add(path);
  }
  return { paths, entries };
}
