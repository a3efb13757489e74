// Builders shared by the engine tests (not a test file itself): specs from in-memory configs,
// hand-made Observed states, literal expected steps, and recording doubles of the two doors.
import { type CheckOptions, resolveRoot, type RootResult } from '../../../core/src/check/checkFiles';
import type { ParsedFile } from '../../../core/src/document/parsedFile';
import type { HostResult, HostRunner, LxdApi, PathEntry } from '../../../core/src/engine/doors';
import { pathComponents } from '../../../core/src/engine/hostPaths';
import { parseRecord, type RecordSchema } from '../../../core/src/lxd/records/parseRecord';
import { instanceSpec, type InstanceSpec } from '../../../core/src/engine/instanceSpec';
import type { Observed, ObservedInstance } from '../../../core/src/engine/observed';
import { ownerMark } from '../../../core/src/engine/ownerMark';
import type { Ownership } from '../../../core/src/engine/ownership';
import type { HostCommand, Step } from '../../../core/src/engine/plan';
import type { DatasetTree, DiskUse, Usage } from '../../../core/src/engine/usage';
import type { LxdRequest, Operation } from '../../../core/src/lxd/lxdClient';
import { workspace } from '../../helpers';

/** An `#lxdops` file made of the given lines. */
export const lx = (...lines: string[]): string => `#lxdops\n${lines.map((l) => `${l}\n`).join('')}`;

/** A `#cloud-config` file made of the given lines. */
export const cc = (...lines: string[]): string => `#cloud-config\n${lines.map((l) => `${l}\n`).join('')}`;

/** The RootResult of `root` in an in-memory workspace. */
export function rootOf(files: Record<string, string>, root: string, options: CheckOptions = {}): RootResult {
  const { ws } = workspace(files);
  const r = resolveRoot(root, ws, options);
  if (!r) throw new Error(`${root} could not be resolved`);
  return r.result;
}

/** The InstanceSpec of `root` (as the instance of its file name, or `options.name`). */
export function specOf(
  files: Record<string, string>,
  root: string,
  options: CheckOptions = {},
): InstanceSpec {
  return instanceSpec(rootOf(files, root, options));
}

/** The parsed files of an in-memory workspace, by path (the cloud-configs a launch applies). */
export function parsedFiles(files: Record<string, string>, paths: string[]): Map<string, ParsedFile> {
  const { ws } = workspace(files);
  const out = new Map<string, ParsedFile>();
  for (const p of paths) {
    const r = ws.parsed(p);
    if (!r.ok) throw new Error(`${p} cannot be read`);
    out.set(p, r.value);
  }
  return out;
}

/**
 * A hand-made observed state: nothing exists unless listed. `entries`: what the host shows at
 * some path components (the rest is unknown, so the plan neither refuses nor repairs there).
 */
export function observed(
  o: {
    instance?: ObservedInstance;
    origin?: ObservedInstance;
    profiles?: string[];
    datasets?: string[];
    paths?: string[];
    entries?: PathEntry[];
  } = {},
): Observed {
  return {
    ...(o.instance ? { instance: o.instance } : {}),
    ...(o.origin ? { origin: o.origin } : {}),
    profiles: new Set(o.profiles ?? []),
    datasets: new Set(o.datasets ?? []),
    paths: new Set(o.paths ?? []),
    entries: new Map((o.entries ?? []).map((e) => [e.path, e])),
  };
}

/** A directory as the host shows it (owner `uid:gid`, mode 0755 unless given). */
export const dirEntry = (path: string, owner = '0:0', mode = 0o755): PathEntry => {
  const [uid, gid] = owner.split(':').map(Number);
  return { path, type: 'dir', uid: uid!, gid: gid!, mode };
};

/** A symbolic link as the host shows it (owned by the container's root). */
export const linkEntry = (path: string): PathEntry => ({
  path,
  type: 'link',
  uid: 100000,
  gid: 100000,
  mode: 0o777,
});

/** What other instances and ZFS hold around the data (usage.ts): nothing unless listed. */
export function usage(
  o: { disks?: DiskUse[]; trees?: Record<string, Partial<DatasetTree>>; mountpoints?: string[] } = {},
): Usage {
  const trees = new Map(
    Object.entries(o.trees ?? {}).map(([name, t]) => [
      name,
      { mountpoint: t.mountpoint ?? `/${name}`, children: t.children ?? [], snapshots: t.snapshots ?? [] },
    ]),
  );
  return { disks: o.disks ?? [], trees, mountpoints: new Set(o.mountpoints ?? []) };
}

/** A disk device of an instance on a host directory. */
export const disk = (
  instance: string,
  source: string,
  o: { project?: string; device?: string } = {},
): DiskUse => ({
  instance,
  project: o.project ?? 'default',
  device: o.device ?? 'data',
  source,
});

/** An observed LXD instance. */
export function inst(
  name: string,
  status: string,
  o: { profiles?: string[]; config?: Record<string, string>; snapshots?: string[] } = {},
): ObservedInstance {
  return { name, status, profiles: o.profiles ?? [], config: o.config ?? {}, snapshots: o.snapshots ?? [] };
}

// ---- literal expected steps (written out here, not built with the engine's own constructors) ----

export function hostStep(
  description: string,
  argv: string[],
  o: { destructive?: boolean; retryBusy?: boolean; sudo?: boolean } = {},
): Step {
  const command: HostCommand = { argv, sudo: o.sudo ?? true };
  if (o.retryBusy) command.retryBusy = true;
  return { kind: 'host', description, destructive: o.destructive ?? false, command };
}

export function lxdStep(
  description: string,
  method: LxdRequest['method'],
  path: string,
  project: string,
  body?: unknown,
  o: { destructive?: boolean; accept?: number[] } = {},
): Step {
  const request: LxdRequest = { method, path, project };
  if (body !== undefined) request.body = body;
  return {
    kind: 'lxd',
    description,
    destructive: o.destructive ?? false,
    request,
    ...(o.accept ? { accept: o.accept } : {}),
  };
}

/** PUT /1.0/instances/<c>/state. */
export function stateStep(container: string, project: string, action: 'start' | 'stop', force = false): Step {
  return lxdStep(
    `${action} ${container}${force ? ' (forced)' : ''}`,
    'PUT',
    `/1.0/instances/${container}/state`,
    project,
    { action, timeout: force ? 0 : 30, force },
  );
}

/** A clean stop (30 s) with a forced stop as its fallback, both only while the container runs. */
export function gracefulStopStep(container: string, project: string): Step {
  const when = [
    {
      kind: 'instance' as const,
      instance: container,
      project,
      exists: true,
      status: { is: 'Stopped', not: true },
    },
  ];
  return {
    ...stateStep(container, project, 'stop'),
    when,
    fallback: { ...stateStep(container, project, 'stop', true), when },
  };
}

export function waitRunning(container: string, project: string): Step {
  return {
    kind: 'wait',
    description: `wait until ${container} runs and accepts commands`,
    destructive: false,
    instance: container,
    project,
    until: 'running',
    timeoutSeconds: 60,
  };
}

export function waitIpv4(container: string, project: string, seconds = 120): Step {
  return {
    kind: 'wait',
    description: `wait for an IPv4 address of ${container} (up to ${seconds} s)`,
    destructive: false,
    instance: container,
    project,
    until: 'ipv4',
    timeoutSeconds: seconds,
  };
}

export function execStep(
  description: string,
  command: string[],
  o: { instance?: string; project?: string; secret?: boolean } = {},
): Step {
  return {
    kind: 'exec',
    description,
    destructive: false,
    instance: o.instance ?? 'web1',
    project: o.project ?? 'default',
    command,
    ...(o.secret ? { secret: true } : {}),
  };
}

export function pushStep(
  path: string,
  content: string,
  mode: number,
  o: { append?: boolean; instance?: string; project?: string } = {},
): Step {
  return {
    kind: 'push-file',
    description: `${o.append ? 'append to' : 'write'} ${path}`,
    destructive: false,
    instance: o.instance ?? 'web1',
    project: o.project ?? 'default',
    path,
    content,
    mode,
    append: o.append ?? false,
    secret: true,
  };
}

/** A host step that checks `path` (from the filesystem root `root` down) for links before it runs. */
const guarded = (step: Step, ...guards: { root: string; path: string }[]): Step =>
  step.kind === 'host' ? { ...step, guards } : step;

/** `root`: the filesystem root that holds `dir` (links are refused from there down). */
export const mkdirStep = (dir: string, root: string): Step =>
  guarded(hostStep(`create directory ${dir}`, ['mkdir', '-p', '--', dir]), { root, path: dir });
export const chownStep = (owner: string, path: string, root = path): Step =>
  guarded(hostStep(`give ${path} to ${owner}`, ['chown', '-h', owner, '--', path]), { root, path });

/** The private directory of cloud-config secrets in the container, and the steps that make and remove it. */
export const PRIVATE_DIR = '/run/lxdops';
export const openPrivateStep = (): Step =>
  execStep('make a private directory for secrets', [
    'sh',
    '-c',
    'rm -rf -- /run/lxdops && mkdir -p -- /run && mkdir -m 0700 -- /run/lxdops',
  ]);
export const closePrivateStep = (): Step =>
  execStep('remove the private directory for secrets', ['rm', '-rf', '--', '/run/lxdops']);

/** The push of private file `n` (mode 0600, secret). */
export function privatePushStep(n: number, what: string, content: string): Step {
  return {
    kind: 'push-file',
    description: `hand over ${what} (private file)`,
    destructive: false,
    instance: 'web1',
    project: 'default',
    path: `${PRIVATE_DIR}/${n}`,
    content,
    mode: 0o600,
    append: false,
    secret: true,
  };
}

/** The command that reads private file `n` as $1 (removed when it ends), `args` as $2…. */
export function privateExecStep(description: string, n: number, script: string[], args: string[]): Step {
  const text = [`trap 'rm -f -- "$1"' EXIT`, 'set -e', ...script].join('\n');
  return execStep(description, ['sh', '-c', text, 'sh', `${PRIVATE_DIR}/${n}`, ...args]);
}

/** `owner`: the `lxdops:owner` mark (`<project>/<instance>`) launch sets on each dataset it makes. */
export const zfsCreateStep = (dataset: string, props: string[] = [], owner = 'default/web1'): Step =>
  hostStep(`create ZFS filesystem ${dataset}`, [
    'zfs',
    'create',
    '-p',
    ...props,
    '-o',
    `lxdops:owner=${owner}`,
    '--',
    dataset,
  ]);
export const zfsCloneStep = (snapshot: string, dataset: string, owner = 'default/web1'): Step =>
  hostStep(`clone ${snapshot} to ${dataset}`, [
    'zfs',
    'clone',
    '-p',
    '-o',
    `lxdops:owner=${owner}`,
    '--',
    snapshot,
    dataset,
  ]);
/** zfs-fuse mounts a new dataset a moment after `zfs create`/`clone` returns: the plan checks it (retried by the runner). */
export const waitMountedStep = (dir: string): Step => ({
  kind: 'host',
  description: `wait until ${dir} is mounted`,
  destructive: false,
  command: { argv: ['mountpoint', '-q', '--', dir], sudo: false, until: 50 },
});
/** `fromRoot`, `toRoot`: the filesystem roots of the template's and the new device dir. */
export const rsyncStep = (from: string, to: string, fromRoot: string, toRoot: string): Step =>
  guarded(
    hostStep(`copy the template ${from} into ${to}`, ['rsync', '-a', '--', `${from}/`, `${to}/`]),
    { root: fromRoot, path: from },
    { root: toRoot, path: to },
  );

// ---- recording doubles of the doors ----

/** One entry of a double's journal, in the order the executor used the doors. */
export type JournalEntry =
  | { door: 'lxd.call'; request: LxdRequest }
  | { door: 'lxd.raw'; request: LxdRequest }
  | { door: 'host.run'; command: HostCommand }
  | { door: 'host.exists'; path: string }
  | { door: 'host.inspect'; path: string };

/**
 * A recording double of LxdApi: every call is journaled; answers come from `respond` (for `call`)
 * and `respondRaw` (for `raw`). Nothing talks to a daemon.
 */
export class RecordingLxdDouble implements LxdApi {
  constructor(
    readonly journal: JournalEntry[],
    private readonly respond: (r: LxdRequest) => unknown = () => ({}),
    private readonly respondRaw: (r: LxdRequest) => { status: number; body?: string } = () => ({
      status: 200,
      body: '',
    }),
  ) {}

  /** Journals the request, then checks the canned answer against `schema` as the real client does. */
  async call<T>(r: LxdRequest, schema: RecordSchema<T>): Promise<T> {
    this.journal.push({ door: 'lxd.call', request: r });
    return parseRecord(schema, await this.respond(r), { method: r.method, path: r.path, status: 200 });
  }

  async raw(
    r: LxdRequest,
  ): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
    this.journal.push({ door: 'lxd.raw', request: r });
    const a = this.respondRaw(r);
    return { status: a.status, headers: {}, body: Buffer.from(a.body ?? '', 'utf8') };
  }

  async waitOperation(operation: string): Promise<Operation> {
    throw new Error(`RecordingLxdDouble: waitOperation(${operation}) is not expected from the executor`);
  }

  /** The `call` requests only. */
  calls(): LxdRequest[] {
    return this.journal.flatMap((e) => (e.door === 'lxd.call' ? [e.request] : []));
  }
}

/**
 * A recording double of HostRunner: every command is journaled; answers come from `respond`;
 * `inspect` shows `entries` where given, a directory at the components of `existing` paths, and
 * a missing component everywhere else.
 */
export class RecordingHostDouble implements HostRunner {
  constructor(
    readonly journal: JournalEntry[],
    private readonly respond: (c: HostCommand) => HostResult = () => ({
      exitCode: 0,
      stdout: '',
      stderr: '',
    }),
    private readonly existing: ReadonlySet<string> = new Set(),
    private readonly entries: ReadonlyMap<string, PathEntry> = new Map(),
  ) {}

  async inspect(path: string): Promise<PathEntry[]> {
    this.journal.push({ door: 'host.inspect', path });
    const out: PathEntry[] = [];
    for (const c of pathComponents(path)) {
      const below = [...this.existing].some((p) => p === c || p.startsWith(`${c}/`));
      const e = this.entries.get(c) ?? (below ? dirEntry(c) : { path: c, type: 'missing' as const });
      out.push(e);
      if (e.type !== 'dir') break;
    }
    return out;
  }

  async run(command: HostCommand): Promise<HostResult> {
    this.journal.push({ door: 'host.run', command });
    return this.respond(command);
  }

  async exists(path: string): Promise<boolean> {
    this.journal.push({ door: 'host.exists', path });
    return this.existing.has(path);
  }
}

/** An exec operation as LXD returns it with record-output: the exit status and the two log URLs. */
export function execOperation(exitCode: number, instance = 'web1', id = '1'): Operation {
  return {
    id: `op-${id}`,
    status: 'Success',
    status_code: 200,
    err: '',
    metadata: {
      return: exitCode,
      output: {
        '1': `/1.0/instances/${instance}/logs/exec_${id}.stdout`,
        '2': `/1.0/instances/${instance}/logs/exec_${id}.stderr`,
      },
    },
  };
}

/**
 * Ownership where every filesystem of these specs is its own instance's (marked datasets, recorded
 * directories), plus `extra` marks: the state a launch by this lxdops leaves.
 */
export function ownAll(
  specs: InstanceSpec | InstanceSpec[],
  extra: Record<string, string | undefined> = {},
): Ownership {
  const marks = new Map<string, string | undefined>();
  const dirs = new Set<string>();
  for (const spec of Array.isArray(specs) ? specs : [specs])
    for (const f of spec.filesystems)
      if (f.dataset) marks.set(f.dataset, ownerMark(spec));
      else dirs.add(f.dir);
  for (const [name, mark] of Object.entries(extra)) marks.set(name, mark);
  return { marks, dirs };
}

/** The host record of a plain directory made for `owner` (dirRecords.ts), as a literal step. */
export const recordStep = (dir: string, owner = 'default/web1'): Step =>
  hostStep(`record ${dir} as ${owner}'s (/var/lib/lxdops-owners)`, [
    'mkdir',
    '-p',
    '--',
    `/var/lib/lxdops-owners/${owner}/${encodeURIComponent(dir)}`,
  ]);

/** The record of a destroyed (or moved) directory forgotten, as a literal step. */
export const forgetStep = (dir: string, owner = 'default/web1'): Step =>
  hostStep(`forget the record of ${dir} for ${owner}`, [
    'rmdir',
    '--',
    `/var/lib/lxdops-owners/${owner}/${encodeURIComponent(dir)}`,
  ]);
