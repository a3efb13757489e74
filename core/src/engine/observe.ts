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
    const i = await lxd.call<InstanceJson>({ method: 'GET', path: `/1.0/instances/${encodeURIComponent(name)}?recursion=1`, project });
    return { name: i.name, status: i.status, profiles: i.profiles ?? [], config: i.config ?? {}, snapshots: (i.snapshots ?? []).map((s) => s.name.split('/').pop()!) };
  } catch (e) {
    if (e instanceof LxdError && e.notFound) return undefined;
    throw e;
  }
}

/** Which of these datasets (or dataset@snapshot) exist: one `zfs list` for all of them. */
export async function existingDatasets(host: HostRunner, names: readonly string[]): Promise<Set<string>> {
  if (names.length === 0) return new Set();
  const r = await host.run({ argv: ['zfs', 'list', '-H', '-o', 'name', '-t', 'filesystem,snapshot', ...names], sudo: false });
  // a missing name makes zfs exit 1 but it still lists the others
  if (r.exitCode !== 0 && !/does not exist|dataset does not exist/i.test(r.stderr)) throw new Error(`zfs list failed: ${r.stderr.trim() || `exit ${r.exitCode}`}`);
  return new Set(r.stdout.split('\n').map((l) => l.trim()).filter(Boolean));
}

/** Reads what a plan depends on. Read-only: GET requests, `zfs list` and path checks. */
export async function observe(lxd: LxdApi, host: HostRunner, needs: Needs): Promise<Observed> {
  const [inst, profiles, origin, datasets] = await Promise.all([
    instance(lxd, needs.instance.name, needs.instance.project),
    lxd.call<{ name: string }[]>({ method: 'GET', path: '/1.0/profiles?recursion=1', project: needs.instance.project }),
    needs.origin ? instance(lxd, needs.origin.name, needs.origin.project) : Promise.resolve(undefined),
    existingDatasets(host, [...new Set(needs.datasets)]),
  ]);
  const paths = new Set<string>();
  await Promise.all([...new Set(needs.paths)].map(async (p) => (await host.exists(p)) && paths.add(p)));
  return { ...(inst ? { instance: inst } : {}), ...(origin ? { origin } : {}), profiles: new Set(profiles.map((p) => p.name)), datasets, paths };
}
