import { homedir } from 'node:os';
import { DiskFileSystem } from '../../../core/src/fs/diskFileSystem';
import { discoverHosts } from '../../../core/src/hosts/discoverHosts';
import type { HostList } from '../../../core/src/hosts/hostEntry';

/** The settings hosts are discovered from: `lxdops.socket` (the local LXD) and `lxdops.hosts`. */
export interface HostSettings {
  readonly socket: string;
  readonly hosts: readonly unknown[];
}

/** Every host the server can target, as the CLI finds them, plus the `lxdops.hosts` entries. */
export type HostDiscovery = (settings: HostSettings) => HostList;

export function discoverFromSettings(
  settings: HostSettings,
  env: Record<string, string | undefined> = process.env,
  home: string = homedir(),
): HostList {
  return discoverHosts({
    fs: new DiskFileSystem(),
    env,
    home,
    ...(settings.socket ? { socket: settings.socket } : {}),
    setting: settings.hosts,
  });
}

/** The problems of a discovery as log lines: `source: message`. */
export function problemLines(list: HostList): string[] {
  return list.problems.map((p) => `${p.source}: ${p.message}`);
}
