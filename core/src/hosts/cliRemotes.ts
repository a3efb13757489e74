import { isMap, LineCounter, parseDocument } from 'yaml';
import type { FileSystem } from '../fs/fileSystem';
import type { HostEntry, HostKind, HostList, HostProblem } from './hostEntry';
import { hostNameProblem } from './hostNames';

/** Where the lxc and incus CLIs keep config.yml, in their own order (multi-host README). */
export function cliConfigDirs(
  kind: HostKind,
  env: Record<string, string | undefined>,
  home: string,
): string[] {
  if (kind === 'incus') return [...(env.INCUS_CONF ? [env.INCUS_CONF] : []), `${home}/.config/incus`];
  return [
    ...(env.LXD_CONF ? [env.LXD_CONF] : []),
    `${home}/snap/lxd/common/config`,
    `${home}/snap/lxd/current/.config/lxc`,
    `${home}/.config/lxc`,
  ];
}

interface RemoteFields {
  addr?: unknown;
  protocol?: unknown;
  public?: unknown;
}

/** A remote the tool can use: an HTTPS address of an LXD/Incus server (not an image server). */
function usableAddress(remote: RemoteFields): string | undefined {
  if (typeof remote.addr !== 'string' || !remote.addr.startsWith('https://')) return undefined;
  if (remote.protocol !== undefined && remote.protocol !== 'lxd' && remote.protocol !== 'incus')
    return undefined;
  if (remote.public === true) return undefined; // an image server, no client certificate
  return remote.addr.replace(/\/+$/, '');
}

function parseRemotes(text: string): Map<string, RemoteFields> | string {
  const lines = new LineCounter();
  const doc = parseDocument(text, { prettyErrors: false, lineCounter: lines });
  const error = doc.errors[0];
  if (error) return `is not valid YAML (line ${lines.linePos(error.pos[0]).line})`;
  const remotes = doc.get('remotes');
  if (remotes === undefined || remotes === null) return new Map();
  if (!isMap(remotes)) return 'has a `remotes` that is not a mapping';
  const out = new Map<string, RemoteFields>();
  for (const pair of remotes.items) {
    const value = (pair.value as { toJSON?: () => unknown } | null)?.toJSON?.();
    if (value && typeof value === 'object') out.set(String((pair.key as { value?: unknown }).value), value);
  }
  return out;
}

/** A file that cannot be turned into data (an alias bomb, say) is a problem of the file, never a crash. */
function safely(parse: () => Map<string, RemoteFields> | string): Map<string, RemoteFields> | string {
  try {
    return parse();
  } catch (e) {
    return `cannot be read as data (${(e as Error).message})`;
  }
}

/**
 * The HTTPS remotes of the first config.yml of `dirs` that exists, as hosts: address, pinned
 * `servercerts/NAME.crt`, the CLI's `client.crt`/`client.key`.
 */
export function cliRemotes(fs: FileSystem, dirs: readonly string[], kind: HostKind): HostList {
  for (const dir of dirs) {
    const file = `${dir}/config.yml`;
    const read = fs.read(file);
    if (!read.ok && read.reason === 'not-found') continue;
    if (!read.ok)
      return { hosts: [], problems: [{ source: file, message: `cannot be read (${read.message})` }] };
    const remotes = safely(() => parseRemotes(read.text));
    if (typeof remotes === 'string') return { hosts: [], problems: [{ source: file, message: remotes }] };
    const hosts: HostEntry[] = [];
    const problems: HostProblem[] = [];
    for (const [name, remote] of remotes) {
      const url = usableAddress(remote);
      if (!url) continue;
      const problem = hostNameProblem(name);
      if (problem) {
        problems.push({ source: file, message: `remote ${JSON.stringify(name)} is skipped: ${problem}` });
        continue;
      }
      const endpoint = {
        kind: 'https' as const,
        url,
        serverCert: `${dir}/servercerts/${name}.crt`,
        clientCert: `${dir}/client.crt`,
        clientKey: `${dir}/client.key`,
      };
      hosts.push({ name, endpoint, kind, source: file });
    }
    return { hosts, problems };
  }
  return { hosts: [], problems: [] };
}
