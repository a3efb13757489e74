import type { LxdEndpoint } from '../lxd/endpoint';

export type HostKind = 'lxd' | 'incus';

/** A server the tool can talk to: a local socket, a CLI remote, or an entry of lxdops' hosts. */
export interface HostEntry {
  /** Unique among the hosts: `local`, `incus-local`, a remote's name, a hosts.yaml name. */
  name: string;
  endpoint: LxdEndpoint;
  /** What the source says it is (a remote of the incus CLI is Incus); the server's answer decides. */
  kind?: HostKind;
  /** Where the entry comes from, for messages: `local socket`, `~/.config/lxc/config.yml`, ... */
  source: string;
  /** `user@host[:port]` that runs this host's commands (zfs, mkdir, ...); none: this machine. */
  ssh?: string;
  /** Cluster member → its SSH destination. */
  members?: Record<string, string>;
}

/** Something wrong with a source of hosts; the other hosts are still used. */
export interface HostProblem {
  source: string;
  message: string;
}

export interface HostList {
  hosts: HostEntry[];
  problems: HostProblem[];
}
