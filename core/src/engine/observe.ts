import { LxdError } from '../lxd/lxdError';
import type { HostRunner, LxdApi } from './doors';
import type { Needs, Observed, ObservedInstance } from './observed';

interface InstanceJson {
  name: string;
  status: string;
  profiles: string[];
  config: Record<string, string>;
  snapshots?: { name: string }[] | null;
}

async function instance(lxd: LxdApi, name: string, project: string): Promise<ObservedInstance | undefined> {
  try {
    const i = await lxd.call<InstanceJson>({
      method: 'GET',
      path: `/1.0/instances/${encodeURIComponent(name)}?recursion=1`,
      project,
    });
    return {
      name: i.name,
      status: i.status,
      profiles: i.profiles ?? [],
      config: i.config ?? {},
      snapshots: (i.snapshots ?? []).map((s) => s.name.split('/').pop()!),
    };
  } catch (e) {
    if (e instanceof LxdError && e.notFound) return undefined;
    throw e;
  }
}

/** Which of these datasets (or dataset@snapshot) exist, and which existing datasets are not mounted: one `zfs list`. */
export async function existingDatasets(
  host: HostRunner,
  names: readonly string[],
): Promise<{ existing: Set<string>; unmounted: Set<string> }> {
  const existing = new Set<string>();
  const unmounted = new Set<string>();
  if (names.length === 0) return { existing, unmounted };
  const r = await host.run({
    argv: ['zfs', 'list', '-H', '-o', 'name,mounted', '-t', 'filesystem,snapshot', '--', ...names],
    sudo: false,
  });
  // a missing name makes zfs exit 1 but it still lists the others
  if (r.exitCode !== 0 && !/does not exist|dataset does not exist/i.test(r.stderr))
    throw new Error(`zfs list failed: ${r.stderr.trim() || `exit ${r.exitCode}`}`);
  for (const line of r.stdout.split('\n')) {
    const [name, mounted] = line.trim().split('\t');
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
    lxd.call<
      {
        name: string;
        config?: Record<string, string>;
        devices?: Record<string, Record<string, string>>;
        description?: string;
      }[]
    >({ method: 'GET', path: '/1.0/profiles?recursion=1', project: needs.instance.project }),
    needs.origin ? instance(lxd, needs.origin.name, needs.origin.project) : Promise.resolve(undefined),
    existingDatasets(host, [...new Set(needs.datasets)]),
  ]);
  const paths = new Set<string>();
  await Promise.all([...new Set(needs.paths)].map(async (p) => (await host.exists(p)) && paths.add(p)));
  const own = needs.profile ? profiles.find((p) => p.name === needs.profile) : undefined;
  return {
    ...(inst ? { instance: inst } : {}),
    ...(origin ? { origin } : {}),
    profiles: new Set(profiles.map((p) => p.name)),
    ...(own
      ? {
          profile: {
            config: own.config ?? {},
            devices: own.devices ?? {},
            description: own.description ?? '',
          },
        }
      : {}),
    datasets: datasets.existing,
    unmounted: datasets.unmounted,
    paths,
  };
}
