import type { HostRunner } from '../engine/doors';
import { LocalHostRunner } from '../host/localHostRunner';
import { SshHostRunner } from '../host/sshHostRunner';
import { LxdClient } from '../lxd/lxdClient';
import type { OpenDoors } from './openDoors';
import type { HostEntry, HostList } from './hostEntry';

/** SSH settings from the environment: `LXDOPS_SSH_CONFIG` (an ssh_config for `-F`). */
export function sshOptionsFrom(env: Record<string, string | undefined>): { configFile?: string } {
  return env.LXDOPS_SSH_CONFIG ? { configFile: env.LXDOPS_SSH_CONFIG } : {};
}

/** The runner of a host's commands: over SSH when the host names a destination, else this machine. */
export function hostRunner(host: HostEntry, env: Record<string, string | undefined>): HostRunner {
  return host.ssh ? new SshHostRunner(host.ssh, sshOptionsFrom(env)) : new LocalHostRunner();
}

/** The runners of a cluster's members (`members: {name: ssh}`), one per member, made when first asked. */
function memberRunners(host: HostEntry, env: Record<string, string | undefined>) {
  const made = new Map<string, HostRunner>();
  return (member: string): HostRunner | undefined => {
    const destination =
      host.members && Object.hasOwn(host.members, member) ? host.members[member] : undefined;
    if (destination === undefined) return undefined;
    if (!made.has(member)) made.set(member, new SshHostRunner(destination, sshOptionsFrom(env)));
    return made.get(member);
  };
}

/**
 * The doors of one host: its LXD (socket or HTTPS), its runner, and its members' runners. The
 * runner is on the server's machine when it is a socket here or the host's SSH destination.
 */
export function openHostDoors(host: HostEntry, env: Record<string, string | undefined>): OpenDoors {
  const lxd = new LxdClient(host.endpoint);
  return {
    lxd,
    host: hostRunner(host, env),
    memberRunner: memberRunners(host, env),
    runnerOnServer: host.ssh !== undefined || host.endpoint.kind === 'socket',
    close: () => lxd.close(),
  };
}

/** The host called `name`, or an error that lists the hosts there are. */
export function findHost(list: HostList, name: string): HostEntry {
  const host = list.hosts.find((h) => h.name === name);
  if (host) return host;
  const known = list.hosts.map((h) => h.name).join(', ') || 'none';
  const problems = list.problems.map((p) => `; ${p.source}: ${p.message}`).join('');
  throw new Error(`no host ${JSON.stringify(name)} (hosts: ${known})${problems}: see lxdops hosts`);
}
