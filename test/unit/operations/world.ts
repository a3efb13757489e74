// A recording double of the two doors that answers from a small, hand-made state of LXD and ZFS
// (not a test file). Every call is journaled, so tests can assert that prepare only read.
import { ConfigWorkspace } from '../../../core/src/config/configWorkspace';
import type { HostResult, PathEntry } from '../../../core/src/engine/doors';
import type { HostCommand } from '../../../core/src/engine/plan';
import { MemoryFileSystem } from '../../../core/src/fs/fileSystem';
import type { LxdRequest } from '../../../core/src/lxd/lxdClient';
import { LxdError } from '../../../core/src/lxd/lxdError';
import type { OperationEnv, OperationRequest } from '../../../core/src/operations/types';
import { type JournalEntry, RecordingHostDouble, RecordingLxdDouble } from '../engine/support';

/** The usage `zfs get` prints on zfs-fuse, cut down to the rows the tests use. */
export const ZFS_FUSE_USAGE = [
  'missing property argument',
  'usage:',
  '\tget [-rHp] [-d max] [-o "all" | field[,...]] [-s source[,...]]',
  '',
  'The following properties are supported:',
  '',
  '\tPROPERTY       EDIT  INHERIT   VALUES',
  '',
  '\tavailable        NO       NO   <size>',
  '\tatime           YES      YES   on | off',
  '\tcompression     YES      YES   on | off | lzjb | gzip | gzip-[1-9] | zle',
  '\tdedup           YES      YES   on | off | verify | sha256[,verify]',
  '\tquota           YES       NO   <size> | none',
  '\tsharenfs        YES      YES   on | off | share(1M) options',
  '',
].join('\n');

export interface WorldState {
  profiles: string[];
  /** Instance name → status and config. */
  instances: Map<string, { status: string; config: Record<string, string> }>;
  images: string[];
  pools: string[];
  /** Existing datasets → their own lxdops:owner mark (undefined: none). */
  datasets: Map<string, string | undefined>;
  /** Profile name → the instances that use it. */
  usedBy: Map<string, string[]>;
  zfsUsage: string;
  /** What the host shows at some path components (lstat); the rest is missing. */
  entries: PathEntry[];
  /** A cluster: its members (those with `ssh` have a runner) and which member holds which instance. */
  cluster?: {
    serverName: string;
    members: { name: string; status: string; ssh: boolean }[];
    location: Map<string, string>;
    /** Instances whose record does not come back in time (their member is down). */
    silent?: Set<string>;
    /** Members the cluster counts Online whose own API refuses connections (just killed, or starting). */
    refusing?: Set<string>;
  };
}

export function state(o: Partial<WorldState> = {}): WorldState {
  return {
    profiles: ['default'],
    instances: new Map(),
    images: ['busybox'],
    pools: ['z'],
    datasets: new Map(),
    usedBy: new Map(),
    zfsUsage: ZFS_FUSE_USAGE,
    entries: [],
    ...o,
  };
}

const notFound = (r: LxdRequest) => new LxdError('not found', 404, r.method, r.path);

function lxdAnswer(s: WorldState, r: LxdRequest): unknown {
  const path = decodeURIComponent(r.path.split('?')[0]!);
  if (r.method !== 'GET') return {};
  const target = /[?&]target=([^&]+)/.exec(r.path)?.[1];
  if (path === '/1.0' && target && s.cluster?.refusing?.has(decodeURIComponent(target)))
    throw new LxdError(
      `Unable to connect to: 10.0.0.9:8443 ([dial tcp 10.0.0.9:8443: connect: connection refused])`,
      500,
      r.method,
      r.path,
    );
  if (path === '/1.0')
    return {
      api_extensions: [],
      environment: { server_clustered: !!s.cluster, server_name: s.cluster?.serverName ?? 'none' },
    };
  if (path === '/1.0/cluster/members' && s.cluster)
    return s.cluster.members.map((m) => ({ server_name: m.name, status: m.status, message: '', roles: [] }));
  if (path === '/1.0/instances') return []; // the fleet's disk devices (usage.ts): none
  if (path === '/1.0/profiles')
    return r.path.includes('recursion=1')
      ? s.profiles.map((name) => ({ name, config: {}, devices: {}, used_by: s.usedBy.get(name) ?? [] }))
      : s.profiles.map((name) => `/1.0/profiles/${name}`);
  const profile = /^\/1\.0\/profiles\/(.+)$/.exec(path);
  if (profile)
    if (s.profiles.includes(profile[1]!))
      return { name: profile[1], used_by: s.usedBy.get(profile[1]!) ?? [] };
    else throw notFound(r);
  const alias = /^\/1\.0\/images\/aliases\/(.+)$/.exec(path);
  if (alias)
    if (s.images.includes(alias[1]!)) return { name: alias[1] };
    else throw notFound(r);
  const snapshots = /^\/1\.0\/instances\/([^/]+)\/snapshots$/.exec(path);
  if (snapshots)
    if (s.instances.has(snapshots[1]!)) return [];
    else throw notFound(r);
  const instance = /^\/1\.0\/instances\/([^/]+)$/.exec(path);
  if (instance) {
    const i = s.instances.get(instance[1]!);
    if (!i) throw notFound(r);
    if (s.cluster?.silent?.has(instance[1]!))
      throw new LxdError('accepted the connection but did not answer in time', 0, r.method, r.path);
    const location = s.cluster?.location.get(instance[1]!) ?? 'none';
    return {
      name: instance[1],
      status: i.status,
      profiles: ['default'],
      config: i.config,
      snapshots: [],
      location,
    };
  }
  throw notFound(r);
}

const result = (stdout: string, exitCode = 0, stderr = ''): HostResult => ({ exitCode, stdout, stderr });

function zfsList(s: WorldState, columns: string, names: string[]): HostResult {
  const known = (n: string) => s.datasets.has(n) || s.pools.includes(n);
  const rows = names.filter(known).map((n) => (columns === 'name' ? n : `${n}\tyes`));
  const missing = names.filter((n) => !known(n));
  return result(
    rows.join('\n'),
    missing.length ? 1 : 0,
    missing.map((n) => `cannot open '${n}': dataset does not exist`).join('\n'),
  );
}

function hostAnswer(s: WorldState, c: HostCommand): HostResult {
  const [tool, verb, ...rest] = c.argv;
  if (tool !== 'zfs') return result('');
  if (verb === 'get' && rest.length === 0) return result('', 2, s.zfsUsage);
  if (verb === 'list') {
    const columns = rest[rest.indexOf('-o') + 1]!;
    const names = rest.filter((a, i) => !a.startsWith('-') && rest[i - 1] !== '-o' && rest[i - 1] !== '-t');
    return zfsList(s, columns, names);
  }
  if (verb === 'get') {
    const names = rest.slice(4);
    return result(
      names.map((n) => `${n}\t${s.datasets.get(n) ?? '-'}\t${s.datasets.get(n) ? 'local' : '-'}`).join('\n'),
    );
  }
  return result('');
}

/** An environment over an in-memory workspace and doors that answer from `s`. */
export function world(files: Record<string, string>, s: WorldState = state()) {
  const journal: JournalEntry[] = [];
  const lxd = new RecordingLxdDouble(journal, (r) => lxdAnswer(s, r));
  const host = new RecordingHostDouble(
    journal,
    (c) => hostAnswer(s, c),
    new Set(),
    new Map(s.entries.map((e) => [e.path, e])),
  );
  const fs = new MemoryFileSystem(files);
  // each member with an SSH destination has its own runner and journal
  const members = new Map(
    (s.cluster?.members ?? [])
      .filter((m) => m.ssh)
      .map((m) => {
        const own: JournalEntry[] = [];
        return [
          m.name,
          { journal: own, host: new RecordingHostDouble(own, (c) => hostAnswer(s, c)) },
        ] as const;
      }),
  );
  const env: OperationEnv = {
    workspace: () => new ConfigWorkspace(fs),
    doors: { lxd, host, memberRunner: (name) => members.get(name)?.host },
    now: () => new Date('2026-12-01T12:00:00Z'),
  };
  /** Whatever the doors were asked to change: anything but GET requests and read-only zfs verbs. */
  const changes = () =>
    journal.filter((e) =>
      e.door === 'lxd.call' || e.door === 'lxd.raw'
        ? e.request.method !== 'GET'
        : e.door === 'host.run' &&
          !(e.command.argv[0] === 'zfs' && ['list', 'get'].includes(e.command.argv[1]!)),
    );
  return { env, journal, lxd, host, fs, changes, state: s, members };
}

export function request(
  command: OperationRequest['command'],
  roots: string[],
  options = {},
): OperationRequest {
  return { command, roots, options, check: {} };
}
