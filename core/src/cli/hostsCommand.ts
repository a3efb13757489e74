import { homedir } from 'node:os';
import { discoverHosts } from '../hosts/discoverHosts';
import { probeHost, type HostStatus } from '../hosts/probeHost';
import { DiskFileSystem } from '../fs/diskFileSystem';
import { UsageError } from './cliOptions';
import { formatTable } from './table';

export interface HostsFlags {
  format: string;
  hosts?: string;
  socket?: string;
}

function state(host: HostStatus): string {
  if (!host.reachable) return 'unreachable';
  return host.error ? 'untrusted' : 'online';
}

function rows(statuses: HostStatus[]): string[][] {
  const out = [['NAME', 'KIND', 'ADDRESS', 'STATE', 'VERSION', 'CLUSTER']];
  for (const host of statuses) {
    const members = host.members.map((m) => `${m.name}:${m.status}`).join(',');
    out.push([host.name, host.kind ?? '-', host.address, state(host), host.version ?? '-', members || '-']);
  }
  return out;
}

/**
 * `lxdops hosts`: every host (local sockets, the CLIs' remotes, hosts.yaml), asked in parallel,
 * each within PROBE_SECONDS. A host that fails is listed with its error; a broken source of hosts
 * is a warning. Exit 0 when listed.
 */
export async function runHosts(
  flags: HostsFlags,
  out: (s: string) => void,
  err: (s: string) => void,
): Promise<number> {
  if (flags.format !== 'text' && flags.format !== 'json')
    throw new UsageError(`--format ${flags.format}: use text or json`);
  const list = discoverHosts({
    fs: new DiskFileSystem(),
    env: process.env,
    home: homedir(),
    ...(flags.socket ? { socket: flags.socket } : {}),
    ...(flags.hosts ? { hostsFile: flags.hosts } : {}),
  });
  const statuses = await Promise.all(list.hosts.map(probeHost));
  for (const p of list.problems) err(`lxdops: warning: ${p.source}: ${p.message}\n`);
  if (flags.format === 'json') {
    out(`${JSON.stringify({ hosts: statuses, problems: list.problems }, null, 2)}\n`);
    return 0;
  }
  out(formatTable(rows(statuses)));
  for (const host of statuses) if (host.error) err(`${host.name}: ${host.error}\n`);
  return 0;
}
