// The real LXD and ZFS as an end-to-end test reads and cleans them (the UI does the work): `lxc` and
// `zfs` run as argument arrays, their output parsed; waits poll a real state until it is reached.
import { spawn } from 'node:child_process';

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

const PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** Runs a program with stdin on /dev/null (`lxc launch` reads a config from stdin when it is not a terminal). */
export function run(file: string, args: string[], timeoutMs = 120_000): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(file, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, PATH: `${PATH}:${process.env.PATH ?? ''}`, LC_ALL: 'C' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => {
      stderr += `\n(killed after ${timeoutMs / 1000} s)`;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ code: -1, stdout, stderr: `cannot run ${file}: ${error.message}` });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
  });
}

/** Runs a program that must succeed; resolves with its stdout. */
export async function must(file: string, args: string[]): Promise<string> {
  const result = await run(file, args);
  if (result.code !== 0)
    throw new Error(
      `${file} ${args.join(' ')} exited with ${result.code}: ${result.stderr.trim()}${result.stdout.trim()}`,
    );
  return result.stdout;
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

export async function lxdInstance(name: string): Promise<LxdInstance | undefined> {
  return (await lxdInstances()).find((instance) => instance.name === name);
}

export interface LxdProfile {
  config: Record<string, string>;
  devices: Record<string, Record<string, string>>;
}

/** The profile, or undefined when LXD says it is not found. */
export async function lxdProfile(name: string): Promise<LxdProfile | undefined> {
  const result = await run('lxc', ['query', `/1.0/profiles/${encodeURIComponent(name)}`]);
  if (result.code === 0) return JSON.parse(result.stdout) as LxdProfile;
  if (/not found/i.test(result.stderr)) return undefined;
  throw new Error(`lxc query /1.0/profiles/${name}: ${result.stderr.trim()}`);
}

export interface DatasetState {
  mounted: string;
  mountpoint: string;
}

/** `zfs list` of one dataset, or undefined when it does not exist. */
export async function dataset(name: string): Promise<DatasetState | undefined> {
  const result = await run('zfs', ['list', '-H', '-o', 'name,mounted,mountpoint', name]);
  if (result.code !== 0) {
    if (/does not exist/.test(result.stderr)) return undefined;
    throw new Error(`zfs list ${name}: ${result.stderr.trim()}`);
  }
  const [, mounted, mountpoint] = result.stdout.trim().split('\t');
  return { mounted: mounted ?? '', mountpoint: mountpoint ?? '' };
}

/** Every filesystem and snapshot below `root` (itself included), or [] when it does not exist. */
export async function datasetsBelow(root: string): Promise<string[]> {
  const result = await run('zfs', ['list', '-H', '-r', '-t', 'filesystem,snapshot', '-o', 'name', root]);
  if (result.code !== 0) {
    if (/does not exist/.test(result.stderr)) return [];
    throw new Error(`zfs list -r ${root}: ${result.stderr.trim()}`);
  }
  return result.stdout.split('\n').filter(Boolean);
}

/** `zfs destroy -r`, retried while zfs-fuse says the dataset is busy; a missing dataset is fine. */
export async function zfsDestroy(name: string): Promise<void> {
  let last = '';
  for (let attempt = 0; attempt < 60; attempt++) {
    if (!(await dataset(name))) return;
    const result = await run('zfs', ['destroy', '-r', name]);
    if (result.code === 0) return;
    last = result.stderr.trim();
    if (!/busy/i.test(last)) throw new Error(`zfs destroy -r ${name}: ${last}`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  throw new Error(`zfs destroy -r ${name}: still busy after 60 tries: ${last}`);
}

/**
 * Polls `probe` (LXD / ZFS state) until it returns a value, for at most `ms`; fails with the last
 * state `seen` describes. The pause between two probes only paces the polling: the wait ends on the state.
 */
export async function until<T>(
  what: string,
  ms: number,
  probe: () => Promise<T | undefined>,
  seen: () => Promise<string>,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline)
      throw new Error(`${what}: not after ${ms / 1000} s; last seen:\n${await seen()}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** Fails (never skips) when the real stack is not there, saying what to run. */
export async function requireStack(o: { pool: string; image: string; profiles: string[] }): Promise<void> {
  const problems: string[] = [];
  if ((await run('lxc', ['query', '/1.0'])).code !== 0) problems.push('LXD does not answer `lxc query /1.0`');
  else {
    if ((await run('lxc', ['image', 'info', o.image])).code !== 0)
      problems.push(`the LXD image alias \`${o.image}\` is missing`);
    for (const profile of o.profiles)
      if (!(await lxdProfile(profile))) problems.push(`the LXD profile \`${profile}\` is missing`);
  }
  const pool = await run('zpool', ['list', '-H', '-o', 'health', o.pool]);
  if (pool.code !== 0 || pool.stdout.trim() !== 'ONLINE')
    problems.push(
      `the ZFS pool \`${o.pool}\` is not ONLINE (is zfs-fuse running?): ${pool.stderr.trim() || pool.stdout.trim()}`,
    );
  if (problems.length)
    throw new Error(
      `This end-to-end test needs the real LXD + ZFS stack:\n  ${problems.join('\n  ')}\nRun: sudo bash scripts/setup-real-stack.sh`,
    );
}
