import { findSocket } from '../lxd/socketPath';
import type { HostEntry } from './hostEntry';

type Env = Record<string, string | undefined>;

/** LXD's own socket paths, in its client's order. */
function lxdSockets(env: Env): string[] {
  return [
    ...(env.LXD_SOCKET ? [env.LXD_SOCKET] : []),
    ...(env.LXD_DIR ? [`${env.LXD_DIR}/unix.socket`] : []),
    '/var/lib/lxd/unix.socket',
    '/var/snap/lxd/common/lxd/unix.socket',
  ];
}

/** Incus' socket paths; `unix.socket.user` is the socket of users outside the admin group. */
function incusSockets(env: Env): string[] {
  const dirs = [...(env.INCUS_DIR ? [env.INCUS_DIR] : []), '/var/lib/incus', '/run/incus'];
  return [
    ...(env.INCUS_SOCKET ? [env.INCUS_SOCKET] : []),
    ...dirs.flatMap((dir) => [`${dir}/unix.socket`, `${dir}/unix.socket.user`]),
  ];
}

/**
 * The local servers: `local` (LXD) and `incus-local` (Incus), each when its socket exists.
 * `explicitLxd` (--socket, lxdops.socket) replaces LXD's search.
 */
export function localHosts(env: Env, explicitLxd?: string): HostEntry[] {
  const out: HostEntry[] = [];
  const lxd = findSocket(env, explicitLxd, explicitLxd ? undefined : lxdSockets(env));
  if (lxd.path)
    out.push({ name: 'local', endpoint: { kind: 'socket', path: lxd.path }, source: 'local socket' });
  const incus = findSocket(env, undefined, incusSockets(env));
  if (incus.path && incus.path !== lxd.path)
    out.push({
      name: 'incus-local',
      endpoint: { kind: 'socket', path: incus.path },
      kind: 'incus',
      source: 'local socket',
    });
  return out;
}
