import type { HostEntry, HostList } from '../../../core/src/hosts/hostEntry';
import type { HostStatus } from '../../../core/src/hosts/probeHost';
import type { HostsResult, WireHost } from '../../../core/src/protocol';
import { problemLines } from './hostSources';
import { shellRoute } from './shellRoute';

/** The remotes of the lxc and incus CLIs' config.yml among the discovered hosts. */
export function cliRemoteEntries(list: HostList): HostEntry[] {
  return list.hosts.filter((h) => h.source.endsWith('/config.yml'));
}

/** One probed host as `lxdops/hosts` sends it. */
export function wireHost(entry: HostEntry, status: HostStatus, remotes: readonly HostEntry[]): WireHost {
  return {
    name: status.name,
    ...(status.kind ? { kind: status.kind } : {}),
    address: status.address,
    source: status.source,
    reachable: status.reachable,
    ...(status.version ? { version: status.version } : {}),
    clustered: status.clustered,
    members: status.members,
    ...(status.error ? { error: status.error } : {}),
    shell: shellRoute(entry, status.kind, remotes),
  };
}

/** `lxdops/hosts`: the hosts asked for (all when `names` is absent), probed in parallel. */
export async function probedHosts(
  list: HostList,
  names: readonly string[] | undefined,
  probe: (host: HostEntry) => Promise<HostStatus>,
): Promise<HostsResult> {
  const chosen = names ? list.hosts.filter((h) => names.includes(h.name)) : list.hosts;
  const remotes = cliRemoteEntries(list);
  const statuses = await Promise.all(chosen.map(probe));
  return {
    hosts: chosen.map((entry, index) => wireHost(entry, statuses[index]!, remotes)),
    problems: problemLines(list),
  };
}
