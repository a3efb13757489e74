import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import type { HostRunner, LxdApi } from '../core/src/engine/doors';
import { LocalHostRunner } from '../core/src/host/localHostRunner';
import { listHost } from '../core/src/hosts/hostListing';
import type { LxdEndpoint } from '../core/src/lxd/endpoint';
import { LxdClient } from '../core/src/lxd/lxdClient';
import { UnusedAnswer } from '../core/src/lxd/records/envelope';
import type { ConfigSummary } from '../core/src/protocol';
import { fmt, median } from './stats';

const COUNT = 200;
const ROUNDS = 7;
const PREFIX = 'lxdops-exb';
const POOL = process.env.LXDTEST_POOL || 'lxdtest';
const PARENT = `${POOL}/${PREFIX}`;
/** Datasets that exist of the configs' (the others are "not created"): the pool is proven by a listed one. */
const EXISTING = 5;
const names = Array.from({ length: COUNT }, (_, i) => `${PREFIX}-${String(i).padStart(3, '0')}`);

interface BenchHost {
  name: string;
  endpoint: LxdEndpoint;
  /** The daemon's socket, where its instances are created and deleted. */
  socket: string;
}

const sh = (file: string, args: string[], env?: Record<string, string>) =>
  execFileSync(file, args, { encoding: 'utf8', env: { ...process.env, ...env }, stdio: 'pipe' });

/** A remote added the way a user does (trust token, `lxc remote add`) into a private LXD_CONF. */
function addLoopRemote(work: string): { endpoint: LxdEndpoint; fingerprint: string } {
  const conf = mkdtempSync(join(work, 'lxc-conf-'));
  const token = sh('lxc', ['config', 'trust', 'add', '--name', `${PREFIX}-bench`])
    .trim()
    .split('\n')
    .pop()!;
  sh('lxc', ['remote', 'add', 'loop', token.trim()], { LXD_CONF: conf });
  const fingerprint = sh('openssl', [
    'x509',
    '-noout',
    '-fingerprint',
    '-sha256',
    '-in',
    join(conf, 'client.crt'),
  ])
    .split('=')[1]!
    .replace(/:/g, '')
    .trim()
    .toLowerCase();
  return {
    endpoint: {
      kind: 'https',
      url: 'https://127.0.0.1:18443',
      serverCert: join(conf, 'servercerts/loop.crt'),
      clientCert: join(conf, 'client.crt'),
      clientKey: join(conf, 'client.key'),
    },
    fingerprint,
  };
}

/** Runs `work` over `items`, `width` at a time. */
async function pool<T>(
  items: readonly T[],
  width: number,
  work: (item: T) => Promise<unknown>,
): Promise<void> {
  const queue = [...items];
  await Promise.all(
    Array.from({ length: width }, async () => {
      for (let item = queue.shift(); item !== undefined; item = queue.shift()) await work(item);
    }),
  );
}

/** Empty containers, never started (`source: none`): created for real, fast. */
async function createInstances(socket: string): Promise<void> {
  const client = new LxdClient(socket);
  try {
    await pool(names, 8, (name) =>
      client.call(
        {
          method: 'POST',
          path: '/1.0/instances',
          body: { name, type: 'container', source: { type: 'none' } },
        },
        UnusedAnswer,
      ),
    );
  } finally {
    await client.close();
  }
}

async function deleteInstances(socket: string): Promise<void> {
  const client = new LxdClient(socket);
  try {
    await pool(names, 8, (name) =>
      client.call({ method: 'DELETE', path: `/1.0/instances/${name}` }, UnusedAnswer).catch(() => undefined),
    );
  } finally {
    await client.close();
  }
}

/** One config per generated name, each with a ZFS filesystem (the first EXISTING of them exist). */
function configsOf(): ConfigSummary[] {
  return names.map((name) => ({
    uri: `file:///bench/${name}.yaml`,
    instance: name,
    project: 'default',
    profile: `${name}.lxdops`,
    filesystems: [{ id: 'data', path: `${PARENT}/${name}`, zfs: true, destroy: false }],
    errors: 0,
    warnings: 0,
    problems: [],
  }));
}

interface Counts {
  api: string[];
  host: string[];
}

/** The doors of a host, counting what listHost asks of them. */
function countingDoors(
  client: LxdClient,
  runner: HostRunner,
  counts: Counts,
): { lxd: LxdApi; host: HostRunner } {
  const lxd: LxdApi = {
    call: (r, schema) => {
      counts.api.push(`${r.method} ${r.path}`);
      return client.call(r, schema);
    },
    raw: (r) => {
      counts.api.push(`${r.method} ${r.path}`);
      return client.raw(r);
    },
    waitOperation: (operation, r) => client.waitOperation(operation, r),
  };
  const host = new Proxy(runner, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const first = args[0] as { argv?: string[] } | string;
        counts.host.push(
          typeof first === 'string'
            ? `${String(key)} ${first}`
            : `${String(key)} ${first.argv?.slice(0, 2).join(' ')}`,
        );
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { lxd, host };
}

/** The same GETs and the same `zfs list` as listHost, without parsing or tying to configs. */
async function rawRefresh(client: LxdClient, runner: HostRunner, datasets: string[]): Promise<void> {
  await Promise.all([
    client.raw({ method: 'GET', path: '/1.0' }),
    client.raw({ method: 'GET', path: '/1.0/instances?recursion=2&all-projects=true' }),
    client.raw({ method: 'GET', path: '/1.0/profiles?recursion=1&all-projects=true' }),
    runner.run({
      argv: [
        'zfs',
        'list',
        '-H',
        '-o',
        'name,used,origin',
        '-t',
        'filesystem,snapshot',
        '-r',
        '--',
        ...datasets,
      ],
      sudo: false,
    }),
  ]);
}

async function timeRounds(fn: () => Promise<unknown>): Promise<number[]> {
  await fn();
  const out: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const started = process.hrtime.bigint();
    await fn();
    out.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return out;
}

function summarise(counts: Counts): string {
  const listings = counts.api.filter((c) => c.startsWith('GET /1.0/instances')).length;
  const zfs = counts.host.filter((c) => c === 'run zfs list').length;
  const other = counts.host.filter((c) => c !== 'run zfs list');
  return `${counts.api.length} API calls (${listings} instance listing, ${counts.api.filter((c) => !c.startsWith('GET /1.0/instances')).join(', ')}), ${zfs} zfs list${other.length ? `, other host commands: ${other.join(', ')}` : ''}`;
}

async function measure(hosts: BenchHost[]): Promise<void> {
  const configs = configsOf();
  const runner = new LocalHostRunner();
  const clients = hosts.map((h) => new LxdClient(h.endpoint));
  try {
    for (const [i, host] of hosts.entries()) {
      const counts: Counts = { api: [], host: [] };
      const listing = await listHost(countingDoors(clients[i]!, runner, counts), configs);
      const generated = listing.instances.filter((x) => x.name.startsWith(`${PREFIX}-`)).length;
      console.log(
        `explorer:   ${host.name}: ${listing.instances.length} instances (${generated} generated, ${listing.datasets.size} datasets exist), one refresh = ${summarise(counts)}`,
      );
    }
    const datasets = configs.map((c) => c.filesystems![0]!.path);
    const listed = median(
      await timeRounds(() => Promise.all(clients.map((c) => listHost({ lxd: c, host: runner }, configs)))),
    );
    const raw = median(
      await timeRounds(() => Promise.all(clients.map((c) => rawRefresh(c, runner, datasets)))),
    );
    console.log(
      `explorer: listHost for the ${hosts.length} hosts in parallel ${fmt(listed)}, the raw calls ${fmt(raw)} (median of ${ROUNDS}): ${(listed / raw).toFixed(2)}× the raw calls (goal ≤ 1.3×)`,
    );
  } finally {
    await Promise.all(clients.map((c) => c.close()));
  }
}

/**
 * Explorer refresh (issue 10): 3 hosts — the local LXD socket, the Incus socket, the same LXD over
 * HTTPS on loopback (a remote added with a trust token) — with 200 generated instances each (empty
 * containers, `source: none`, never started; the socket and HTTPS hosts share LXD's 200), and 200
 * configs with a ZFS filesystem each. Counts what one refresh asks of each host, and times listHost
 * for the 3 hosts in parallel against the same raw GETs and `zfs list` measured in the same run.
 */
export async function benchExplorer(work: string): Promise<void> {
  const lxdSocket = '/var/lib/lxd/unix.socket';
  const incusSocket = '/var/lib/incus/unix.socket';
  const setupStarted = Date.now();
  await Promise.all([deleteInstances(lxdSocket), deleteInstances(incusSocket)]); // a previous run's
  const remote = addLoopRemote(work);
  try {
    sh('zfs', ['create', '-p', PARENT]);
    for (const name of names.slice(0, EXISTING)) sh('zfs', ['create', '-p', `${PARENT}/${name}`]);
    const created = Date.now();
    await Promise.all([createInstances(lxdSocket), createInstances(incusSocket)]);
    const createSeconds = (Date.now() - created) / 1000;
    console.log(
      `explorer: setup ${((Date.now() - setupStarted) / 1000).toFixed(1)} s (creating ${COUNT} empty containers on LXD and ${COUNT} on Incus, 8 at a time: ${createSeconds.toFixed(1)} s)`,
    );
    await measure([
      { name: 'local (LXD socket)', endpoint: { kind: 'socket', path: lxdSocket }, socket: lxdSocket },
      {
        name: 'incus-local (Incus socket)',
        endpoint: { kind: 'socket', path: incusSocket },
        socket: incusSocket,
      },
      { name: 'loop (LXD over HTTPS)', endpoint: remote.endpoint, socket: lxdSocket },
    ]);
  } finally {
    const cleanup = Date.now();
    await Promise.all([deleteInstances(lxdSocket), deleteInstances(incusSocket)]);
    // zfs-fuse answers "dataset is busy" for a moment after a listing: the runner retries that
    const destroyed = await new LocalHostRunner().run({
      argv: ['zfs', 'destroy', '-r', '--', PARENT],
      sudo: false,
      retryBusy: true,
    });
    if (destroyed.exitCode !== 0)
      console.log(`explorer: cleanup: zfs destroy -r ${PARENT} failed: ${destroyed.stderr.trim()}`);
    sh('lxc', ['config', 'trust', 'remove', remote.fingerprint]);
    console.log(`explorer: cleanup ${((Date.now() - cleanup) / 1000).toFixed(1)} s`);
  }
}
