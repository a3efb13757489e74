import { endpointAddress } from '../lxd/endpoint';
import { LxdClient } from '../lxd/lxdClient';
import { clusterMembers } from './clusterMembers';
import { ServerSchema } from '../lxd/records/server';
import type { HostEntry, HostKind } from './hostEntry';

/** Every host answers, or is reported down, within this. */
export const PROBE_SECONDS = 10;

export interface MemberStatus {
  name: string;
  status: string;
  roles: string[];
  message: string;
}

/** What `lxdops hosts` prints of a host (the CLI contract of issue 10). */
export interface HostStatus {
  name: string;
  kind?: HostKind;
  address: string;
  source: string;
  reachable: boolean;
  version?: string;
  clustered: boolean;
  members: MemberStatus[];
  error?: string;
}

function withDeadline<T>(work: Promise<T>, seconds: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${seconds} s`)), seconds * 1000);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

async function ask(client: LxdClient, host: HostEntry): Promise<HostStatus> {
  const base = { name: host.name, address: endpointAddress(host.endpoint), source: host.source };
  const server = await client.get('/1.0', ServerSchema);
  const kind: HostKind = server.environment.server === 'incus' ? 'incus' : 'lxd';
  const clustered = server.environment.server_clustered === true;
  const status = { ...base, kind, reachable: true, clustered, members: [] as MemberStatus[] };
  const version = server.environment.server_version;
  if (server.auth !== undefined && server.auth !== 'trusted')
    return {
      ...status,
      ...(version ? { version } : {}),
      error: `the server does not trust this client's certificate (auth: ${server.auth}): add the remote with a trust token (lxc remote add ${host.name} TOKEN)`,
    };
  if (!clustered) return { ...status, ...(version ? { version } : {}) };
  const members = await clusterMembers(client);
  return {
    ...status,
    ...(version ? { version } : {}),
    members: members.map((m) => ({ name: m.name, status: m.status, roles: m.roles, message: m.message })),
  };
}

/** One host's status, within PROBE_SECONDS; a failure is its `error`, never a throw. */
export async function probeHost(host: HostEntry): Promise<HostStatus> {
  const base = { name: host.name, address: endpointAddress(host.endpoint), source: host.source };
  const down = (error: string): HostStatus => ({
    ...base,
    ...(host.kind ? { kind: host.kind } : {}),
    reachable: false,
    clustered: false,
    members: [],
    error,
  });
  let client: LxdClient;
  try {
    client = new LxdClient(host.endpoint);
  } catch (e) {
    return down(e instanceof Error ? e.message : String(e));
  }
  try {
    return await withDeadline(ask(client, host), PROBE_SECONDS, host.name);
  } catch (e) {
    return down(e instanceof Error ? e.message : String(e));
  } finally {
    void client.close().catch(() => undefined);
  }
}
