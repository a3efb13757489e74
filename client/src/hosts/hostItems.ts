import type { WireHost } from '../../../core/src/protocol';

/** A quick pick row of a host (pure data: the picker adds nothing but the UI). */
export interface HostItem {
  label: string;
  description: string;
  detail: string;
  host: string;
}

function kindName(host: WireHost): string {
  const kind = host.kind === 'incus' ? 'Incus' : host.kind === 'lxd' ? 'LXD' : 'LXD or Incus';
  return host.version ? `${kind} ${host.version}` : kind;
}

function stateOf(host: WireHost): string {
  if (!host.reachable) return `unreachable: ${host.error ?? 'no answer'}`;
  if (host.error) return host.error;
  if (!host.clustered) return 'standalone';
  const online = host.members.filter((m) => m.status === 'Online').length;
  return `cluster: ${host.members.length} members, ${online} online`;
}

/** The hosts as quick pick rows: the current one marked, kind and address, clustered or why not usable. */
export function hostItems(hosts: readonly WireHost[], current: string): HostItem[] {
  return hosts.map((host) => ({
    label: `${host.name === current ? '$(check) ' : ''}${host.name}`,
    description: `${kindName(host)} · ${host.address}`,
    detail: `${stateOf(host)} · from ${host.source}`,
    host: host.name,
  }));
}

export interface MemberItem {
  label: string;
  description: string;
  detail?: string;
  member: string;
  /** Why the member cannot take the instance; undefined: it can. */
  refusal?: string;
}

/** A cluster's members as quick pick rows; an offline member is listed but refused, with the reason. */
export function memberItems(host: WireHost): MemberItem[] {
  return host.members.map((m) => {
    const online = m.status === 'Online';
    return {
      label: `${online ? '$(pass)' : '$(error)'} ${m.name}`,
      description: [m.status, ...m.roles].join(' · '),
      ...(m.message ? { detail: m.message } : {}),
      member: m.name,
      ...(online
        ? {}
        : {
            refusal: `member ${m.name} of ${host.name} is ${m.status}${m.message ? ` (${m.message})` : ''}: it cannot take a new instance; start it or choose another member`,
          }),
    };
  });
}
