import { homedir } from 'node:os';
import { DiskFileSystem } from '../fs/diskFileSystem';
import { discoverHosts } from '../hosts/discoverHosts';
import { findHost, openHostDoors } from '../hosts/hostDoors';
import { openDoors, type OpenDoors } from '../hosts/openDoors';
import { UsageError } from './cliOptions';

export interface HostFlags {
  /** --host NAME: a host of `lxdops hosts`. */
  host?: string;
  /** --hosts FILE: the hosts file instead of ~/.config/lxdops/hosts.yaml. */
  hosts?: string;
  /** --socket PATH: the local LXD socket (not with --host). */
  socket?: string;
}

/**
 * The doors the flags name: `--host NAME` (its LXD and, when it has an SSH destination, its
 * commands over SSH), else the local socket (`--socket`, or the usual paths).
 */
export function openDoorsFor(flags: HostFlags): OpenDoors {
  if (flags.host === undefined) return openDoors(flags.socket);
  if (flags.socket) throw new UsageError('--host and --socket cannot be used together');
  const list = discoverHosts({
    fs: new DiskFileSystem(),
    env: process.env,
    home: homedir(),
    ...(flags.hosts ? { hostsFile: flags.hosts } : {}),
  });
  try {
    return openHostDoors(findHost(list, flags.host), process.env);
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
}
