/** A failure of an LXD call, with the HTTP status (0 when the socket could not be reached). */
export class LxdError extends Error {
  override readonly name: string = 'LxdError';
  constructor(
    message: string,
    readonly status: number,
    readonly method: string,
    readonly path: string,
  ) {
    super(message);
  }

  get notFound(): boolean {
    return this.status === 404;
  }
}

/**
 * Who listens on a socket, for the advice: Incus keeps its sockets in a folder named incus
 * (/var/lib/incus, /run/incus, $INCUS_DIR by convention); its admin group is incus-admin, not lxd.
 */
function daemonOf(socket: string): { name: string; group: string; service: string; env: string } {
  return /(^|\/)incus(\/|$)/.test(socket)
    ? {
        name: 'Incus',
        group: 'incus-admin',
        service: 'incusd, or systemctl start incus',
        env: 'INCUS_SOCKET',
      }
    : { name: 'LXD', group: 'lxd', service: 'lxd, or systemctl start lxd', env: 'LXD_SOCKET' };
}

/** The message a user can act on, for a failure to connect to the socket (LXD's or Incus'). */
export function connectionMessage(socket: string, code: string | undefined, raw: string): string {
  const daemon = daemonOf(socket);
  if (code === 'EACCES') {
    return `permission denied on the ${daemon.name} socket ${socket}: add the user to the ${daemon.group} group (sudo usermod -aG ${daemon.group} $USER), then log in again (over Remote-SSH, kill the VS Code server so that it picks up the new group)`;
  }
  if (code === 'ENOENT')
    return `no ${daemon.name} socket at ${socket}: is ${daemon.name} installed and running? Set lxdops.socket or ${daemon.env} if it lives elsewhere`;
  if (code === 'ECONNREFUSED')
    return `${daemon.name} is not listening on ${socket}: start the daemon (${daemon.service})`;
  return `cannot reach ${daemon.name} at ${socket}: ${raw}`;
}
