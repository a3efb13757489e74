import { guardOf, guardProblem, type PathGuard } from './hostPaths';
import type { DeviceSpec, FilesystemSpec, InstanceSpec } from './instanceSpec';
import type { Observed } from './observed';
import { ownerRepair } from './ownerRepair';
import { mayRepair } from './ownership';
import { withOwnerMark } from './ownerMark';
import type { Step } from './plan';
import { PlanError } from './planError';
import { steps } from './steps';

/** What the steps of one instance's filesystems and device dirs are planned from, and what they record. */
interface DeviceContext {
  spec: InstanceSpec;
  observed: Observed;
  notes: string[];
  /** The instance's filesystem roots: links are refused from the outermost one down. */
  roots: string[];
  /** Filesystems this plan creates (or mounts again): their contents are new. */
  created: Set<string>;
  /** Filesystems this plan clones: a clone keeps its owner. */
  cloned: Set<string>;
}

/**
 * The guard of a path the plan touches, once it is checked against what was observed: a link or a
 * file from the root down refuses the plan, naming it (the step checks again before it runs).
 */
export function checkedGuard(observed: Observed, guard: PathGuard, what: string): PathGuard {
  const problem = guardProblem(guard, (c) => observed.entries.get(c));
  if (problem)
    throw new PlanError(
      `${what}: ${problem.message}; nothing was changed: remove ${problem.component} from the instance's data, or change the config`,
      problem.code,
    );
  return guard;
}

/** Refuses device sources with a link (or a file) in them: LXD would bind-mount what the link names. */
export function checkDeviceSources(spec: InstanceSpec, observed: Observed): void {
  const roots = spec.filesystems.map((f) => f.dir);
  for (const d of spec.devices)
    // an external dir is the user's, not instance data a container could have put a link in
    if (d.source && !d.external) checkedGuard(observed, guardOf(d.source, roots), `device ${d.name}`);
}

/** The filesystem of the device-origin that `f` is cloned from, when a fresh launch clones it. */
function cloneSource(spec: InstanceSpec, f: FilesystemSpec): FilesystemSpec | undefined {
  if (!f.dataset || !spec.deviceOrigin || f.transient) return undefined;
  const src = spec.deviceOrigin.filesystems.get(f.id);
  return src?.dataset ? src : undefined;
}

/** `chown` to the device owner, when the config sets one. */
const chownSteps = (spec: InstanceSpec, path: string, guard: PathGuard): Step[] =>
  spec.owner ? [steps.chown(spec.owner, path, guard)] : [];

/** Whether the filesystem is the instance's own (its mark, or its record): only then is it repaired. */
const owns = (ctx: DeviceContext, f: FilesystemSpec): boolean =>
  f.dataset
    ? mayRepair(ctx.spec, ctx.observed.ownership, f.dataset)
    : !!ctx.observed.ownership?.dirs.has(f.dir);

/**
 * The owner repair of an existing path in `f`, when `f` is the instance's own; in anything else
 * (made by hand, by an older lxdops, another's) the owner is left as it is and a note says so.
 */
function repairIfOwn(ctx: DeviceContext, f: FilesystemSpec, path: string, guard: PathGuard): Step[] {
  if (owns(ctx, f)) return ownerRepair(ctx.spec, ctx.observed, path, guard, ctx.notes);
  const wanted = ownerRepair(ctx.spec, ctx.observed, path, guard, []);
  if (wanted.length)
    ctx.notes.push(
      `${path} is not in ${ctx.spec.project}/${ctx.spec.instance}'s own filesystem: its owner is left as it is (lxdops adopt takes ${f.dataset ?? f.dir})`,
    );
  return [];
}

function filesystemSteps(ctx: DeviceContext, f: FilesystemSpec): Step[] {
  const { spec, observed, notes } = ctx;
  const guard = checkedGuard(observed, guardOf(f.dir, ctx.roots), `filesystem ${f.id}`);
  const nested = guard.root !== f.dir ? guard : undefined;
  const exists = f.dataset ? observed.datasets.has(f.dataset) : observed.paths.has(f.dir);
  if (exists && f.dataset && observed.unmounted?.has(f.dataset)) {
    // left unmounted by a `zfs create` that failed half-way: finish its creation
    notes.push(`${f.dataset} exists but is not mounted: it is mounted and set up again`);
    ctx.created.add(f.id);
    const mount = [steps.zfsMount(f.dataset), steps.waitMounted(f.dir)];
    if (owns(ctx, f) || !spec.owner) return [...mount, ...chownSteps(spec, f.dir, guard)];
    notes.push(
      `${f.dataset} is not ${spec.project}/${spec.instance}'s own: its owner is left as it is (lxdops adopt takes it)`,
    );
    return mount;
  }
  const src = cloneSource(spec, f);
  if (exists) return src ? [] : repairIfOwn(ctx, f, f.dir, guard);
  ctx.created.add(f.id);
  if (f.dataset && src) {
    const snap = `${src.dataset}@${spec.deviceOrigin!.snapshot}`;
    if (!observed.datasets.has(snap))
      throw new PlanError(
        `device-origin: the snapshot ${snap} does not exist (make it with: lxdops snapshot -s ${spec.deviceOrigin!.snapshot} --name ${spec.deviceOrigin!.instance} ...)`,
      );
    ctx.cloned.add(f.id);
    // a clone keeps its owner
    return [
      steps.zfsClone(snap, f.dataset, withOwnerMark(spec, f.zfsproperties), nested),
      steps.waitMounted(f.dir),
    ];
  }
  if (spec.deviceOrigin && !f.dataset)
    throw new PlanError(`device-origin needs ZFS filesystems, but ${f.id} is the directory ${f.dir}`);
  const make = f.dataset
    ? [steps.zfsCreate(f.dataset, withOwnerMark(spec, f.zfsproperties), nested), steps.waitMounted(f.dir)]
    : [steps.mkdir(f.dir, guard)];
  return [...make, ...chownSteps(spec, f.dir, guard)];
}

/** The template copy into a new device dir, when the device-template has that device. */
function templateSteps(ctx: DeviceContext, d: DeviceSpec, fs: FilesystemSpec, to: PathGuard): Step[] {
  const template = ctx.spec.deviceTemplate;
  const tpl = template?.devices.get(d.name);
  if (!template || !tpl || fs.transient) return [];
  if (!ctx.observed.paths.has(tpl.source)) {
    ctx.notes.push(
      `device ${d.name}: the template directory ${tpl.source} does not exist; ${d.source} starts empty`,
    );
    return [];
  }
  const from = checkedGuard(ctx.observed, guardOf(tpl.source, template.roots), `device-template ${d.name}`);
  return [steps.rsync(tpl.source, d.source, { from, to })];
}

function deviceDirSteps(ctx: DeviceContext, d: DeviceSpec, fs: FilesystemSpec | undefined): Step[] {
  if (d.external) return externalDirSteps(ctx, d);
  if (!d.source || !fs)
    throw new PlanError(`device ${d.name}: filesystem \`${d.filesystem}\` is not defined`);
  const { spec, observed } = ctx;
  const guard = checkedGuard(observed, guardOf(d.source, ctx.roots), `device ${d.name}`);
  const ownDir = d.source !== fs.dir;
  if (!ctx.created.has(fs.id) && observed.paths.has(d.source))
    return ownDir && !cloneSource(spec, fs) ? repairIfOwn(ctx, fs, d.source, guard) : [];
  const make = ownDir
    ? [steps.mkdir(d.source, guard), ...(ctx.cloned.has(fs.id) ? [] : chownSteps(spec, d.source, guard))]
    : [];
  return [...make, ...templateSteps(ctx, d, fs, guard)];
}

/**
 * An `#lxops-v1` device without a filesystem binds the user's own directory: nothing is made or
 * chowned there, but it must exist (LXD would refuse the profile, after the filesystems were made).
 */
function externalDirSteps(ctx: DeviceContext, d: DeviceSpec): Step[] {
  if (!ctx.observed.paths.has(d.source))
    throw new PlanError(
      `device ${d.name}: the directory ${d.source} does not exist; a device without a filesystem binds a host directory of yours, which lxdops does not create: create it, or give the device a filesystem`,
      'device-dir-missing',
    );
  return [];
}

/**
 * Filesystems and device directories: create what is missing, complete what an interrupted
 * creation left (a root-owned root or device dir), and refuse any link in instance data.
 */
export function deviceSteps(spec: InstanceSpec, observed: Observed, notes: string[]): Step[] {
  const ctx: DeviceContext = {
    spec,
    observed,
    notes,
    roots: spec.filesystems.map((f) => f.dir),
    created: new Set(),
    cloned: new Set(),
  };
  const byDir = [...spec.filesystems].sort((a, b) => a.dir.localeCompare(b.dir));
  const out = byDir.flatMap((f) => filesystemSteps(ctx, f));
  const byFs = new Map(spec.filesystems.map((f) => [f.id, f]));
  const devices = [...spec.devices].sort(
    (a, b) => a.filesystem.localeCompare(b.filesystem) || a.name.localeCompare(b.name),
  );
  return [...out, ...devices.flatMap((d) => deviceDirSteps(ctx, d, byFs.get(d.filesystem)))];
}
