import type { LxdApi } from '../core/src/engine/doors';
import { exec as lxdExec } from '../core/src/engine/executor';
import { toolPath } from '../core/src/host/localHostRunner';
import { InstanceSchema } from '../core/src/lxd/records/instance';
import { UnusedAnswer } from '../core/src/lxd/records/envelope';
import { hostLabel, type Tally } from './engineTiming';

/**
 * The engine's launch and rebuild written by hand: exactly the changes the engine makes (the same
 * API calls with the same bodies, the same zfs and coreutils commands, the outcome record) and
 * the waits any script needs (the mount, a command that runs in the container), without planning
 * or checks. The ratio engine / raw is then the engine's own overhead, nothing else.
 */
export interface RawContext {
  lxd: LxdApi;
  pool: string;
  /** The poll interval of the two waits; the engine's (executor.ts) is used, so both wait alike. */
  pollMs: number;
  tally: Tally;
}

const OWNER = '100000:100000';
/** The same length as the engine's config hash (16 hex digits): the same body size. */
const HASH = '0123456789abcdef';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function sh(ctx: RawContext, argv: string[]): Promise<number> {
  const { execa } = await import('execa');
  const [tool, ...args] = argv;
  const r = await ctx.tally.time(hostLabel(argv), () =>
    execa(toolPath(tool!), args, { reject: false, stdin: 'ignore', env: { LC_ALL: 'C' } }),
  );
  return r.exitCode ?? 1;
}

async function must(ctx: RawContext, argv: string[]): Promise<void> {
  const code = await sh(ctx, argv);
  if (code !== 0) throw new Error(`${argv.join(' ')} exited with ${code}`);
}

/** Until a command runs in the container (the engine's readiness test, by hand). */
async function waitReady(ctx: RawContext, n: string): Promise<void> {
  for (;;) {
    try {
      if ((await lxdExec(ctx.lxd, n, 'default', ['true'])).exitCode === 0) return;
    } catch {
      // not ready yet
    }
    await sleep(ctx.pollMs);
  }
}

/** zfs-fuse mounts a new dataset a moment after `zfs create` returns: wait for it, as the engine does. */
async function waitMounted(ctx: RawContext, dir: string): Promise<void> {
  while ((await sh(ctx, ['mountpoint', '-q', '--', dir])) !== 0) await sleep(ctx.pollMs);
}

export async function rawLaunch(ctx: RawContext, n: string, config: string): Promise<void> {
  const ds = `${ctx.pool}/${n}`;
  await must(ctx, ['zfs', 'create', '-p', '-o', `lxdops:owner=default/${n}`, '--', ds]);
  await waitMounted(ctx, `/${ds}`);
  await must(ctx, ['chown', '-h', OWNER, '--', `/${ds}`]);
  for (const d of ['home', 'srv']) {
    await must(ctx, ['mkdir', '-p', '--', `/${ds}/${d}`]);
    await must(ctx, ['chown', '-h', OWNER, '--', `/${ds}/${d}`]);
  }
  const devices = {
    home: { type: 'disk', path: '/home', source: `/${ds}/home` },
    srv: { type: 'disk', path: '/srv', source: `/${ds}/srv` },
  };
  await ctx.lxd.call(
    {
      method: 'POST',
      path: '/1.0/profiles',
      body: { name: `${n}.lxdops`, description: 'lxdops profile', config: {}, devices },
    },
    UnusedAnswer,
  );
  await createStartRecord(ctx, n, config, {}, 'launch (11 steps)');
}

/** Create from busybox with the profile and the identity keys, start, wait, record the outcome. */
async function createStartRecord(
  ctx: RawContext,
  n: string,
  config: string,
  kept: Record<string, string>,
  applied: string,
): Promise<void> {
  const identity = { 'user.lxdops.config': config, 'user.lxdops.hash': HASH };
  const body = {
    name: n,
    type: 'container',
    profiles: ['default', `${n}.lxdops`],
    config: { ...kept, ...identity },
    devices: {},
    source: { type: 'image', alias: 'busybox' },
  };
  await ctx.lxd.call({ method: 'POST', path: '/1.0/instances', body }, UnusedAnswer);
  await state(ctx, n, { action: 'start', timeout: 30, force: false });
  await waitReady(ctx, n);
  await ctx.lxd.call(
    { method: 'PATCH', path: `/1.0/instances/${n}`, body: { config: record(applied) } },
    UnusedAnswer,
  );
}

/** The outcome record the pipeline writes (operations/record.ts), with the same keys. */
function record(applied: string): Record<string, string> {
  return {
    'user.lxdops.status': 'ok',
    'user.lxdops.applied': applied,
    'user.lxdops.time': new Date().toISOString(),
    'user.lxdops.failed-step': '',
    'user.lxdops.failure': '',
  };
}

const state = (ctx: RawContext, n: string, body: object) =>
  ctx.lxd.call({ method: 'PUT', path: `/1.0/instances/${n}/state`, body }, UnusedAnswer);

/** A rebuild keeps the MAC addresses and profiles: the instance is read first (its config), as by hand. */
export async function rawRebuild(ctx: RawContext, n: string, config: string): Promise<void> {
  const old = await ctx.lxd.call({ method: 'GET', path: `/1.0/instances/${n}` }, InstanceSchema);
  const kept = Object.fromEntries(
    Object.entries(old.config).filter(([k]) => /^volatile\.[^.]+\.hwaddr$/.test(k)),
  );
  // a clean stop, forced only when it fails, as the engine's plain rebuild does
  await state(ctx, n, { action: 'stop', timeout: 30, force: false }).catch(() =>
    state(ctx, n, { action: 'stop', timeout: 0, force: true }),
  );
  await ctx.lxd.call({ method: 'DELETE', path: `/1.0/instances/${n}` }, UnusedAnswer);
  await createStartRecord(ctx, n, config, kept, 'rebuild (5 steps)');
}
