/**
 * Where an LXD or Incus server listens: its unix socket, or HTTPS with the client certificate the
 * server trusts and the server certificate pinned (the lxc/incus CLI's `servercerts/NAME.crt`).
 * Paths only: the files are read when the connection is opened.
 */
export type LxdEndpoint =
  | { kind: 'socket'; path: string }
  | {
      kind: 'https';
      /** `https://host:port`, no path. */
      url: string;
      /** PEM of the server (or cluster) certificate to pin. */
      serverCert: string;
      clientCert: string;
      clientKey: string;
    };

/** How the endpoint reads in messages: the socket path or the URL. */
export function endpointAddress(endpoint: LxdEndpoint): string {
  return endpoint.kind === 'socket' ? endpoint.path : endpoint.url;
}
