import { LxdError } from '../lxd/lxdError';
import { InstanceFullSchema } from '../lxd/records/instance';
import { ProfileListSchema } from '../lxd/records/profile';
import { snapshotName } from '../lxd/records/snapshot';
import type { HostRunner, LxdApi, PathEntry } from './doors';
import type { Needs, Observed, ObservedInstance } from './observed';
import { reachesPath } from './hostPaths';
import { zfsList } from './zfsList';

async function instance(lxd: LxdApi, name: string, project: string): Promise<ObservedInstance | undefined> {
  try {
    const i = await lxd.call(
      { method: 'GET', path: `/1.0/instances/${encodeURIComponent(name)}?recursion=1`, project },
      InstanceFullSchema,
    );
    return {
      name: i.name,
      status: i.status,
      profiles: i.profiles,
      config: i.config,
      snapshots: i.snapshots.map(snapshotName),
    };
  } catch (e) {
    if (e instanceof LxdError && e.notFound) return undefined;
    throw e;
  }
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
  const listed = await zfsList(host, names, { columns: ['name', 'mounted'] });
  for (const [name, mounted] of listed.rows) {
    if (!name) continue;
    existing.add(name);
    if (mounted === 'no') unmounted.add(name);
  }
  return { existing, unmounted };
}

/** Reads what a plan depends on. Read-only: GET requests, `zfs list` and path checks. */
export async function observe(lxd: LxdApi, host: HostRunner, needs: Needs): Promise<Observed> {
  const [inst, profiles, origin, datasets] = await Promise.all([
    instance(lxd, needs.instance.name, needs.instance.project),
    lxd.call(
      { method: 'GET', path: '/1.0/profiles?recursion=1', project: needs.instance.project },
      ProfileListSchema,
    ),
    needs.origin ? instance(lxd, needs.origin.name, needs.origin.project) : Promise.resolve(undefined),
    existingDatasets(host, [...new Set(needs.datasets)]),
  ]);
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
