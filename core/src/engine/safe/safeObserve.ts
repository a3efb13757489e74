import { KEPT_FOR_KEY, KEPT_SAFETY_KEY, KEPT_STATE_KEY, KEPT_TIME_KEY, NEXT_FOR_KEY } from '../recordKeys';
import { standInOf } from './standInOf';
import { InstanceListSchema, type InstanceRecord } from '../../lxd/records/instance';
import { InstanceStateSchema } from '../../lxd/records/instanceState';
import type { HostRunner, LxdApi } from '../doors';
import { ipv4Of } from '../executor';
import { zfsList } from '../zfsList';
import { SAFETY_PREFIX } from './safeNames';

/** A container a safe rebuild kept for the instance. */
export interface KeptContainer {
  name: string;
  status: string;
  /** KEPT_TIME_KEY (ISO). */
  time: string;
  /** KEPT_SAFETY_KEY: the safety snapshot name on the instance's datasets. */
  safety: string;
  /** KEPT_STATE_KEY: `pending` while its rebuild has not passed the health check, else `kept`. */
  state: string;
  profiles: string[];
  config: Record<string, string>;
}

/** What safe rebuilds left around an instance, read-only. */
export interface SafeState {
  /** The kept containers, newest first. */
  kept: KeptContainer[];
  /** A container that a safe rebuild was creating under a temporary name. */
  next?: { name: string; status: string; config: Record<string, string> };
  /** The safety snapshots (`lxdops-safe-*`) on the non-transient datasets: name → the datasets that have it. */
  safety: Map<string, string[]>;
  /** The instance's container has a global IPv4 address now (the health check then asks for one). */
  ipv4: boolean;
}

function keptOf(i: InstanceRecord): KeptContainer {
  return {
    name: i.name,
    status: i.status,
    time: i.config[KEPT_TIME_KEY] ?? '',
    safety: i.config[KEPT_SAFETY_KEY] ?? '',
    state: i.config[KEPT_STATE_KEY] ?? '',
    profiles: i.profiles,
    config: i.config,
  };
}

/** The safety snapshots of these datasets: one `zfs list` (the datasets that do not exist have none). */
export async function safetySnapshots(
  host: HostRunner,
  datasets: readonly string[],
): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  const wanted = new Set(datasets);
  const listed = await zfsList(host, datasets, { columns: ['name'], recursive: true });
  for (const [name] of listed.rows) {
    const [dataset, snapshot] = (name ?? '').split('@');
    if (!dataset || !snapshot?.startsWith(SAFETY_PREFIX) || !wanted.has(dataset)) continue;
    out.set(snapshot, [...(out.get(snapshot) ?? []), dataset]);
  }
  return out;
}

/** The instances of the project that are stand-ins (kept, next) of `container`. */
export async function standInsOf(lxd: LxdApi, container: string, project: string) {
  const all = await lxd.call(
    { method: 'GET', path: '/1.0/instances?recursion=1', project },
    InstanceListSchema,
  );
  const kept = all
    .filter((i) => standInOf(i) === 'kept' && i.config[KEPT_FOR_KEY] === container)
    .map(keptOf)
    .sort((a, b) => b.time.localeCompare(a.time) || b.name.localeCompare(a.name));
  const next = all.find(
    (i) => i.name !== container && (i.name === `${container}-next` || i.config[NEXT_FOR_KEY] === container),
  );
  return { kept, ...(next ? { next: { name: next.name, status: next.status, config: next.config } } : {}) };
}

async function hasIpv4(lxd: LxdApi, container: string, project: string, status: string | undefined) {
  if (status !== 'Running') return false;
  const path = `/1.0/instances/${encodeURIComponent(container)}/state`;
  return ipv4Of(await lxd.call({ method: 'GET', path, project }, InstanceStateSchema)).length > 0;
}

/** Reads what a safe rebuild, a revert or a cleanup of the instance needs beyond `observe`. */
export async function observeSafe(
  doors: { lxd: LxdApi; host: HostRunner },
  target: { container: string; project: string; status?: string; datasets: string[] },
): Promise<SafeState> {
  const [standIns, safety, ipv4] = await Promise.all([
    standInsOf(doors.lxd, target.container, target.project),
    safetySnapshots(doors.host, target.datasets),
    hasIpv4(doors.lxd, target.container, target.project, target.status),
  ]);
  return { ...standIns, safety, ipv4 };
}
