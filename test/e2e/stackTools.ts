// LXD and ZFS as the e2e tests read and clean them (the UI does the work; these only look and
// undo): programs run with argument arrays, polls that end on a state, and the bystanders, other
// instances running on the host while the suite runs.
import { spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';

const PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
export const IMAGE = 'busybox';
export const POOL = process.env.LXDTEST_POOL || 'lxdtest';
/** How long LXD and ZFS may take to show the result of a command started from the UI. */
export const LXD_WAIT = 90_000;

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a program with stdin on /dev/null (`lxc launch` reads a config from stdin when it is not a terminal). */
export function run(file: string, args: string[], timeout = 120_000): Promise<Run> {
  return new Promise((res) => {
    const child = spawn(file, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, PATH: `${PATH}:${process.env.PATH ?? ''}`, LC_ALL: 'C' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => {
      stderr += `\n(killed after ${timeout / 1000} s)`;
      child.kill('SIGKILL');
    }, timeout);
    child.on('error', (e) => {
      clearTimeout(timer);
      res({ code: -1, stdout, stderr: `cannot run ${file}: ${e.message}` });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      res({ code: code ?? -1, stdout, stderr });
    });
  });
}

export async function must(file: string, args: string[]): Promise<string> {
  const r = await run(file, args);
  if (r.code !== 0)
    throw new Error(`${file} ${args.join(' ')} exited with ${r.code}: ${r.stderr.trim()}${r.stdout.trim()}`);
  return r.stdout;
}

export interface LxdInstance {
  name: string;
  status: string;
  profiles: string[];
  config: Record<string, string>;
  snapshots: { name: string }[] | null;
}

export async function lxdInstances(): Promise<LxdInstance[]> {
  return JSON.parse(await must('lxc', ['list', '--format', 'json'])) as LxdInstance[];
}

export const lxdInstance = async (name: string) => (await lxdInstances()).find((i) => i.name === name);

export interface LxdProfile {
  config: Record<string, string>;
  devices: Record<string, Record<string, string>>;
}

/** The profile, or undefined when LXD says it is not found. */
export async function lxdProfile(name: string): Promise<LxdProfile | undefined> {
  const r = await run('lxc', ['query', `/1.0/profiles/${encodeURIComponent(name)}`]);
  if (r.code !== 0) {
    if (/not found/i.test(r.stderr)) return undefined;
    throw new Error(`lxc query /1.0/profiles/${name}: ${r.stderr.trim()}`);
  }
  return JSON.parse(r.stdout) as LxdProfile;
}

/** `zfs list` of one dataset: its mounted and mountpoint properties, or undefined when it does not exist. */
export async function dataset(name: string): Promise<{ mounted: string; mountpoint: string } | undefined> {
  const r = await run('zfs', ['list', '-H', '-o', 'name,mounted,mountpoint', name]);
  if (r.code !== 0) {
    if (/does not exist/.test(r.stderr)) return undefined;
    throw new Error(`zfs list ${name}: ${r.stderr.trim()}`);
  }
  const [, mounted, mountpoint] = r.stdout.trim().split('\t');
  return { mounted: mounted!, mountpoint: mountpoint! };
}

/** Every filesystem and snapshot below `root` (itself included), or [] when it does not exist. */
export async function datasetsBelow(root: string): Promise<string[]> {
  const r = await run('zfs', ['list', '-H', '-r', '-t', 'filesystem,snapshot', '-o', 'name', root]);
  if (r.code !== 0) {
    if (/does not exist/.test(r.stderr)) return [];
    throw new Error(`zfs list -r ${root}: ${r.stderr.trim()}`);
  }
  return r.stdout.split('\n').filter(Boolean);
}

/**
 * Polls `probe` (LXD / ZFS state) until it returns a value, for at most `ms`; fails with the last
 * state it saw. The pause between two probes only paces the polling: the wait ends on the state.
 */
export async function until<T>(
  what: string,
  ms: number,
  probe: () => Promise<T | undefined>,
  seen: () => Promise<string>,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline)
      throw new Error(`${what}: not after ${ms / 1000} s; last seen:\n${await seen()}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** `zfs destroy -r`, retried while zfs-fuse says the dataset is busy; a missing dataset is fine. */
export async function zfsDestroy(name: string): Promise<void> {
  let last = '';
  for (let i = 0; i < 60; i++) {
    if (!(await dataset(name))) return;
    const r = await run('zfs', ['destroy', '-r', name]);
    if (r.code === 0) return;
    last = r.stderr.trim();
    if (!/busy/i.test(last)) throw new Error(`zfs destroy -r ${name}: ${last}`);
    await new Promise((res) => setTimeout(res, 1000));
  }
  throw new Error(`zfs destroy -r ${name}: still busy after 60 tries: ${last}`);
}

/** Removes instances, profiles and a dataset tree of a test; collects what failed and throws once. */
export async function removeAll(what: {
  instances: string[];
  profiles: string[];
  datasets: string[];
}): Promise<void> {
  const problems: string[] = [];
  const attempt = async (label: string, f: () => Promise<unknown>) => {
    try {
      await f();
    } catch (e) {
      problems.push(`${label}: ${(e as Error).message}`);
    }
  };
  const names = new Set((await lxdInstances()).map((i) => i.name));
  for (const n of what.instances)
    if (names.has(n)) await attempt(`lxc delete --force ${n}`, () => must('lxc', ['delete', '--force', n]));
  for (const p of what.profiles)
    if (await lxdProfile(p))
      await attempt(`lxc profile delete ${p}`, () => must('lxc', ['profile', 'delete', p]));
  for (const d of what.datasets) {
    await attempt(`zfs destroy -r ${d}`, () => zfsDestroy(d));
    // a directory left where a dataset was mounted (not a mount point any more)
    const dir = `/${d}`;
    if (existsSync(dir) && (await run('mountpoint', ['-q', dir])).code !== 0)
      rmSync(dir, { recursive: true, force: true });
  }
  if (problems.length) throw new Error(`cleanup failed:\n  ${problems.join('\n  ')}`);
}

/** Fails (never skips) when the real stack is not there (or lacks a profile named), saying what to run. */
export async function requireStack(
  o: { pool?: string; image?: string; profiles?: string[] } = {},
): Promise<void> {
  const { pool = POOL, image = IMAGE, profiles = [] } = o;
  const problems: string[] = [];
  if ((await run('lxc', ['query', '/1.0'])).code !== 0) problems.push('LXD does not answer `lxc query /1.0`');
  else {
    if ((await run('lxc', ['image', 'info', image])).code !== 0)
      problems.push(`the LXD image alias \`${image}\` is missing`);
    for (const profile of profiles)
      if (!(await lxdProfile(profile))) problems.push(`the LXD profile \`${profile}\` is missing`);
  }
  const health = await run('zpool', ['list', '-H', '-o', 'health', pool]);
  if (health.code !== 0 || health.stdout.trim() !== 'ONLINE')
    problems.push(
      `the ZFS pool \`${pool}\` is not ONLINE (is zfs-fuse running?): ${health.stderr.trim() || health.stdout.trim()}`,
    );
  if (problems.length)
    throw new Error(
      `The e2e tests need the real LXD + ZFS stack:\n  ${problems.join('\n  ')}\nRun: sudo bash scripts/setup-real-stack.sh`,
    );
}

/** Other instances running on the host while a suite runs (none of them has a workspace config). */
export const BYSTANDERS = ['e2e-bystander-1', 'e2e-bystander-2', 'e2e-bystander-3'];

/** Starts the bystanders (busybox, running), after removing any left by an earlier run. */
export async function startBystanders(): Promise<void> {
  await removeAll({ instances: BYSTANDERS, profiles: [], datasets: [] });
  for (const name of BYSTANDERS) await must('lxc', ['launch', IMAGE, name]);
}

export async function stopBystanders(): Promise<void> {
  await removeAll({ instances: BYSTANDERS, profiles: [], datasets: [] });
}
