/**
 * The fleet of the integration tests: a busybox template launched with `snapshot: snap` and clones
 * (`origin: <template>/snap`), each with a ZFS filesystem of its own at /data, on the host under
 * test. Names come from names(tag) (stack.ts), so cleanup(tag) removes all of it.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import {
  CLI,
  HOST,
  IDMAP_BASE,
  lxdops,
  must,
  names,
  NIC_PROFILE,
  ok,
  ROOT,
  SERVER_CLI,
  write,
} from './stack';
import { aimedAt } from './testHost';

export interface FleetNames {
  tag: string;
  template: string;
  clone: (n: number) => string;
  /** Where a clone's filesystem is on the host. */
  dataDir: (n: number) => string;
}

export function fleetNames(tag: string): FleetNames {
  const n = names(tag);
  return {
    tag,
    template: n.name('tpl'),
    clone: (i) => n.name(i),
    dataDir: (i) => `${n.dir}/${n.name(i)}`,
  };
}

export function templateText(): string {
  return [
    '#lxdops',
    'os: {name: alpine, image: busybox}',
    `profiles: [default, ${NIC_PROFILE}]`,
    'snapshot: snap',
    '',
  ].join('\n');
}

export function cloneText(tag: string, template: string): string {
  return [
    '#lxdops',
    `origin: ${template}/snap`,
    'os: {name: alpine}',
    `profiles: [default, ${NIC_PROFILE}]`,
    `device-owner: "${IDMAP_BASE}:${IDMAP_BASE}"`,
    'filesystems:',
    `  host: {pattern: "${names(tag).datasets}/(instance)", destroy: true}`,
    'devices:',
    '  data: {path: /data, filesystem: host}',
    '',
  ].join('\n');
}

/** Writes the template's and `count` clones' configs in `dir`; returns the clones' paths. */
export function writeFleet(
  dir: string,
  f: FleetNames,
  count: number,
): { template: string; clones: string[] } {
  const template = write(join(dir, `${f.template}.yaml`), templateText());
  const clones = Array.from({ length: count }, (_, i) =>
    write(join(dir, `${f.clone(i + 1)}.yaml`), cloneText(f.tag, f.template)),
  );
  return { template, clones };
}

/**
 * Launches the template, then the clones (`--parallel 4`), through the CLI. The clones' parent
 * dataset is made first: parallel `zfs create -p` of siblings under a missing parent race on it
 * (one of them fails with "dataset already exists"), a limit of launch --parallel, not of the fleet.
 */
export async function launchFleet(
  dir: string,
  paths: { template: string; clones: string[] },
  tag: string,
): Promise<void> {
  await must('zfs', ['create', '-p', names(tag).datasets]);
  ok(await lxdops(['launch', '--yes', paths.template], { cwd: dir }), 'launch template');
  if (paths.clones.length)
    ok(await lxdops(['launch', '--yes', '--parallel', '4', ...paths.clones], { cwd: dir }), 'launch clones');
}

/**
 * Runs the CLI like lxdops() and kills it with SIGKILL as soon as its stderr matches `when`
 * (an interruption at a chosen moment of a fleet upgrade). Resolves with what it printed.
 */
export function killedWhen(
  argv: readonly string[],
  cwd: string,
  when: RegExp,
): Promise<{ killed: boolean; stderr: string; stdout: string }> {
  return new Promise((res, rej) => {
    const child = spawn(process.execPath, [CLI, ...aimedAt(HOST, argv)], {
      cwd,
      env: { ...process.env, XDG_CONFIG_HOME: join(ROOT, 'test/fixtures/no-config-home') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    let stdout = '';
    let killed = false;
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
      if (!killed && when.test(stderr)) {
        killed = true;
        child.kill('SIGKILL');
      }
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 240_000);
    child.on('error', rej);
    child.on('close', () => {
      clearTimeout(timer);
      res({ killed, stderr, stdout });
    });
  });
}

/** sha256 of every file under a directory, by relative path. */
export function checksums(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(dir, p)] = createHash('sha256').update(readFileSync(p)).digest('hex');
    }
  };
  walk(dir);
  return out;
}

/**
 * Renames a snapshot by hand, through the server's API: `lxc rename INST/SNAP INST/NEW` works on
 * LXD 5.0, but Incus 6.0's CLI calls that an invalid instance name (it has `snapshot rename`).
 */
export async function renameSnapshot(instance: string, from: string, to: string): Promise<void> {
  const path = `/1.0/instances/${instance}/snapshots/${from}`;
  await must(SERVER_CLI, ['query', '--wait', '-X', 'POST', '-d', JSON.stringify({ name: to }), path]);
}

/** Takes a snapshot by hand, through the server's API (Incus 6.0's CLI has `snapshot create`, LXD 5.0's not). */
export async function takeSnapshot(instance: string, name: string): Promise<void> {
  const path = `/1.0/instances/${instance}/snapshots`;
  await must(SERVER_CLI, ['query', '--wait', '-X', 'POST', '-d', JSON.stringify({ name }), path]);
}
