/**
 * Shared helpers of the integration tests: they run the BUILT CLI (dist/cli.js) against the real
 * server LXDOPS_TEST_HOST names (testHost.ts: the local LXD by default, the local Incus, or LXD
 * over HTTPS) and the real ZFS pool set up by scripts/setup-real-stack.sh, and read the results
 * back through that server's CLI (`lxc` or `incus`: SERVER_CLI) and `zfs`.
 *
 * Nothing here skips: when the server, the pool, the image or the NIC profile is missing,
 * requireStack() throws an error that says what is missing and how to fix it, so every test of
 * the file fails loudly. A file that is about one kind of server opts out with onlyOn(), which
 * says why in the test report.
 *
 * Every test file has a tag (`launch`, `faults`, ...): its containers and profiles are named
 * `it-<tag>-<n>`, its datasets live under `lxdtest/it-<tag>`, and cleanup(tag) removes them all, so
 * the files can run one after another on the same daemon. LXDOPS_IT_PREFIX replaces `it` (for a
 * shared machine where each user of the daemon keeps to a prefix).
 */
import { spawn } from 'node:child_process';
import { after, before } from 'node:test';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { ensureHttpsRemote } from './httpsRemote';
import { aimedAt, HTTPS_LXD_CONF, testHost, type TestHostName } from './testHost';

export const ROOT = resolve(__dirname, '../..');
export const CLI = join(ROOT, 'dist/cli.js');
/** The pool of scripts/setup-real-stack.sh (same override variable). */
export const POOL = process.env.LXDTEST_POOL || 'lxdtest';
/** The server under test (LXDOPS_TEST_HOST). */
export const HOST = testHost(process.env.LXDOPS_TEST_HOST);
/** Its unix socket (the same daemon for `https-lxd`). */
export const SOCKET = HOST.socket;
/** The server's own CLI, `lxc` or `incus`, for setup and read-back. */
export const SERVER_CLI = HOST.cli;
/** What the test names start with: `it` unless LXDOPS_IT_PREFIX says otherwise. */
export const PREFIX = process.env.LXDOPS_IT_PREFIX || 'it';
export const IMAGE = 'busybox';
export const NIC_PROFILE = 'lxdops-test-nic';
/** The host uid/gid of root in the (unprivileged) test containers. */
export const IDMAP_BASE = 100000;
export const OWNER = `${IDMAP_BASE}:${IDMAP_BASE}`;
/** No global properties file: the tests define everything in their configs. */
const CONFIG_HOME = join(ROOT, 'test/fixtures/no-config-home');
const PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

export interface RunResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a program (no shell, no terminal: stdin is /dev/null) and collects its output. */
export function run(
  file: string,
  args: readonly string[],
  o: { cwd?: string; env?: Record<string, string>; timeoutMs?: number } = {},
): Promise<RunResult> {
  return new Promise((res, rej) => {
    const child = spawn(file, args, {
      cwd: o.cwd ?? ROOT,
      env: { ...process.env, PATH: `${PATH}:${process.env.PATH ?? ''}`, LC_ALL: 'C', ...o.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), o.timeoutMs ?? 240_000);
    child.on('error', (e) => {
      clearTimeout(timer);
      rej(new Error(`cannot run ${file}: ${e.message}`));
    });
    child.on('close', (status) => {
      clearTimeout(timer);
      res({ status, stdout, stderr });
    });
  });
}

/** Runs a setup/inspection command that must succeed; throws with its output otherwise. */
export async function must(file: string, args: readonly string[], o: { cwd?: string } = {}): Promise<string> {
  const r = await run(file, args, o);
  if (r.status !== 0)
    throw new Error(`${file} ${args.join(' ')} exited with ${r.status}:\n${r.stderr}${r.stdout}`);
  return r.stdout;
}

/** The CLI's environment for the host under test (the `https-lxd` remote lives in its LXD_CONF). */
const HOST_ENV: Record<string, string> = HOST.name === 'https-lxd' ? { LXD_CONF: HTTPS_LXD_CONF } : {};

/**
 * Runs the built CLI as a user would: `node dist/cli.js ARGS` in `cwd`, with no terminal (so
 * nothing can be confirmed interactively), optionally as another user (`runuser -u USER`).
 * An operation that names no server itself goes to the host under test (`--host`, see aimedAt).
 */
export function lxdops(
  argv: readonly string[],
  o: { cwd: string; user?: string; env?: Record<string, string> },
): Promise<RunResult> {
  const env = { XDG_CONFIG_HOME: CONFIG_HOME, ...HOST_ENV, ...o.env };
  const args = aimedAt(HOST, argv);
  if (o.user)
    return run('runuser', ['-u', o.user, '--', process.execPath, CLI, ...args], { cwd: o.cwd, env });
  return run(process.execPath, [CLI, ...args], { cwd: o.cwd, env });
}

/** For assertion messages: what the CLI printed. */
export const shown = (r: RunResult) => `exit ${r.status}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;

/** Asserts (by throwing) that a CLI run exited 0. */
export function ok(r: RunResult, what = 'lxdops'): RunResult {
  if (r.status !== 0) throw new Error(`${what} failed: ${shown(r)}`);
  return r;
}

// ------------------------------------------------------------------------------------------------
// The stack check
// ------------------------------------------------------------------------------------------------

let checked: Promise<void> | undefined;

/**
 * Fails (never skips) when the real stack is not there: root, the built CLI, the LXD socket and
 * daemon, the busybox image, the NIC profile, the zfs-fuse pool mounted at /lxdtest.
 */
export function requireStack(): Promise<void> {
  checked ??= (async () => {
    const problems: string[] = [];
    if (typeof process.getuid === 'function' && process.getuid() !== 0)
      problems.push('the integration tests must run as root (they run zfs, chown and runuser)');
    if (!existsSync(CLI)) problems.push(`${CLI} is missing: run \`npm run build\` first`);
    let socketOk = false;
    try {
      socketOk = statSync(SOCKET).isSocket();
    } catch {
      // missing
    }
    const label = HOST.label;
    if (!socketOk) problems.push(`no ${label} socket at ${SOCKET}: the ${label} daemon is not running`);
    const info = await run(SERVER_CLI, ['query', '/1.0']).catch((e: Error) => ({
      status: -1,
      stdout: '',
      stderr: e.message,
    }));
    if (info.status !== 0)
      problems.push(
        `${label} does not answer (\`${SERVER_CLI} query /1.0\`: ${info.stderr.trim() || `exit ${info.status}`})`,
      );
    else {
      const image = await run(SERVER_CLI, ['image', 'info', IMAGE]);
      if (image.status !== 0) problems.push(`the ${label} image alias \`${IMAGE}\` is missing`);
      const nic = await run(SERVER_CLI, ['profile', 'device', 'get', NIC_PROFILE, 'eth0', 'nictype']);
      if (nic.status !== 0 || nic.stdout.trim() !== 'p2p')
        problems.push(`the ${label} profile \`${NIC_PROFILE}\` with a p2p NIC eth0 is missing`);
      if (HOST.name === 'https-lxd') {
        const remote = await ensureHttpsRemote(`${PREFIX}-https-lxd`);
        if (remote) problems.push(remote);
      }
    }
    const pool = await run('zpool', ['list', '-H', '-o', 'name,health', POOL]).catch((e: Error) => ({
      status: -1,
      stdout: '',
      stderr: e.message,
    }));
    if (pool.status !== 0)
      problems.push(
        `the ZFS pool \`${POOL}\` is missing (\`zpool list ${POOL}\`: ${pool.stderr.trim() || `exit ${pool.status}`}); is zfs-fuse running?`,
      );
    else if (!/\tONLINE$/m.test(pool.stdout))
      problems.push(`the ZFS pool \`${POOL}\` is not ONLINE: ${pool.stdout.trim()}`);
    else {
      const mounted = await run('zfs', ['get', '-H', '-o', 'value', 'mounted,mountpoint', POOL]);
      const [m, mp] = mounted.stdout.trim().split('\n');
      if (m !== 'yes' || mp !== `/${POOL}`)
        problems.push(
          `the ZFS pool \`${POOL}\` is not mounted at /${POOL} (mounted: ${m}, mountpoint: ${mp})`,
        );
    }
    if (problems.length) {
      throw new Error(
        `\n*** The real LXD + ZFS stack the integration tests need is not usable:\n${problems.map((p) => `***   - ${p}`).join('\n')}\n*** Set it up with: sudo ${HOST.setup} (idempotent), then run the tests again.\n`,
      );
    }
  })();
  return checked;
}

// ------------------------------------------------------------------------------------------------
// Names, configs, cleanup
// ------------------------------------------------------------------------------------------------

/** The names one test file owns. */
/**
 * The hooks every integration suite shares: before, the stack is required and the tag's leftovers
 * are removed, then `ready` gets the tag's config folder; after, `beforeCleanup` runs and the
 * tag's containers, profiles, datasets and folders are removed. Call it inside `describe`.
 */
export function stackHooks(
  tag: string,
  o: { ready: (dir: string) => void; beforeCleanup?: () => Promise<unknown> },
): void {
  before(async () => {
    await requireStack();
    await cleanup(tag);
    o.ready(configDir(tag));
  });
  after(async () => {
    await o.beforeCleanup?.();
    await cleanup(tag);
    await noneOnTheOtherServer(tag);
  });
}

/**
 * On Incus, the file's names must not have reached the local LXD: a test that opened the default
 * socket instead of the host under test would pass against the wrong server otherwise. What it
 * left there is removed, then reported.
 */
async function noneOnTheOtherServer(tag: string): Promise<void> {
  if (SERVER_CLI === 'lxc') return;
  const { prefix } = names(tag);
  const strays = (JSON.parse(await must('lxc', ['list', '--format', 'json'])) as { name: string }[])
    .map((i) => i.name)
    .filter((n) => n.startsWith(prefix));
  for (const name of strays) await must('lxc', ['delete', '--force', name]);
  const profiles = (
    JSON.parse(await must('lxc', ['profile', 'list', '--format', 'json'])) as { name: string }[]
  )
    .map((p) => p.name)
    .filter((n) => n.startsWith(prefix));
  for (const name of profiles) await must('lxc', ['profile', 'delete', name]);
  if (strays.length || profiles.length)
    throw new Error(
      `the ${HOST.label} run of ${tag} made ${[...strays, ...profiles].join(', ')} on the local LXD: a test talked to the wrong server`,
    );
}

export function names(tag: string) {
  return {
    tag,
    /** `it-<tag>-<n>`: a container (and the instance name). */
    name: (n: number | string) => `${PREFIX}-${tag}-${n}`,
    /** What every container and profile of the file starts with. */
    prefix: `${PREFIX}-${tag}-`,
    /** `lxdtest/it-<tag>`: every dataset of the file lives below. */
    datasets: `${POOL}/${PREFIX}-${tag}`,
    dir: `/${POOL}/${PREFIX}-${tag}`,
  };
}

/** A fresh folder for the file's configs, readable by everyone (the `nobody` test reads it). */
export function configDir(tag: string): string {
  const d = mkdtempSync(join(tmpdir(), `lxdops-it-${tag}-`));
  chmodSync(d, 0o755);
  return d;
}

/** Writes a file (world-readable), creating its folder. */
export function write(path: string, text: string): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text, { mode: 0o644 });
  chmodSync(path, 0o644);
  return path;
}

/**
 * The usual test config: busybox (as os alpine, for cloud-config), profiles default + the NIC
 * profile, owner 100000:100000, a `host` filesystem (destroy: true) with device dirs `data` and
 * `etc`, a `keep` filesystem (no destroy) mounted whole as /var/log, and optional extra YAML.
 */
export function standardConfig(
  tag: string,
  o: {
    extra?: string;
    cloudConfig?: string;
    image?: string;
    profiles?: string[];
    filesystems?: string[];
    devices?: string[];
  } = {},
): string {
  const ds = names(tag).datasets;
  return [
    '#lxdops',
    `os: {name: alpine, image: ${o.image ?? IMAGE}}`,
    `profiles: [${(o.profiles ?? ['default', NIC_PROFILE]).join(', ')}]`,
    `device-owner: "${OWNER}"`,
    'filesystems:',
    `  host: {pattern: "${ds}/host/(instance)", destroy: true}`,
    `  keep: {pattern: "${ds}/keep/(instance)"}`,
    ...(o.filesystems ?? []).map((l) => `  ${l}`),
    'devices:',
    '  data: {path: /data, filesystem: host}',
    '  etc: {path: /etc/opt, filesystem: host}',
    '  log: {path: /var/log, filesystem: keep, dir: .}',
    ...(o.devices ?? []).map((l) => `  ${l}`),
    ...(o.cloudConfig ? [`cloud-config-files: [${o.cloudConfig}]`] : []),
    ...(o.extra ? [o.extra.trimEnd()] : []),
    '',
  ].join('\n');
}

/** The smallest config with data: one filesystem `host` (destroy: true) under `datasets`, at /data. */
export function dataConfig(datasets: string): string {
  return [
    '#lxdops',
    'os: {name: alpine, image: busybox}',
    'profiles: [default]',
    `device-owner: "${OWNER}"`,
    'filesystems:',
    `  host: {pattern: "${datasets}/(instance)", destroy: true}`,
    'devices:',
    '  data: {path: /data, filesystem: host}',
    '',
  ].join('\n');
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * `zfs destroy -r`, retrying while zfs-fuse says the dataset is busy; a missing dataset is fine.
 * zfs-fuse keeps a dataset that was recently used "busy" for a long time (seconds to minutes),
 * while an explicit `zfs umount` works at once: so on "busy" the tree is unmounted, deepest first.
 */
export async function zfsDestroy(dataset: string, tries = 40): Promise<void> {
  let last = '';
  for (let i = 0; i < tries; i++) {
    if ((await run('zfs', ['list', '-H', '-o', 'name', dataset])).status !== 0) return;
    const r = await run('zfs', ['destroy', '-r', dataset]);
    if (r.status === 0) return;
    last = r.stderr.trim();
    if (!/busy/i.test(last)) throw new Error(`zfs destroy -r ${dataset}: ${last}`);
    const mounted = (
      await run('zfs', ['list', '-H', '-o', 'name,mounted', '-t', 'filesystem', '-r', dataset])
    ).stdout
      .split('\n')
      .map((l) => l.split('\t'))
      .filter(([n, m]) => n && m === 'yes')
      .map(([n]) => n!)
      .sort((a, b) => b.length - a.length);
    for (const m of mounted) await run('zfs', ['umount', m]);
    await sleep(i === 0 ? 200 : 1000);
  }
  throw new Error(`zfs destroy -r ${dataset}: still busy after ${tries} tries: ${last}`);
}

/**
 * Removes what a test file made: its containers (with their LXD snapshots) and profiles
 * (`it-<tag>-*`), then its datasets (`lxdtest/it-<tag>`), whatever plain directory is left at
 * their path, and its config folders.
 */
export async function cleanup(tag: string, extraProfiles: string[] = []): Promise<void> {
  const { datasets, dir, prefix } = names(tag);
  const instances = JSON.parse(await must(SERVER_CLI, ['list', '--format', 'json'])) as { name: string }[];
  for (const i of instances.filter((x) => x.name.startsWith(prefix)))
    await must(SERVER_CLI, ['delete', '--force', i.name]);
  const profiles = JSON.parse(await must(SERVER_CLI, ['profile', 'list', '--format', 'json'])) as {
    name: string;
  }[];
  for (const p of profiles.filter((x) => x.name.startsWith(prefix) || extraProfiles.includes(x.name)))
    await must(SERVER_CLI, ['profile', 'delete', p.name]);
  await zfsDestroy(datasets);
  if (existsSync(dir) && !(await isMountpoint(dir))) rmSync(dir, { recursive: true, force: true });
  for (const d of readdirSync(tmpdir()))
    if (d.startsWith(`lxdops-it-${tag}-`)) rmSync(join(tmpdir(), d), { recursive: true, force: true });
  removeDirRecords(prefix);
}

/** The host records of plain directories (core/src/engine/dirRecords.ts) of the tag's instances. */
export const DIR_RECORDS = '/var/lib/lxdops-owners';

function removeDirRecords(prefix: string): void {
  if (!existsSync(DIR_RECORDS)) return;
  for (const project of readdirSync(DIR_RECORDS))
    for (const instance of readdirSync(join(DIR_RECORDS, project)))
      if (instance.startsWith(prefix))
        rmSync(join(DIR_RECORDS, project, instance), { recursive: true, force: true });
}

async function isMountpoint(dir: string): Promise<boolean> {
  return (await run('mountpoint', ['-q', dir])).status === 0;
}

// ------------------------------------------------------------------------------------------------
// Reading LXD
// ------------------------------------------------------------------------------------------------

export interface InstanceInfo {
  name: string;
  status: string;
  profiles: string[];
  config: Record<string, string>;
  devices: Record<string, Record<string, string>>;
  snapshots?: { name: string }[] | null;
}

export interface ProfileInfo {
  name: string;
  config: Record<string, string>;
  devices: Record<string, Record<string, string>>;
  used_by: string[];
}

/** GET a path of the server's API through `lxc query` (or `incus query`); undefined on 404. */
export async function lxdGet<T>(path: string): Promise<T | undefined> {
  const r = await run(SERVER_CLI, ['query', path]);
  if (r.status !== 0) {
    if (/not found/i.test(r.stderr)) return undefined;
    throw new Error(`${SERVER_CLI} query ${path}: ${r.stderr.trim()}`);
  }
  return JSON.parse(r.stdout) as T;
}

export const instance = (name: string) => lxdGet<InstanceInfo>(`/1.0/instances/${name}?recursion=1`);
export const profile = (name: string) => lxdGet<ProfileInfo>(`/1.0/profiles/${name}`);
export const lxdSnapshots = async (name: string) =>
  ((await instance(name))?.snapshots ?? []).map((s) => s.name.split('/').pop()!);

/** Runs a shell command in a container, returns its stdout; throws when it fails. */
export function inContainer(container: string, script: string): Promise<string> {
  return must(SERVER_CLI, ['exec', container, '--', 'sh', '-c', script]);
}

// ------------------------------------------------------------------------------------------------
// Reading ZFS and the host
// ------------------------------------------------------------------------------------------------

/** Datasets and snapshots below `root` (included): name → origin ('-' when not a clone). */
export async function datasets(root: string): Promise<Map<string, string>> {
  const r = await run('zfs', ['list', '-H', '-t', 'all', '-o', 'name,origin', '-r', root]);
  const out = new Map<string, string>();
  if (r.status !== 0) {
    if (/does not exist/.test(r.stderr)) return out;
    throw new Error(`zfs list ${root}: ${r.stderr.trim()}`);
  }
  for (const line of r.stdout.split('\n')) {
    const [name, origin] = line.split('\t');
    if (name) out.set(name, origin ?? '-');
  }
  return out;
}

export async function zfsGet(property: string, dataset: string): Promise<string> {
  return (await must('zfs', ['get', '-H', '-o', 'value', property, dataset])).trim();
}

export function owner(path: string): string {
  const s = statSync(path);
  return `${s.uid}:${s.gid}`;
}

export const readText = (path: string) => readFileSync(path, 'utf8');

/** Every entry below `dir`: type, mode, owner, size, mtime, and a hash of file contents. */
export function tree(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    let names: string[];
    try {
      names = readdirSync(d).sort();
    } catch (e) {
      out.push(`${d} <unreadable: ${(e as NodeJS.ErrnoException).code}>`);
      return;
    }
    for (const n of names) {
      const p = join(d, n);
      const s = lstatSync(p);
      const kind = s.isDirectory() ? 'd' : s.isFile() ? 'f' : s.isSymbolicLink() ? 'l' : 'o';
      const hash = s.isFile() ? createHash('sha256').update(readFileSync(p)).digest('hex').slice(0, 16) : '';
      out.push(
        `${kind} ${p} ${(s.mode & 0o7777).toString(8)} ${s.uid}:${s.gid} ${s.size} ${s.mtimeMs} ${hash}`,
      );
      if (s.isDirectory()) walk(p);
    }
  };
  if (existsSync(dir)) walk(dir);
  return out;
}

// ------------------------------------------------------------------------------------------------
// Complete listings, for "--dry-run changes nothing"
// ------------------------------------------------------------------------------------------------

/**
 * Names of other, concurrent users of the same daemon and pool to leave out of the comparison
 * (a regular expression, e.g. `^bench`), for a shared development machine. Unset (CI): the
 * listings are compared completely.
 */
const FOREIGN = process.env.LXDOPS_IT_FOREIGN ? new RegExp(process.env.LXDOPS_IT_FOREIGN) : undefined;
const foreign = (name: string) => !!FOREIGN && FOREIGN.test(name);

export interface Listing {
  instances: unknown[];
  profiles: unknown[];
  zfs: string[];
  trees: Record<string, string[]>;
}

/**
 * Everything LXD and ZFS hold, as the brief of the tests lists it: `lxc list --format json` (with
 * the volatile keys; of the runtime state only status and pid, since counters move by themselves),
 * `lxc profile list --format json`, `zfs list -H -t all -o name,used,origin -r lxdtest`, and the
 * trees of the given directories.
 */
export async function listing(dirs: readonly string[]): Promise<Listing> {
  const instances = (
    JSON.parse(await must(SERVER_CLI, ['list', '--format', 'json'])) as (Record<string, unknown> & {
      name: string;
      state?: { status?: string; pid?: number } | null;
    })[]
  )
    .filter((i) => !foreign(i.name))
    .map(({ state, ...rest }) => ({ ...rest, state: { status: state?.status, pid: state?.pid } }))
    .sort((a, b) => a.name.localeCompare(b.name));
  const profiles = (
    JSON.parse(await must(SERVER_CLI, ['profile', 'list', '--format', 'json'])) as {
      name: string;
      used_by?: string[] | null;
    }[]
  )
    .filter((p) => !foreign(p.name))
    .map((p) => ({
      ...p,
      used_by: (p.used_by ?? []).filter((u) => !foreign(u.split('/').pop()!.split('?')[0]!)),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
  const zfs = (await must('zfs', ['list', '-H', '-t', 'all', '-o', 'name,used,origin', '-r', POOL]))
    .split('\n')
    .filter(Boolean)
    .filter((l) => {
      const name = l.split('\t')[0]!;
      const top = name.split('/')[1]?.split('@')[0];
      return !(top && foreign(top));
    })
    // with concurrent users the pool's own `used` moves with their writes
    .map((l) => (FOREIGN && l.split('\t')[0] === POOL ? POOL : l));
  const trees = Object.fromEntries(dirs.map((d) => [d, tree(d)]));
  return { instances, profiles, zfs, trees };
}

/**
 * The listing once it has settled: zfs-fuse shows a write in `used` only 2-3 s later (measured
 * here: a 256 KiB write, then `zfs list` every 0.5 s), and two listings 1.5 s apart could both
 * predate it; so wait until three listings 2 s apart agree (a 4 s window) before taking the
 * "before" picture.
 */
export async function settledListing(dirs: readonly string[], maxMs = 40_000): Promise<Listing> {
  const deadline = Date.now() + maxMs;
  let prev = JSON.stringify(await listing(dirs));
  let agreeing = 1;
  for (;;) {
    await sleep(2000);
    const next = await listing(dirs);
    const text = JSON.stringify(next);
    agreeing = text === prev ? agreeing + 1 : 1;
    if (agreeing >= 3 || Date.now() > deadline) return next;
    prev = text;
  }
}

export { sleep };

/**
 * The options of a `describe` that runs only on some of the hosts: on the others the whole suite
 * is skipped with `why`, which the test report prints (an opt-out is explicit, never silent).
 */
export function onlyOn(hosts: readonly TestHostName[], why: string): { skip: string | false } {
  return { skip: hosts.includes(HOST.name) ? false : `not on ${HOST.name}: ${why}` };
}
