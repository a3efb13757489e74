import type { RootResult } from '../../../core/src/check/resolveRoot';
import { fleetConfigsOf } from '../../../core/src/fleet/fleetConfig';
import { chooseHosts, openFleetHosts } from '../../../core/src/fleet/fleetHosts';
import type { FleetStatus } from '../../../core/src/fleet/fleetTypes';
import { readFleet } from '../../../core/src/fleet/readFleet';
import type { HostList } from '../../../core/src/hosts/hostEntry';
import { pathToUri } from '../uris';

/** Config paths as file URIs, as the protocol sends them. */
function withUris(status: FleetStatus): FleetStatus {
  return {
    ...status,
    templates: status.templates.map((t) => ({
      ...t,
      config: t.config === null ? null : pathToUri(t.config),
      clones: t.clones.map((c) => ({ ...c, config: pathToUri(c.config) })),
    })),
  };
}

/**
 * `lxdops/fleetStatus`: the fleet of the workspace's root configs on the hosts asked for (every
 * discovered host when none is named). A host that is unknown or cannot be read is a problem; the
 * others are still listed.
 */
export async function fleetStatusOf(
  roots: Iterable<RootResult>,
  list: HostList,
  names: readonly string[] | undefined,
  env: Record<string, string | undefined> = process.env,
): Promise<FleetStatus> {
  const { configs } = fleetConfigsOf(roots);
  const chosen = chooseHosts(list, names);
  const opened = openFleetHosts(chosen.entries, env);
  const unknown = chosen.unknown.map((host) => ({ host, message: `no host ${JSON.stringify(host)}` }));
  try {
    const hosts = opened.hosts.map((h) => ({ name: h.name, lxd: h.doors.lxd }));
    return withUris(await readFleet(configs, hosts, { problems: [...unknown, ...opened.problems] }));
  } finally {
    await opened.close();
  }
}
