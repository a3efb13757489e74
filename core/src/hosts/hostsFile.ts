import * as z from 'zod/mini';
import { parseDocument } from 'yaml';
import type { FileSystem } from '../fs/fileSystem';
import type { LxdEndpoint } from '../lxd/endpoint';
import type { HostEntry, HostList, HostProblem } from './hostEntry';
import { sshDestinationProblem } from '../host/sshDestination';
import { hostNameProblem } from './hostNames';

/** One entry of `~/.config/lxdops/hosts.yaml`, `--hosts FILE` or the `lxdops.hosts` setting. */
const EntrySchema = z.strictObject({
  name: z.string(),
  url: z.optional(z.string()),
  socket: z.optional(z.string()),
  'server-cert': z.optional(z.string()),
  'client-cert': z.optional(z.string()),
  'client-key': z.optional(z.string()),
  ssh: z.optional(z.string()),
  members: z.optional(z.record(z.string(), z.string())),
});
type Entry = z.output<typeof EntrySchema>;

/** The client certificate used when an entry names none (the lxc CLI's). */
export interface ClientCertDefaults {
  clientCert: string;
  clientKey: string;
}

function endpointOf(entry: Entry, defaults: ClientCertDefaults): LxdEndpoint | string {
  if ((entry.url === undefined) === (entry.socket === undefined))
    return 'needs exactly one of `url` and `socket`';
  if (entry.socket !== undefined)
    return entry.socket.startsWith('/')
      ? { kind: 'socket', path: entry.socket }
      : '`socket` is an absolute path';
  let url: URL;
  try {
    url = new URL(entry.url!);
  } catch {
    return '`url` is not a URL';
  }
  if (
    url.protocol !== 'https:' ||
    (url.pathname !== '/' && url.pathname !== '') ||
    url.search ||
    url.username
  )
    return '`url` is https://HOST[:PORT] with nothing after it';
  if (!entry['server-cert'])
    return '`server-cert` (the PEM file of the server certificate to pin) is required with `url`';
  return {
    kind: 'https',
    url: url.origin,
    serverCert: entry['server-cert'],
    clientCert: entry['client-cert'] ?? defaults.clientCert,
    clientKey: entry['client-key'] ?? defaults.clientKey,
  };
}

function membersProblem(members: Record<string, string> | undefined): string | undefined {
  for (const [member, destination] of Object.entries(members ?? {})) {
    const problem = hostNameProblem(member) ?? sshDestinationProblem(destination);
    if (problem) return `member ${JSON.stringify(member)}: ${problem}`;
  }
  return undefined;
}

function entryOf(raw: unknown, source: string, defaults: ClientCertDefaults): HostEntry | string {
  const parsed = z.safeParse(EntrySchema, raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const at = issue.path.length ? `\`${issue.path.join('.')}\`: ` : '';
    const keys =
      issue.code === 'unrecognized_keys' ? `unknown key(s) ${issue.keys.join(', ')}` : issue.message;
    return `${at}${keys}`;
  }
  const entry = parsed.data;
  const problem =
    hostNameProblem(entry.name) ??
    (entry.ssh !== undefined ? sshDestinationProblem(entry.ssh) : undefined) ??
    membersProblem(entry.members);
  if (problem) return problem;
  const endpoint = endpointOf(entry, defaults);
  if (typeof endpoint === 'string') return endpoint;
  return {
    name: entry.name,
    endpoint,
    source,
    ...(entry.ssh !== undefined ? { ssh: entry.ssh } : {}),
    ...(entry.members ? { members: entry.members } : {}),
  };
}

/** The entries of a list (the setting's value or the file's): each checked, a bad one reported and skipped. */
export function hostEntriesOf(value: unknown, source: string, defaults: ClientCertDefaults): HostList {
  if (value === undefined || value === null) return { hosts: [], problems: [] };
  if (!Array.isArray(value)) return { hosts: [], problems: [{ source, message: 'is not a list of hosts' }] };
  const hosts: HostEntry[] = [];
  const problems: HostProblem[] = [];
  value.forEach((raw, index) => {
    const entry = entryOf(raw, source, defaults);
    if (typeof entry === 'string') problems.push({ source, message: `entry ${index + 1}: ${entry}` });
    else hosts.push(entry);
  });
  return { hosts, problems };
}

/** `hosts.yaml`: a YAML list of entries. A missing file is no hosts; an explicit one must exist. */
export function readHostsFile(
  fs: FileSystem,
  file: string,
  defaults: ClientCertDefaults,
  required: boolean,
): HostList {
  const read = fs.read(file);
  if (!read.ok && read.reason === 'not-found' && !required) return { hosts: [], problems: [] };
  if (!read.ok)
    return { hosts: [], problems: [{ source: file, message: `cannot be read (${read.message})` }] };
  const doc = parseDocument(read.text, { prettyErrors: false });
  if (doc.errors.length) return { hosts: [], problems: [{ source: file, message: 'is not valid YAML' }] };
  let value: unknown;
  try {
    value = doc.toJSON(); // bounded: yaml refuses excessive alias expansion (maxAliasCount)
  } catch (e) {
    return {
      hosts: [],
      problems: [{ source: file, message: `cannot be read as data (${(e as Error).message})` }],
    };
  }
  return hostEntriesOf(value, file, defaults);
}
