import { homedir } from 'node:os';
import { relative } from 'node:path';
import { checkFiles } from '../check/checkFiles';
import { ConfigWorkspace } from '../config/configWorkspace';
import { fleetConfigsOf, type FleetConfig } from '../fleet/fleetConfig';
import { chooseHosts, openFleetHosts } from '../fleet/fleetHosts';
import { formatFleet } from '../fleet/fleetText';
import type { FleetStatus } from '../fleet/fleetTypes';
import { readFleet } from '../fleet/readFleet';
import { DiskFileSystem } from '../fs/diskFileSystem';
import { scanPaths } from '../fs/scanPaths';
import { discoverHosts } from '../hosts/discoverHosts';
import type { HostEntry } from '../hosts/hostEntry';
import { type ConfigFlags, checkOptionsFrom, UsageError, warnOnce } from './cliOptions';

export interface FleetFlags extends ConfigFlags {
  format?: string;
  /** --host NAME, repeatable: exactly these hosts; none: every discovered host. */
  host: string[];
  hosts?: string;
  socket?: string;
}

const shown = (path: string) => relative(process.cwd(), path) || path;

/** The root configs under the paths, as the fleet sees them; one that cannot be substituted is warned about. */
export function fleetConfigsUnder(paths: string[], flags: ConfigFlags): FleetConfig[] {
  const ws = new ConfigWorkspace(new DiskFileSystem());
  const { options } = checkOptionsFrom(flags, ws);
  const checked = checkFiles(scanPaths(paths.length ? paths : ['.']).files, ws, options);
  const { configs, unresolved } = fleetConfigsOf(checked.results.values());
  for (const u of unresolved) warnOnce(`${shown(u.config)}: left out of the fleet: ${u.message}`);
  return configs;
}

/** The hosts the flags name (every discovered one without --host); a name no host has is a usage error. */
export function fleetHostEntries(flags: Pick<FleetFlags, 'host' | 'hosts' | 'socket'>): HostEntry[] {
  const list = discoverHosts({
    fs: new DiskFileSystem(),
    env: process.env,
    home: homedir(),
    ...(flags.hosts ? { hostsFile: flags.hosts } : {}),
    ...(flags.socket ? { socket: flags.socket } : {}),
  });
  for (const p of list.problems) warnOnce(`${p.source}: ${p.message}`);
  const chosen = chooseHosts(list, flags.host);
  if (chosen.unknown.length) {
    const known = list.hosts.map((h) => h.name).join(', ') || 'none';
    throw new UsageError(
      `--host ${chosen.unknown.join(', ')}: no such host (hosts: ${known}); see lxdops hosts`,
    );
  }
  if (!chosen.entries.length) throw new UsageError('no host found: see lxdops hosts');
  return chosen.entries;
}

/** Reads the fleet of the configs on the chosen hosts (all at once, bounded in time). */
export async function readFleetOf(configs: FleetConfig[], entries: HostEntry[]): Promise<FleetStatus> {
  const opened = openFleetHosts(entries, process.env);
  try {
    const hosts = opened.hosts.map((h) => ({ name: h.name, lxd: h.doors.lxd }));
    return await readFleet(configs, hosts, { problems: opened.problems });
  } finally {
    await opened.close();
  }
}

/**
 * `lxdops fleet status [--format json] [--host NAME]... PATH...`: templates, their snapshots and
 * clones with each clone's state. A host that cannot be read is a problem of the output (the others
 * are still listed); exit 1 when no host could be read.
 */
export async function runFleetStatus(
  paths: string[],
  flags: FleetFlags,
  out: (s: string) => void,
): Promise<number> {
  const format = flags.format ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format ${format}: use text or json`);
  const entries = fleetHostEntries(flags);
  const status = await readFleetOf(fleetConfigsUnder(paths, flags), entries);
  out(format === 'json' ? `${JSON.stringify(status, null, 2)}\n` : formatFleet(status, shown));
  return (status.problems?.length ?? 0) >= entries.length ? 1 : 0;
}
