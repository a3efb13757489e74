/** SSH destinations reach a command line: held to a strict shape before use. */
const SSH_USER = '[a-z_][a-z0-9_-]{0,31}';
const SSH_HOST =
  '(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,62})(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}))*|\\[[0-9A-Fa-f:.]+\\])';
const SSH_DESTINATION = new RegExp(`^(?:${SSH_USER}@)?${SSH_HOST}(?::([0-9]{1,5}))?$`);

/** Why `destination` is not `[user@]host[:port]` (nothing an ssh option could be read from), or undefined. */
export function sshDestinationProblem(destination: string): string | undefined {
  const match = SSH_DESTINATION.exec(destination);
  if (!match)
    return 'an SSH destination is `[user@]host[:port]` (host: a DNS name, an IPv4 address or [IPv6])';
  const port = match[1] === undefined ? 22 : Number(match[1]);
  if (port < 1 || port > 65535) return `port ${port} is not between 1 and 65535`;
  return undefined;
}
