import { cpus } from 'node:os';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkFiles } from '../core/src/check/checkFiles';
import { ConfigWorkspace } from '../core/src/config/configWorkspace';
import { fleetConfigsOf } from '../core/src/fleet/fleetConfig';
import { KEPT_FOR_KEY } from '../core/src/engine/recordKeys';
import { readHostInstances } from '../core/src/fleet/readFleet';
import { prepareUpgrade } from '../core/src/fleet/upgradePrepare';
import { runUpgrade } from '../core/src/fleet/upgradeRun';
import type {
  CloneRebuildOptions,
  FleetUpgradeRequest,
  UpgradeHost,
  UpgradeResult,
} from '../core/src/fleet/upgradeTypes';
import { DiskFileSystem } from '../core/src/fs/diskFileSystem';
import { LocalHostRunner, toolPath } from '../core/src/host/localHostRunner';
import { LxdClient } from '../core/src/lxd/lxdClient';
import { UnusedAnswer } from '../core/src/lxd/records/envelope';
import { findSocket } from '../core/src/lxd/socketPath';
import { prepare } from '../core/src/operations/prepare';
import { run } from '../core/src/operations/run';
import { Tally, timedHost, timedLxd } from './engineTiming';
import { fmt } from './stats';

const POOL = process.env.LXDTEST_POOL ?? 'lxdtest';
const PREFIX = `${process.env.LXDOPS_IT_PREFIX || 'it'}-fleetb`;
const N = 20;
const TEMPLATE = `${PREFIX}-tpl`;
const clones = Array.from({ length: N }, (_, i) => `${PREFIX}-${String(i + 1).padStart(2, '0')}`);

const execa = async (file: string, args: string[]) =>
  (await import('execa')).execa(file, args, { reject: false });

/** The template (busybox, `snapshot: snap`) and N clones with one ZFS filesystem each. */
function writeFleet(dir: string): { template: string; clones: string[] } {
  mkdirSync(dir, { recursive: true });
  const template = join(dir, `${TEMPLATE}.yaml`);
  writeFileSync(
    template,
    '#lxdops\nos: {name: alpine, image: busybox}\nprofiles: [default]\nsnapshot: snap\n',
  );
  const clone = `#lxdops\norigin: ${TEMPLATE}/snap\nos: {name: alpine}\nprofiles: [default]\ndevice-owner: "100000:100000"\nfilesystems:\n  data: {pattern: "${POOL}/${PREFIX}/(instance)", destroy: true}\ndevices:\n  data: {path: /data, filesystem: data}\n`;
  return {
    template,
    clones: clones.map((n) => {
      const p = join(dir, `${n}.yaml`);
      writeFileSync(p, clone);
      return p;
    }),
  };
}

async function cleanup(lxd: LxdClient): Promise<void> {
  const instances = await readHostInstances(lxd, 60);
  for (const i of instances.filter((x) => x.name.startsWith(`${PREFIX}-`))) {
    const path = `/1.0/instances/${encodeURIComponent(i.name)}`;
    await lxd
      .call({ method: 'PUT', path: `${path}/state`, body: { action: 'stop', force: true } }, UnusedAnswer)
      .catch(() => undefined);
    await lxd.call({ method: 'DELETE', path }, UnusedAnswer).catch(() => undefined);
  }
  for (const n of clones)
    await lxd
      .call({ method: 'DELETE', path: `/1.0/profiles/${n}.lxdops` }, UnusedAnswer)
      .catch(() => undefined);
  for (let i = 0; i < 20; i++) {
    const r = await execa(toolPath('zfs'), ['destroy', '-r', `${POOL}/${PREFIX}`]);
    if (r.exitCode === 0 || !/busy/.test(String(r.stderr))) break;
    await new Promise((res) => setTimeout(res, 1000));
  }
}

/** The template snapshot taken again by hand (renamed aside, taken anew): every clone is stale. */
async function retake(lxd: LxdClient, round: number): Promise<void> {
  const path = `/1.0/instances/${TEMPLATE}/snapshots`;
  await lxd.call({ method: 'POST', path: `${path}/snap`, body: { name: `snap-r${round}` } }, UnusedAnswer);
  await lxd.call({ method: 'POST', path, body: { name: 'snap' } }, UnusedAnswer);
}

async function launch(env: UpgradeHost['env'], roots: string[], parallel: number): Promise<void> {
  const p = await prepare({ command: 'launch', roots, options: {}, check: {} }, env);
  if (!p.ok) throw new Error(p.blockers.map((b) => b.message).join('\n'));
  const outcomes = await run(p.prepared, env, { parallel });
  const bad = outcomes.filter((o) => o.status !== 'done');
  if (bad.length) throw new Error(bad.map((o) => `${o.instance}: ${o.message}`).join('\n'));
}

/** The host with its doors timed into `tally` (every call by kind), for BENCH_DETAIL. */
function timedHostOf(host: UpgradeHost, tally: Tally): UpgradeHost {
  const { lxd, host: runner } = host.env.doors;
  return {
    ...host,
    env: { ...host.env, doors: { lxd: timedLxd(lxd, tally), host: timedHost(runner, tally) } },
  };
}

async function upgrade(
  plain: UpgradeHost,
  request: FleetUpgradeRequest,
): Promise<{ ms: number; result: UpgradeResult; tally: Tally }> {
  const tally = new Tally();
  const host = timedHostOf(plain, tally);
  const started = process.hrtime.bigint();
  const prepared = await tally.time('phase: prepare', () => prepareUpgrade(request, [host]));
  if (!prepared.ok) throw new Error(prepared.blockers.map((b) => b.message).join('\n'));
  const result = await tally.time('phase: run', () => runUpgrade(request, prepared.hosts, [host]));
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.summary.done !== N)
    throw new Error(
      `upgrade: ${JSON.stringify(result.summary)} ${JSON.stringify(result.clones.filter((c) => c.status !== 'done'))}`,
    );
  return { ms, result, tally };
}

const meanSeconds = (r: UpgradeResult) =>
  r.clones.reduce((s, c) => s + (c.seconds ?? 0), 0) / r.clones.length;

/**
 * A fleet of 20 busybox clones with a ZFS filesystem each, on the real LXD and zfs-fuse: the
 * upgrade one clone at a time against --parallel 4 (goal ≥ 3×), and the safe rebuild against the
 * plain one (`--unsafe`; goal ≤ 10 %), in the same run.
 */
export async function benchFleet(workDir: string): Promise<void> {
  const socket = findSocket(process.env).path;
  if (!socket) throw new Error('fleet benchmark: no LXD socket; run scripts/setup-real-stack.sh first');
  const lxd = new LxdClient(socket);
  const host: UpgradeHost = {
    name: 'local',
    env: {
      workspace: () => new ConfigWorkspace(new DiskFileSystem()),
      doors: { lxd, host: new LocalHostRunner() },
      host: 'local',
    },
  };
  try {
    await cleanup(lxd);
    const paths = writeFleet(join(workDir, 'fleet-upgrade'));
    await launch(host.env, [paths.template], 1);
    await execa(toolPath('zfs'), ['create', '-p', `${POOL}/${PREFIX}`]);
    await launch(host.env, paths.clones, 4);
    const ws = new ConfigWorkspace(new DiskFileSystem());
    const configs = fleetConfigsOf(
      checkFiles([paths.template, ...paths.clones], ws).results.values(),
    ).configs;
    const request = (parallel: number, rebuild: CloneRebuildOptions): FleetUpgradeRequest => ({
      template: paths.template,
      configs,
      parallel,
      rebuild,
      check: {},
    });
    await retake(lxd, 1);
    const one = await upgrade(host, request(1, { unsafe: true }));
    await retake(lxd, 2);
    const four = await upgrade(host, request(4, { unsafe: true }));
    await retake(lxd, 3);
    const safe = await upgrade(host, request(4, {}));
    const kept = (await readHostInstances(lxd, 60)).filter((i) =>
      i.config[KEPT_FOR_KEY]?.startsWith(`${PREFIX}-`),
    ).length;
    console.log(`fleet: ${N} busybox clones with a ZFS filesystem each, real LXD and zfs-fuse, one host`);
    const speedup = one.ms / four.ms;
    console.log(
      `  upgrade one at a time ${fmt(one.ms)}   --parallel 4 ${fmt(four.ms)}   ${speedup.toFixed(2)} × faster (goal ≥ 3)`,
    );
    if (speedup < 3)
      console.log(
        `  where the time goes: a clone's rebuild takes ${meanSeconds(one.result).toFixed(2)} s alone and ${meanSeconds(four.result).toFixed(2)} s with 3 others beside it: the ${cpus().length}-core machine's daemon (LXD copies, starts and its zfs-fuse) serialises them`,
      );
    const cost = ((safe.ms - four.ms) / four.ms) * 100;
    console.log(
      kept
        ? `  safe rebuild ${fmt(safe.ms)} vs plain (--unsafe) ${fmt(four.ms)}: ${cost.toFixed(1)} % (goal ≤ 10 %), ${kept} containers kept`
        : `  safe rebuild: not measured (no container was kept: safe rebuild is not in this build); --parallel 4 again ${fmt(safe.ms)}`,
    );
    if (process.env.BENCH_DETAIL)
      console.log(
        [...four.tally.lines('plain, --parallel 4'), ...safe.tally.lines('safe, --parallel 4')].join('\n'),
      );
  } finally {
    await cleanup(lxd).catch(() => undefined);
    await lxd.close();
  }
}
