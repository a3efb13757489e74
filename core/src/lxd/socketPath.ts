import { statSync } from 'node:fs';

/** Where LXD and Incus listen, in the order their own clients look (reference lxd-api §2). */
export function socketCandidates(env: Record<string, string | undefined>): string[] {
  const out: string[] = [];
  if (env.LXD_SOCKET) out.push(env.LXD_SOCKET);
  if (env.LXD_DIR) out.push(`${env.LXD_DIR}/unix.socket`);
  out.push('/var/lib/lxd/unix.socket', '/var/snap/lxd/common/lxd/unix.socket');
  if (env.INCUS_SOCKET) out.push(env.INCUS_SOCKET);
  if (env.INCUS_DIR) out.push(`${env.INCUS_DIR}/unix.socket`);
  out.push('/run/incus/unix.socket', '/var/lib/incus/unix.socket');
  return out;
}

/** The first candidate that is a socket, or undefined with the list that was tried. */
export function findSocket(
  env: Record<string, string | undefined>,
  explicit?: string,
  candidates?: string[],
): { path?: string; tried: string[] } {
  const tried = explicit ? [explicit] : (candidates ?? socketCandidates(env));
  for (const p of tried) {
    try {
      if (statSync(p).isSocket()) return { path: p, tried };
    } catch {
      // not there
    }
  }
  return { tried };
}
