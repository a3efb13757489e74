import type { FileSystem } from '../fs/fileSystem';
import { cliConfigDirs, cliRemotes } from './cliRemotes';
import type { HostEntry, HostList, HostProblem } from './hostEntry';
import { type ClientCertDefaults, hostEntriesOf, readHostsFile } from './hostsFile';
import { localHosts } from './localHosts';

export interface HostSources {
  fs: FileSystem;
  env: Record<string, string | undefined>;
  home: string;
  /** --socket / lxdops.socket: the local LXD socket. */
  socket?: string;
  /** --hosts FILE (must exist); without it, `~/.config/lxdops/hosts.yaml` when it exists. */
  hostsFile?: string;
  /** The `lxdops.hosts` setting's value (VS Code). */
  setting?: unknown;
}

/** The lxc CLI's client certificate: the one of the first config directory that has one. */
function lxcClientCert(sources: HostSources): ClientCertDefaults {
  const dirs = cliConfigDirs('lxd', sources.env, sources.home);
  const dir = dirs.find((d) => sources.fs.read(`${d}/client.crt`).ok) ?? `${sources.home}/.config/lxc`;
  return { clientCert: `${dir}/client.crt`, clientKey: `${dir}/client.key` };
}

/** Adds hosts whose names are free; `rename` may offer another name (incus remotes: `incus-NAME`). */
function addUnique(
  into: HostEntry[],
  problems: HostProblem[],
  list: HostList,
  rename?: (name: string) => string,
): void {
  problems.push(...list.problems);
  for (const host of list.hosts) {
    const taken = (name: string) => into.find((h) => h.name === name);
    const name = taken(host.name) && rename ? rename(host.name) : host.name;
    const holder = taken(name);
    if (holder) {
      problems.push({
        source: host.source,
        message: `host ${name} is skipped: the name is taken by ${holder.source}`,
      });
      continue;
    }
    into.push({ ...host, name });
  }
}

/**
 * Every host, in this order: the local sockets (`local`, `incus-local`), the lxc CLI's remotes, the
 * incus CLI's (`incus-NAME` where the name is taken), hosts.yaml, the setting. A broken source is
 * a problem; the others are still listed.
 */
export function discoverHosts(sources: HostSources): HostList {
  const { fs, env, home } = sources;
  const hosts: HostEntry[] = [];
  const problems: HostProblem[] = [];
  addUnique(hosts, problems, { hosts: localHosts(env, sources.socket), problems: [] });
  addUnique(hosts, problems, cliRemotes(fs, cliConfigDirs('lxd', env, home), 'lxd'));
  addUnique(hosts, problems, cliRemotes(fs, cliConfigDirs('incus', env, home), 'incus'), (n) => `incus-${n}`);
  const defaults = lxcClientCert(sources);
  const file = sources.hostsFile ?? `${home}/.config/lxdops/hosts.yaml`;
  addUnique(hosts, problems, readHostsFile(fs, file, defaults, sources.hostsFile !== undefined));
  addUnique(hosts, problems, hostEntriesOf(sources.setting, 'setting lxdops.hosts', defaults));
  return { hosts, problems };
}
