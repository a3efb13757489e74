import type { HostEntry, HostList } from '../hosts/hostEntry';
import { openHostDoors } from '../hosts/hostDoors';
import type { OpenDoors } from '../hosts/openDoors';
import type { OperationEnv } from '../operations/types';
import type { UpgradeHost } from './upgradeTypes';

/** The hosts a fleet command reads: every discovered one, or exactly those named. */
export interface ChosenHosts {
  entries: HostEntry[];
  /** Names given that no host has. */
  unknown: string[];
}

export function chooseHosts(list: HostList, names: readonly string[] | undefined): ChosenHosts {
  if (!names?.length) return { entries: list.hosts, unknown: [] };
  const entries = names.flatMap((n) => list.hosts.filter((h) => h.name === n));
  return { entries, unknown: names.filter((n) => !list.hosts.some((h) => h.name === n)) };
}

export interface OpenedFleetHost {
  name: string;
  doors: OpenDoors;
}

/**
 * Opens every chosen host's doors; one that cannot be opened (a certificate file that cannot be
 * read) is a problem, the others are still used. `close` closes all of them.
 */
export function openFleetHosts(
  entries: readonly HostEntry[],
  env: Record<string, string | undefined>,
): { hosts: OpenedFleetHost[]; problems: { host: string; message: string }[]; close: () => Promise<void> } {
  const hosts: OpenedFleetHost[] = [];
  const problems: { host: string; message: string }[] = [];
  for (const entry of entries) {
    try {
      hosts.push({ name: entry.name, doors: openHostDoors(entry, env) });
    } catch (e) {
      problems.push({ host: entry.name, message: (e as Error).message });
    }
  }
  const close = async () => {
    await Promise.all(hosts.map((h) => h.doors.close()));
  };
  return { hosts, problems, close };
}

/** The pipeline's environment on each opened host (its doors, the shared locks and files). */
export function upgradeHostsOf(
  hosts: readonly OpenedFleetHost[],
  shared: Pick<OperationEnv, 'workspace' | 'locks' | 'probeRemote'>,
): UpgradeHost[] {
  return hosts.map((h) => ({ name: h.name, env: { ...shared, doors: h.doors, host: h.name } }));
}
