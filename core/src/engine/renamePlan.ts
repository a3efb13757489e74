import { forgetDirStep, recordDirStep } from './dirRecords';
import type { InstanceSpec } from './instanceSpec';
import type { Observed } from './observed';
import { profileDevices } from './launchPlan';
import type { Plan, Step } from './plan';
import { ownerMark, OWNER_PROPERTY } from './ownerMark';
import { datasetNotOwned, dirNotOwned, type Ownership, refuseNotOwned } from './ownership';
import { PlanError } from './planError';
import { carryKeptSteps } from './safe/keptRename';
import type { SafeState } from './safe/safeObserve';
import { steps } from './steps';

const q = encodeURIComponent;
const RESTART = 'user.lxdops.restart';

/** Filesystems not nested in another of the instance's filesystems: renaming these moves the rest. */
function roots(spec: InstanceSpec) {
  return spec.filesystems.filter(
    (f) => !spec.filesystems.some((g) => g !== f && f.dir.startsWith(`${g.dir}/`)),
  );
}

/**
 * The owner mark moves with the datasets: each dataset renamed (a root or a child moved with it)
 * whose own mark, under its old or its new name, is the old instance's gets the new instance's, so
 * that a later cleanup of the renamed instance finds it. Marks of others are left as they are.
 */
function ownerMarkSteps(
  from: InstanceSpec,
  to: InstanceSpec,
  marks: ReadonlyMap<string, string | undefined>,
): Step[] {
  const oldMark = ownerMark(from);
  const target = new Map(to.filesystems.map((f) => [f.id, f.dataset]));
  return from.filesystems.flatMap((f) => {
    const renamed = target.get(f.id);
    if (!f.dataset || !renamed || renamed === f.dataset) return [];
    if (marks.get(f.dataset) !== oldMark && marks.get(renamed) !== oldMark) return [];
    return [steps.zfsSet(renamed, OWNER_PROPERTY, ownerMark(to))];
  });
}

/** The filesystems whose path changes with the name and that still exist under the old one. */
function moving(from: InstanceSpec, to: InstanceSpec, observed: Observed) {
  const target = new Map(to.filesystems.map((f) => [f.id, f]));
  return from.filesystems.filter((f) => {
    const n = target.get(f.id);
    if (!n || n.dir === f.dir) return false;
    return f.dataset ? observed.datasets.has(f.dataset) : observed.paths.has(f.dir);
  });
}

/** Why a filesystem that the rename moves is not the old instance's own (its mark, or its record). */
function renameNotOwned(from: InstanceSpec, to: InstanceSpec, observed: Observed, own: Ownership): string[] {
  return moving(from, to, observed).flatMap(
    (f) =>
      (f.dataset
        ? datasetNotOwned(from, f, f.dataset, own, [ownerMark(to)])
        : dirNotOwned(from, f, f.dir, own)) ?? [],
  );
}

/** The records of the old instance's directories move to the new instance and the new paths. */
function dirRecordSteps(from: InstanceSpec, to: InstanceSpec, own: Ownership): Step[] {
  const target = new Map(to.filesystems.map((f) => [f.id, f]));
  return from.filesystems.flatMap((f) => {
    const n = target.get(f.id);
    if (f.dataset || !n || n.dataset || !own.dirs.has(f.dir)) return [];
    return [recordDirStep(to, n.dir), forgetDirStep(from, f.dir)];
  });
}

/** The new instance profile and the container's profile list with it (the old profile is deleted last). */
function profileSteps(
  from: InstanceSpec,
  to: InstanceSpec,
  observedTarget: Observed,
  current: string[],
  containerRenamedNow: boolean,
): Step[] {
  if (!to.profile) return [];
  const body = { description: to.profileDescription, config: to.profileConfig, devices: profileDevices(to) };
  const out: Step[] = [
    observedTarget.profiles.has(to.profile)
      ? steps.lxd(`update profile ${to.profile}`, {
          method: 'PUT',
          path: `/1.0/profiles/${q(to.profile)}`,
          project: to.project,
          body,
        })
      : steps.lxd(`create profile ${to.profile}`, {
          method: 'POST',
          path: '/1.0/profiles',
          project: to.project,
          body: { name: to.profile, ...body },
        }),
  ];
  const profiles = current.includes(from.profile)
    ? current.map((p) => (p === from.profile ? to.profile : p))
    : current.includes(to.profile)
      ? current
      : [...current, to.profile];
  if (profiles.join(',') !== current.join(',') || containerRenamedNow)
    out.push(
      steps.lxd(`set the profiles of ${to.container}: ${profiles.join(', ')}`, {
        method: 'PATCH',
        path: `/1.0/instances/${q(to.container)}`,
        project: to.project,
        body: { profiles },
      }),
    );
  return out;
}

/**
 * rename: the container, its root filesystems whose path depends on the name, and the instance
 * profile (a new one with the new device paths, then the old one removed) (reference §6.6).
 * The containers that safe rebuilds kept for the instance move with it (keptRename.ts).
 * Each part is done only if it is not done yet, so a rename that failed half-way is completed by
 * running it again. ZFS datasets are unmounted to be renamed (zfs-fuse calls a mounted one busy).
 * `own`: the own owner marks of the config's datasets under their old and new names, and the
 * directories recorded as the old instance's. Only what is the old instance's own is moved:
 * anything else refuses the rename before any step.
 */
/** The container: stopped (its restart remembered on it) and renamed; nothing when a run before did it. */
function containerSteps(from: InstanceSpec, to: InstanceSpec, running: boolean): Step[] {
  return [
    ...(running
      ? [
          steps.patchConfig(from.container, from.project, `remember to start ${from.container} again`, {
            [RESTART]: 'true',
          }),
          steps.state(from.container, from.project, 'stop'),
        ]
      : []),
    steps.lxd(`rename container ${from.container} to ${to.container}`, {
      method: 'POST',
      path: `/1.0/instances/${q(from.container)}`,
      project: from.project,
      body: { name: to.container },
    }),
  ];
}

/** The root filesystems whose path changes with the name and that are still under the old one. */
function filesystemSteps(from: InstanceSpec, to: InstanceSpec, observed: Observed, observedTarget: Observed) {
  const target = new Map(to.filesystems.map((f) => [f.id, f]));
  return roots(from).flatMap((f): Step[] => {
    const n = target.get(f.id);
    if (!n || n.dir === f.dir) return [];
    const oldExists = f.dataset ? observed.datasets.has(f.dataset) : observed.paths.has(f.dir);
    const newExists = n.dataset ? observedTarget.datasets.has(n.dataset) : observedTarget.paths.has(n.dir);
    if (oldExists && newExists)
      throw new PlanError(
        `both ${f.dataset ?? f.dir} and ${n.dataset ?? n.dir} exist: move one of them away first`,
      );
    if (!oldExists) return [];
    if (!f.dataset || !n.dataset) return [steps.move(f.dir, n.dir)];
    return [
      ...(observed.unmounted?.has(f.dataset) ? [] : [steps.zfsUnmount(f.dataset)]),
      steps.zfsRename(f.dataset, n.dataset),
      steps.zfsMount(n.dataset),
      steps.waitMounted(n.dir),
    ];
  });
}

function refusals(from: InstanceSpec, to: InstanceSpec, observed: Observed, observedTarget: Observed): void {
  const src = observed.instance;
  const dst = observedTarget.instance;
  if (from.container === to.container) throw new PlanError('cannot rename to the same name');
  if (!src && !dst) throw new PlanError(`container ${from.container} does not exist`);
  if (src && dst) throw new PlanError(`container ${to.container} already exists`);
  if (src && to.profile && observedTarget.profiles.has(to.profile))
    throw new PlanError(`profile ${to.profile} already exists`);
}

export function renamePlan(
  from: InstanceSpec,
  to: InstanceSpec,
  observed: Observed,
  observedTarget: Observed,
  own: Ownership,
  /** The containers safe rebuilds kept for the instance (they move with it). */
  safe: Pick<SafeState, 'kept' | 'next'> = { kept: [] },
): Plan {
  refusals(from, to, observed, observedTarget);
  refuseNotOwned('rename', from, renameNotOwned(from, to, observed, own));
  const carryKept = carryKeptSteps(from, to, safe);
  const src = observed.instance;
  const dst = observedTarget.instance;
  // A running container is started again at the end; the intention is kept on the container
  // (user.lxdops.restart) so that a rename completed by a second run starts it too.
  const running = src ? src.status !== 'Stopped' : dst!.config[RESTART] === 'true';
  const out: Step[] = [
    ...(src ? containerSteps(from, to, running) : []),
    ...filesystemSteps(from, to, observed, observedTarget),
    ...ownerMarkSteps(from, to, own.marks),
    ...dirRecordSteps(from, to, own),
    ...profileSteps(from, to, observedTarget, (src ?? dst)!.profiles, !!src),
    ...carryKept,
    ...(to.profile && from.profile && observed.profiles.has(from.profile)
      ? [steps.deleteProfile(from.profile, from.project, true)]
      : []),
    ...(running
      ? [
          steps.state(to.container, to.project, 'start'),
          steps.patchConfig(to.container, to.project, `forget the restart note of ${to.container}`, {
            [RESTART]: '',
          }),
        ]
      : []),
  ];
  const notes = [
    `new name: ${to.instance} (container ${to.container})`,
    ...(src
      ? []
      : [`container ${to.container} exists: the rename of the container is done, the rest is completed`]),
  ];
  return {
    command: 'rename',
    config: from.config,
    instance: from.instance,
    container: from.container,
    project: from.project,
    steps: out,
    notes,
  };
}
