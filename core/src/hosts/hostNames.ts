/**
 * Host names become file names (`servercerts/NAME.crt`), tree labels and `--host` values: held to a
 * strict shape before use (SSH destinations: host/sshDestination.ts).
 */
const HOST_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;

/** Why `name` cannot be a host name, or undefined. */
export function hostNameProblem(name: string): string | undefined {
  if (!HOST_NAME.test(name) || name.includes('..'))
    return 'a host name is letters, digits, `.`, `_` and `-` (at most 63, not starting with a symbol, no `..`)';
  return undefined;
}
