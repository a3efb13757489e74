import type { HostList } from '../../../core/src/hosts/hostEntry';
import { openHostDoors } from '../../../core/src/hosts/hostDoors';
import { LxdError } from '../../../core/src/lxd/lxdError';
import { openDoors, type OpenDoors } from '../../../core/src/hosts/openDoors';
import type { Blocker } from '../../../core/src/operations/types';
import { unreachableDoors } from '../../../core/src/operations/unreachableDoors';
import type { HostDiscovery, HostSettings } from './hostSources';

/** The host of operations that name none: the local LXD socket. */
export const LOCAL_HOST = 'local';

export type OpenedHost = { ok: true; host: string; doors: OpenDoors } | { ok: false; blocker: Blocker };

function unknownHost(name: string, list: HostList): Blocker {
  const known = list.hosts.map((h) => h.name).join(', ') || 'none';
  return {
    stage: 'pre-flight',
    code: 'unknown-host',
    message:
      `no host ${JSON.stringify(name)} (hosts: ${known}): pick another in the status bar, ` +
      'or add it (lxc remote add, incus remote add, or an entry of lxdops.hosts)',
  };
}

/** Doors that could not be opened fail every call, so the check still runs and pre-flight says why. */
function opened(open: () => OpenDoors): OpenDoors {
  try {
    return open();
  } catch (e) {
    if (e instanceof LxdError) return unreachableDoors(e);
    // a certificate file that cannot be read: the host cannot be reached either
    if (e instanceof Error) return unreachableDoors(new LxdError(e.message, 0, 'GET', '/1.0'));
    throw e;
  }
}

/**
 * The doors of the host an operation names. `local` (or none) keeps `lxdops.socket` and the
 * usual socket search; any other name is looked up among the discovered hosts (its LXD over
 * socket or pinned HTTPS, its commands over SSH when it has a destination). Unknown: a blocker.
 */
export function doorsOfHost(
  name: string | undefined,
  settings: HostSettings,
  discover: HostDiscovery,
  env: Record<string, string | undefined> = process.env,
): OpenedHost {
  if (name === undefined || name === LOCAL_HOST)
    return { ok: true, host: LOCAL_HOST, doors: opened(() => openDoors(settings.socket, env)) };
  const list = discover(settings);
  const entry = list.hosts.find((h) => h.name === name);
  if (!entry) return { ok: false, blocker: unknownHost(name, list) };
  return { ok: true, host: name, doors: opened(() => openHostDoors(entry, env)) };
}
