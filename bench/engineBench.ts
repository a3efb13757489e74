import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigWorkspace } from '../core/src/config/configWorkspace';
import type { EngineCommand } from '../core/src/engine/engine';
import { DiskFileSystem } from '../core/src/fs/diskFileSystem';
import { FileLockStore } from '../core/src/host/fileLockStore';
import { LocalHostRunner, toolPath } from '../core/src/host/localHostRunner';
import type { HostDoors } from '../core/src/hosts/openDoors';
import { LxdClient } from '../core/src/lxd/lxdClient';
import { UnusedAnswer } from '../core/src/lxd/records/envelope';
import { findSocket } from '../core/src/lxd/socketPath';
import { prepare, run, type OperationEnv, type Prepared } from '../core/src/operations';
import { rawLaunch, rawRebuild, type RawContext } from './engineRaw';
import { stepTimer, Tally, timedHost, timedLxd } from './engineTiming';
import { fmt } from './stats';

const POOL = process.env.LXDTEST_POOL ?? 'lxdtest';
/** The datasets of this benchmark (its own, under the `perf` tag: nothing else is touched). */
const ROOT = `${POOL}/perf-bench`;
const N = 10;
const ROUNDS = 2;
/** The executor's default poll interval (ExecuteOptions.pollMs): the raw reference waits alike. */
const POLL_MS = 100;
const pad = (i: number) => String(i + 1).padStart(2, '0');
const rawNames = Array.from({ length: N }, (_, i) => `perf-r${pad(i)}`);
const engNames = Array.from({ length: N }, (_, i) => `perf-e${pad(i)}`);

/** The fleet's configs: one base with a ZFS filesystem and two disk devices, one file per instance. */
function writeFleet(dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'base.yaml'),
    `#lxdops\nproperties:\n  fsroot: ${ROOT}\ndevice-owner: "100000:100000"\nos: {name: alpine, image: busybox}\nfilesystems:\n  data: {pattern: "(fsroot)/(instance)", destroy: true}\ndevices:\n  home: {path: /home, filesystem: data}\n  srv: {path: /srv, filesystem: data}\n`,
  );
  return [...rawNames, ...engNames].map((n) => {
    const p = join(dir, `${n}.yaml`);
    writeFileSync(p, '#lxdops\ninclude: [base.yaml]\n');
    return p;
  });
}

const execa = async (file: string, args: string[]) =>
  (await import('execa')).execa(file, args, { reject: false });

async function zfsDestroyAll(): Promise<void> {
  let said = '';
  // zfs-fuse refuses now and then while a mount is settling ("busy" for up to ~20 s after the
  // container that used it is deleted, I/O errors): try for a minute
  for (let i = 0; i < 60; i++) {
    const r = await execa(toolPath('zfs'), ['destroy', '-r', ROOT]);
    said = String(r.stderr).trim();
    if (r.exitCode === 0 || /does not exist/.test(said)) return;
    await new Promise((res) => setTimeout(res, 1000));
  }
  throw new Error(`could not destroy ${ROOT}: ${said}`);
}

async function cleanup(lxd: LxdClient): Promise<void> {
  const quiet = (p: Promise<unknown>) => p.catch(() => undefined);
  for (const n of [...rawNames, ...engNames]) {
    const body = { action: 'stop', force: true, timeout: 0 };
    await quiet(lxd.call({ method: 'PUT', path: `/1.0/instances/${n}/state`, body }, UnusedAnswer));
    await quiet(lxd.call({ method: 'DELETE', path: `/1.0/instances/${n}` }, UnusedAnswer));
    await quiet(lxd.call({ method: 'DELETE', path: `/1.0/profiles/${n}.lxdops` }, UnusedAnswer));
  }
  await zfsDestroyAll();
}

interface Engine {
  env: OperationEnv;
  /** The engine's calls and its phases (prepare, run, each step kind). */
  tally: Tally;
}

/** The first half of the pipeline for every root at once, as `lxdops launch *.yaml` and a fleet upgrade do. */
async function enginePrepare(e: Engine, command: EngineCommand, configs: string[]): Promise<Prepared> {
  // the plain rebuild (the safe one does more: fleetBench measures it against this one)
  const options = command === 'rebuild' ? { unsafe: true } : {};
  const request = { command, roots: configs, options, check: {} };
  const prepared = await e.tally.time('phase: prepare', () => prepare(request, e.env));
  if (!prepared.ok) throw new Error(prepared.blockers.map((b) => b.message).join('; '));
  return prepared.prepared;
}

/** The second half (run under the lock → record) for the prepared plans, `parallel` at a time. */
async function engineRun(e: Engine, prepared: Prepared, parallel = 1): Promise<void> {
  const plans = new Map(prepared.plans.map((p) => [p.plan.instance, p.plan]));
  const outcomes = await e.tally.time('phase: run', () =>
    run(prepared, e.env, {
      parallel,
      onEvent: (plan, ev) => stepTimer(e.tally, () => plans.get(plan.instance))(ev),
    }),
  );
  const failed = outcomes.find((o) => o.status !== 'done');
  if (failed) throw new Error(`${failed.instance}: ${failed.status} ${failed.message ?? ''}`);
}

async function timed(f: () => Promise<void>): Promise<number> {
  const t = performance.now();
  await f();
  return performance.now() - t;
}

type Totals = Record<'launch' | 'rebuild', { raw: number; engine: number }>;

/**
 * One round: every instance launched, then rebuilt, the raw reference and the engine taking turns
 * instance by instance (who goes first alternates, and so does who starts the round): the daemon slows down as containers pile up,
 * and this way both meet the same daemon.
 */
async function round(r: number, lxd: LxdClient, raw: RawContext, eng: Engine, configs: string[], t: Totals) {
  await cleanup(lxd);
  // the parent of every instance's dataset, made before: whoever went first would make it otherwise
  await execa(toolPath('zfs'), ['create', '-p', ROOT]);
  for (const command of ['launch', 'rebuild'] as const) {
    let prepared: Prepared | undefined;
    t[command].engine += await timed(async () => {
      prepared = await enginePrepare(eng, command, configs.slice(N));
    });
    for (let i = 0; i < N; i++) {
      const doRaw = async () => {
        const f = command === 'launch' ? rawLaunch : rawRebuild;
        t[command].raw += await timed(() => f(raw, rawNames[i]!, configs[i]!));
      };
      const one = { ...prepared!, plans: [prepared!.plans[i]!] };
      const doEngine = async () => {
        t[command].engine += await timed(() => engineRun(eng, one));
      };
      if ((i + r) % 2) await doRaw().then(doEngine);
      else await doEngine().then(doRaw);
    }
  }
}

/**
 * Once, before the rounds, what a process pays once (loading and compiling the checker and the
 * pipeline, the first connection): a prepare that changes nothing, and one raw GET and zfs run.
 */
async function warmUp(lxd: LxdClient, eng: Engine, configs: string[]): Promise<void> {
  await cleanup(lxd);
  await enginePrepare(eng, 'launch', configs);
  await lxd.call({ method: 'GET', path: '/1.0' }, UnusedAnswer);
  await execa(toolPath('zfs'), ['list', '-H', '-o', 'name', POOL]);
}

const overhead = (x: { raw: number; engine: number }) => ((x.engine - x.raw) / x.raw) * 100;

function report(t: Totals, parallel: { launch: number; rebuild: number }, raw: Tally, eng: Tally) {
  const mean = (ms: number) => fmt(ms / ROUNDS);
  console.log(
    `engine: ${N} instances (busybox, one ZFS filesystem, two disk devices each), real LXD and zfs-fuse; the operations pipeline (one prepare of the 10 configs, then run and record one by one) against the same changes by raw calls, the two taking turns instance by instance; means of ${ROUNDS} rounds`,
  );
  for (const c of ['launch', 'rebuild'] as const)
    console.log(
      `  ${c.padEnd(8)} raw calls ${mean(t[c].raw)}   engine ${mean(t[c].engine)}  overhead ${overhead(t[c]).toFixed(1)} % (goal < 5 %)`,
    );
  const seq = { launch: t.launch.engine / ROUNDS, rebuild: t.rebuild.engine / ROUNDS };
  console.log(
    `  --parallel 4: launch ${fmt(parallel.launch)} (${(seq.launch / parallel.launch).toFixed(2)} × faster), rebuild ${fmt(parallel.rebuild)} (${(seq.rebuild / parallel.rebuild).toFixed(2)} × faster; goal ≥ 2)`,
  );
  if (process.env.BENCH_DETAIL)
    console.log([...raw.lines('raw, all rounds'), ...eng.lines('engine, all rounds')].join('\n'));
}

/**
 * Launch and rebuild of 10 instances with the engine, sequentially and 4 at a time, against the
 * same changes made by raw LXD calls and zfs commands written by hand, on the real LXD and ZFS.
 * `BENCH_DETAIL=1` prints where the time goes (every call by kind, the engine's phases).
 */
export async function benchEngine(workDir: string): Promise<void> {
  const socket = findSocket(process.env).path;
  if (!socket) throw new Error('engine benchmark: no LXD socket; run scripts/setup-real-stack.sh first');
  const lxd = new LxdClient(socket);
  const rawTally = new Tally();
  const engTally = new Tally();
  const raw: RawContext = { lxd: timedLxd(lxd, rawTally), pool: ROOT, pollMs: POLL_MS, tally: rawTally };
  const doors: HostDoors = {
    lxd: timedLxd(lxd, engTally),
    host: timedHost(new LocalHostRunner(), engTally),
    runnerOnServer: true,
  };
  const env: OperationEnv = {
    workspace: () => new ConfigWorkspace(new DiskFileSystem()),
    doors,
    locks: new FileLockStore(join(workDir, 'locks')),
  };
  const eng: Engine = { env, tally: engTally };
  try {
    const configs = writeFleet(join(workDir, 'fleet-engine'));
    const totals: Totals = { launch: { raw: 0, engine: 0 }, rebuild: { raw: 0, engine: 0 } };
    await warmUp(lxd, { env, tally: new Tally() }, configs.slice(N));
    for (let r = 0; r < ROUNDS; r++) await round(r, lxd, raw, eng, configs, totals);
    const fleet = configs.slice(N);
    const parallel = { launch: 0, rebuild: 0 };
    const detail = new Tally();
    const quiet: Engine = {
      env: { ...env, doors: { ...doors, lxd, host: new LocalHostRunner() } },
      tally: detail,
    };
    parallel.rebuild = await timed(async () =>
      engineRun(quiet, await enginePrepare(quiet, 'rebuild', fleet), 4),
    );
    await cleanup(lxd);
    await execa(toolPath('zfs'), ['create', '-p', ROOT]);
    parallel.launch = await timed(async () =>
      engineRun(quiet, await enginePrepare(quiet, 'launch', fleet), 4),
    );
    report(totals, parallel, rawTally, engTally);
  } finally {
    await cleanup(lxd).catch((e: Error) => console.error(`engine benchmark cleanup: ${e.message}`));
    await lxd.close();
  }
}
