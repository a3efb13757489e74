import type { HostRunner } from '../engine/doors';
import type { Doors } from '../engine/engine';
import { LocalHostRunner } from '../host/localHostRunner';
import { LxdClient } from '../lxd/lxdClient';
import { LxdError } from '../lxd/lxdError';
import { findSocket } from '../lxd/socketPath';

/** The doors of a host, with the runners of its members when it is a cluster whose entry names them. */
export interface HostDoors extends Doors {
  memberRunner?: (member: string) => HostRunner | undefined;
  /** The runner is on the machine of the server the LXD door reaches (its socket, or its SSH destination). */
  runnerOnServer?: boolean;
}

export type OpenDoors = HostDoors & { close: () => Promise<void> };

/**
 * Opens the doors to LXD (the socket given, else LXD_SOCKET, LXD_DIR and the usual paths) and to
 * this host. Throws an LxdError that says what to do when there is no socket.
 */
export function openDoors(
  socket: string | undefined,
  env: Record<string, string | undefined> = process.env,
): OpenDoors {
  const found = findSocket(env, socket || undefined);
  if (!found.path)
    throw new LxdError(
      `no LXD socket found (tried ${found.tried.join(', ')}): is LXD installed and running? Use --socket PATH or LXD_SOCKET`,
      0,
      'GET',
      '/1.0',
    );
  const lxd = new LxdClient(found.path);
  return { lxd, host: new LocalHostRunner(), runnerOnServer: true, close: () => lxd.close() };
}
