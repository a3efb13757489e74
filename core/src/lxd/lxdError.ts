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

/** The message a user can act on, for a failure to connect to the socket. */
export function connectionMessage(socket: string, code: string | undefined, raw: string): string {
  if (code === 'EACCES') {
    return `permission denied on the LXD socket ${socket}: add the user to the lxd group (sudo usermod -aG lxd $USER), then log in again (over Remote-SSH, kill the VS Code server so that it picks up the new group)`;
  }
  if (code === 'ENOENT')
    return `no LXD socket at ${socket}: is LXD installed and running? Set lxdops.socket or LXD_SOCKET if it lives elsewhere`;
  if (code === 'ECONNREFUSED')
    return `LXD is not listening on ${socket}: start the daemon (lxd, or systemctl start lxd)`;
  return `cannot reach LXD at ${socket}: ${raw}`;
}
