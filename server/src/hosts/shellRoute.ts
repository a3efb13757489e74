import type { HostEntry, HostKind } from '../../../core/src/hosts/hostEntry';
import type { ShellRoute } from '../../../core/src/protocol';

/** The CLI of a kind of server: `incus` for Incus, `lxc` for LXD. */
function toolOf(kind: HostKind | undefined): 'lxc' | 'incus' {
  return kind === 'incus' ? 'incus' : 'lxc';
}

/** The remote name of a CLI remote: its pinned certificate is `servercerts/NAME.crt`. */
function remoteOfCertificate(serverCert: string): string | undefined {
  return /\/servercerts\/([^/]+)\.crt$/.exec(serverCert)?.[1];
}

/**
 * How Open Shell reaches a host's instances, without a shell string: the local servers through
 * their CLI, a CLI remote as `REMOTE:NAME`, a hosts.yaml socket through the CLI's socket
 * variable; a hosts.yaml HTTPS entry only when the CLI has a remote at the same address.
 * `kind` is the server's answer when it was probed (it beats what the source says).
 */
export function shellRoute(
  host: HostEntry,
  kind: HostKind | undefined,
  cliRemotes: readonly HostEntry[],
): ShellRoute {
  const tool = toolOf(kind ?? host.kind);
  if (host.source === 'local socket') return { tool };
  const endpoint = host.endpoint;
  if (endpoint.kind === 'socket')
    return { tool, env: { [tool === 'incus' ? 'INCUS_SOCKET' : 'LXD_SOCKET']: endpoint.path } };
  const known = cliRemotes.find(
    (r) => r.endpoint.kind === 'https' && r.endpoint.url === endpoint.url && toolOf(r.kind) === tool,
  );
  const remote =
    known?.endpoint.kind === 'https' ? remoteOfCertificate(known.endpoint.serverCert) : undefined;
  if (remote) return { tool, remote };
  return {
    problem:
      `the ${tool} CLI has no remote for ${host.name} (${endpoint.url}), so Open Shell cannot reach it: ` +
      `add it with \`${tool} remote add ${host.name} ${endpoint.url}\` (with a trust token), then try again`,
  };
}
