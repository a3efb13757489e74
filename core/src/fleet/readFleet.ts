import type { LxdApi } from '../engine/doors';
import { LxdError } from '../lxd/lxdError';
import { InstanceFullListSchema, InstanceFullSchema } from '../lxd/records/instance';
import type { FleetConfig } from './fleetConfig';
import { fleetInstanceOf, type FleetInstance } from './fleetInstance';
import { fleetModel, type HostInstances } from './fleetModel';
import type { FleetStatus } from './fleetTypes';

/** A host to read the fleet from: its name and its LXD door. */
export interface FleetHost {
  name: string;
  lxd: LxdApi;
}

/** How long one host may take to answer before it goes to `problems`. */
export const FLEET_READ_SECONDS = 15;

/** Every instance of a host (all projects) with its snapshots: one recursive listing. */
export async function readHostInstances(lxd: LxdApi, timeoutSeconds: number): Promise<FleetInstance[]> {
  const listed = await lxd.call(
    { method: 'GET', path: '/1.0/instances?recursion=2&all-projects=true', timeoutSeconds },
    InstanceFullListSchema,
  );
  return listed.map(fleetInstanceOf);
}

/** Rejects after `seconds` (a host that neither answers nor fails must not hold the others). */
function bounded<T>(work: Promise<T>, seconds: number, host: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${host} did not answer within ${seconds} s`)), seconds * 1000);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/**
 * The fleet of `configs` on `hosts`: every host read at once (one listing each, bounded in time);
 * a host that cannot be read goes to `problems` and the others are still listed.
 */
export async function readFleet(
  configs: readonly FleetConfig[],
  hosts: readonly FleetHost[],
  options: { timeoutSeconds?: number; problems?: { host: string; message: string }[] } = {},
): Promise<FleetStatus> {
  const timeoutSeconds = options.timeoutSeconds ?? FLEET_READ_SECONDS;
  const reads = await Promise.allSettled(
    hosts.map((h) => bounded(readHostInstances(h.lxd, timeoutSeconds), timeoutSeconds + 1, h.name)),
  );
  const listed: HostInstances[] = [];
  const problems: NonNullable<FleetStatus['problems']> = [...(options.problems ?? [])];
  reads.forEach((r, index) => {
    const host = hosts[index]!.name;
    if (r.status === 'fulfilled') listed.push({ host, instances: r.value });
    else problems.push({ host, message: (r.reason as Error).message ?? String(r.reason) });
  });
  return fleetModel(configs, listed, problems);
}

/** One instance with its snapshots (`?recursion=1`); undefined when it does not exist. */
export async function readInstance(
  lxd: LxdApi,
  name: string,
  project: string,
): Promise<FleetInstance | undefined> {
  try {
    const i = await lxd.call(
      { method: 'GET', path: `/1.0/instances/${encodeURIComponent(name)}?recursion=1`, project },
      InstanceFullSchema,
    );
    return fleetInstanceOf(i);
  } catch (e) {
    if (e instanceof LxdError && e.notFound) return undefined;
    throw e;
  }
}
