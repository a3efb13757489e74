import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveRoot, type RootResult } from '../core/src/check/resolveRoot';
import { ConfigWorkspace } from '../core/src/config/configWorkspace';
import { type Doors, type EngineCommand, planCommand } from '../core/src/engine/engine';
import { execute, exec as lxdExec } from '../core/src/engine/executor';
import { DiskFileSystem } from '../core/src/fs/diskFileSystem';
import { LocalHostRunner, toolPath } from '../core/src/host/localHostRunner';
import { LxdClient } from '../core/src/lxd/lxdClient';
import { UnusedAnswer } from '../core/src/lxd/records/envelope';
import { findSocket } from '../core/src/lxd/socketPath';
import { fmt } from './stats';

const POOL = process.env.LXDTEST_POOL ?? 'lxdtest';
const N = 10;
const names = Array.from({ length: N }, (_, i) => `bench-${String(i + 1).padStart(2, '0')}`);

function writeFleet(dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'base.yaml'),
    `#lxdops\nproperties:\n  fsroot: ${POOL}/bench\ndevice-owner: "100000:100000"\nos: {name: alpine, image: busybox}\nfilesystems:\n  data: {pattern: "(fsroot)/(instance)", destroy: true}\ndevices:\n  home: {path: /home, filesystem: data}\n  srv: {path: /srv, filesystem: data}\n`,
  );
  return names.map((n) => {
    const p = join(dir, `${n}.yaml`);
    writeFileSync(p, '#lxdops\ninclude: [base.yaml]\n');
    return p;
  });
}

const execa = async (file: string, args: string[], o: { reject?: boolean } = {}) =>
  (await import('execa')).execa(file, args, o);

async function zfs(...args: string[]): Promise<void> {
  for (let i = 0; ; i++) {
    const r = await execa(toolPath('zfs'), args, { reject: false });
    if (r.exitCode === 0 || !/busy/.test(String(r.stderr)) || i > 20) return;
    await new Promise((res) => setTimeout(res, 1000));
  }
}

async function cleanup(lxd: LxdClient): Promise<void> {
  for (const n of names) {
    await lxd
      .call(
        {
          method: 'PUT',
          path: `/1.0/instances/${n}/state`,
          body: { action: 'stop', force: true, timeout: 0 },
        },
        UnusedAnswer,
      )
      .catch(() => undefined);
    await lxd.call({ method: 'DELETE', path: `/1.0/instances/${n}` }, UnusedAnswer).catch(() => undefined);
    await lxd
      .call({ method: 'DELETE', path: `/1.0/profiles/${n}.lxdops` }, UnusedAnswer)
      .catch(() => undefined);
  }
  await zfs('destroy', '-r', `${POOL}/bench`);
  if ((await execa(toolPath('zfs'), ['list', `${POOL}/bench`], { reject: false })).exitCode === 0)
    throw new Error(`could not destroy ${POOL}/bench`);
}

/** Until a command runs in the container (the engine's readiness test, written by hand). */
async function waitReady(lxd: LxdClient, n: string): Promise<void> {
  for (;;) {
    try {
      if ((await lxdExec(lxd, n, 'default', ['true'])).exitCode === 0) return;
    } catch {
      // not ready
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The same launch, written by hand: the raw API calls and zfs commands, without planning. */
async function rawLaunch(lxd: LxdClient, n: string): Promise<void> {
  const ds = `${POOL}/bench/${n}`;
  await execa(toolPath('zfs'), ['create', '-p', ds]);
  while ((await execa(toolPath('mountpoint'), ['-q', `/${ds}`], { reject: false })).exitCode !== 0)
    await new Promise((r) => setTimeout(r, 100));
  await execa(toolPath('chown'), ['100000:100000', `/${ds}`]);
  for (const d of ['home', 'srv']) {
    await execa(toolPath('mkdir'), ['-p', `/${ds}/${d}`]);
    await execa(toolPath('chown'), ['100000:100000', `/${ds}/${d}`]);
  }
  await lxd.call(
    {
      method: 'POST',
      path: '/1.0/profiles',
      body: {
        name: `${n}.lxdops`,
        devices: {
          home: { type: 'disk', path: '/home', source: `/${ds}/home` },
          srv: { type: 'disk', path: '/srv', source: `/${ds}/srv` },
        },
      },
    },
    UnusedAnswer,
  );
  await rawCreateAndStart(lxd, n);
}

/** The raw calls that create the container from busybox with its profile, start it and wait. */
async function rawCreateAndStart(lxd: LxdClient, n: string): Promise<void> {
  await lxd.call(
    {
      method: 'POST',
      path: '/1.0/instances',
      body: {
        name: n,
        type: 'container',
        profiles: ['default', `${n}.lxdops`],
        source: { type: 'image', alias: 'busybox' },
      },
    },
    UnusedAnswer,
  );
  await lxd.call(
    {
      method: 'PUT',
      path: `/1.0/instances/${n}/state`,
      body: { action: 'start', timeout: 30 },
    },
    UnusedAnswer,
  );
  await waitReady(lxd, n);
}

async function rawRebuild(lxd: LxdClient, n: string): Promise<void> {
  await lxd.call(
    {
      method: 'PUT',
      path: `/1.0/instances/${n}/state`,
      body: { action: 'stop', force: true, timeout: 0 },
    },
    UnusedAnswer,
  );
  await lxd.call({ method: 'DELETE', path: `/1.0/instances/${n}` }, UnusedAnswer);
  await rawCreateAndStart(lxd, n);
}

async function engineRun(
  command: EngineCommand,
  roots: RootResult[],
  doors: Doors,
  parallel: number,
): Promise<void> {
  const ws = new ConfigWorkspace(new DiskFileSystem());
  const queue = [...roots];
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      for (let r = queue.shift(); r; r = queue.shift())
        await execute(await planCommand(command, r, ws, doors), doors, { pollMs: 100 });
    }),
  );
}

async function timed(f: () => Promise<void>): Promise<number> {
  const t = process.hrtime.bigint();
  await f();
  return Number(process.hrtime.bigint() - t) / 1e6;
}

/**
 * Launch and rebuild of 10 instances with the engine, sequentially and 4 at a time, against the
 * same sequence of raw LXD calls and zfs commands written by hand, on the real LXD and ZFS.
 */
export async function benchEngine(workDir: string): Promise<void> {
  const socket = findSocket(process.env).path;
  if (!socket) throw new Error('engine benchmark: no LXD socket; run scripts/setup-real-stack.sh first');
  const lxd = new LxdClient(socket);
  const doors: Doors = { lxd, host: new LocalHostRunner() };
  try {
    const configs = writeFleet(join(workDir, 'fleet-engine'));
    const ws = new ConfigWorkspace(new DiskFileSystem());
    const roots = configs.map((c) => resolveRoot(c, ws, {})!.result);
    // Two rounds in opposite orders (raw first, then engine first): the daemon gets slower as
    // operations pile up, so a fixed order would favour whichever runs first.
    const raw = { launch: 0, rebuild: 0 };
    const eng = { launch: 0, rebuild: 0 };
    const rawRound = async () => {
      await cleanup(lxd);
      raw.launch += await timed(async () => {
        for (const n of names) await rawLaunch(lxd, n);
      });
      raw.rebuild += await timed(async () => {
        for (const n of names) await rawRebuild(lxd, n);
      });
    };
    const engineRound = async () => {
      await cleanup(lxd);
      eng.launch += await timed(() => engineRun('launch', roots, doors, 1));
      eng.rebuild += await timed(() => engineRun('rebuild', roots, doors, 1));
    };
    await rawRound();
    await engineRound();
    await engineRound();
    await rawRound();
    const rawLaunchMs = raw.launch / 2;
    const rawRebuildMs = raw.rebuild / 2;
    const launchMs = eng.launch / 2;
    const rebuildMs = eng.rebuild / 2;
    const rebuild4Ms = await timed(() => engineRun('rebuild', roots, doors, 4));
    await cleanup(lxd);
    const launch4Ms = await timed(() => engineRun('launch', roots, doors, 4));
    await cleanup(lxd);
    console.log(
      `engine: ${N} instances (busybox, one ZFS filesystem, two disk devices each), real LXD and zfs-fuse; means of two rounds in opposite orders`,
    );
    console.log(
      `  launch   raw calls ${fmt(rawLaunchMs)}   engine ${fmt(launchMs)}  overhead ${(((launchMs - rawLaunchMs) / rawLaunchMs) * 100).toFixed(1)} % (goal < 10 %)`,
    );
    console.log(
      `  rebuild  raw calls ${fmt(rawRebuildMs)}   engine ${fmt(rebuildMs)}  overhead ${(((rebuildMs - rawRebuildMs) / rawRebuildMs) * 100).toFixed(1)} % (goal < 10 %)`,
    );
    console.log(
      `  --parallel 4: launch ${fmt(launch4Ms)} (${(launchMs / launch4Ms).toFixed(2)} × faster), rebuild ${fmt(rebuild4Ms)} (${(rebuildMs / rebuild4Ms).toFixed(2)} × faster; goal ≥ 2)`,
    );
  } finally {
    await lxd.close();
  }
}
