import type { LxdRequest } from '../lxd/lxdClient';
import type { PathGuard } from './hostPaths';
import type { Step } from './plan';
import type { StepCondition } from './stepConditions';

const q = encodeURIComponent;

function destroyedWith(contents: { snapshots: string[]; children: string[] }): string {
  const parts = [
    contents.snapshots.length ? `its snapshots ${contents.snapshots.join(', ')}` : '',
    contents.children.length ? `its child datasets ${contents.children.join(', ')}` : '',
  ].filter(Boolean);
  return parts.length ? ` with ${parts.join(' and ')}` : ' (no snapshots, no child datasets)';
}

/**
 * Constructors for the steps plans are made of; nothing here runs anything. Every host command
 * but zfsSet (see there) fences its operands with `--` (zfs-fuse, OpenZFS, coreutils and rsync
 * accept it), so no value can be read as an option; the values are validated before
 * (instanceSpec) as well.
 */
export const steps = {
  /** `nested`: the mountpoint lies in another filesystem of the instance, whose data may hold links. */
  zfsCreate: (dataset: string, props: [string, string][], nested?: PathGuard): Step => ({
    kind: 'host',
    description: `create ZFS filesystem ${dataset}`,
    destructive: false,
    command: {
      argv: ['zfs', 'create', '-p', ...props.flatMap(([k, v]) => ['-o', `${k}=${v}`]), '--', dataset],
      sudo: true,
    },
    ...(nested ? { guards: [nested] } : {}),
  }),
  zfsClone: (source: string, dataset: string, props: [string, string][], nested?: PathGuard): Step => ({
    kind: 'host',
    description: `clone ${source} to ${dataset}`,
    destructive: false,
    command: {
      argv: ['zfs', 'clone', '-p', ...props.flatMap(([k, v]) => ['-o', `${k}=${v}`]), '--', source, dataset],
      sudo: true,
    },
    ...(nested ? { guards: [nested] } : {}),
  }),
  /** zfs-fuse mounts a new dataset a moment after `zfs create` returns: wait, or files land in the parent. */
  waitMounted: (dir: string): Step => ({
    kind: 'host',
    description: `wait until ${dir} is mounted`,
    destructive: false,
    command: { argv: ['mountpoint', '-q', '--', dir], sudo: false, until: 50 },
  }),
  zfsMount: (dataset: string): Step => ({
    kind: 'host',
    description: `mount ${dataset}`,
    destructive: false,
    command: { argv: ['zfs', 'mount', '--', dataset], sudo: true, retryBusy: true },
  }),
  zfsUnmount: (dataset: string): Step => ({
    kind: 'host',
    description: `unmount ${dataset}`,
    destructive: false,
    command: { argv: ['zfs', 'umount', '--', dataset], sudo: true, retryBusy: true },
  }),
  zfsSnapshot: (snapshot: string): Step => ({
    kind: 'host',
    description: `snapshot ${snapshot}`,
    destructive: false,
    command: { argv: ['zfs', 'snapshot', '--', snapshot], sudo: true },
  }),
  zfsRollback: (snapshot: string): Step => ({
    kind: 'host',
    description: `roll back to ${snapshot} (later snapshots of it are destroyed)`,
    destructive: true,
    command: { argv: ['zfs', 'rollback', '-r', '--', snapshot], sudo: true, retryBusy: true },
  }),
  zfsDestroy: (name: string, recursive: boolean): Step => ({
    kind: 'host',
    description: `destroy ${name}${recursive ? ' with its snapshots and children' : ''}`,
    destructive: true,
    command: {
      argv: ['zfs', 'destroy', ...(recursive ? ['-r'] : []), '--', name],
      sudo: true,
      retryBusy: true,
    },
  }),
  /** `zfs destroy -r` of a dataset, listing exactly what goes with it (as `zfs list -r` showed it). */
  zfsDestroyTree: (dataset: string, contents: { snapshots: string[]; children: string[] }): Step => ({
    kind: 'host',
    description: `destroy ${dataset}${destroyedWith(contents)}`,
    destructive: true,
    command: { argv: ['zfs', 'destroy', '-r', '--', dataset], sudo: true, retryBusy: true },
  }),
  zfsRename: (from: string, to: string): Step => ({
    kind: 'host',
    description: `rename ${from} to ${to}`,
    destructive: false,
    command: { argv: ['zfs', 'rename', '--', from, to], sudo: true, retryBusy: true },
  }),
  /**
   * The one command without `--`: zfs-fuse's `zfs set` refuses it ("invalid option '-'", tried on
   * the real stack). Its operands cannot be read as options anyway: `property=value` starts with
   * the property name, and dataset names are refused when they start with `-` (operandProblem).
   */
  zfsSet: (dataset: string, property: string, value: string): Step => ({
    kind: 'host',
    description: `set ${property}=${value} on ${dataset}`,
    destructive: false,
    command: { argv: ['zfs', 'set', `${property}=${value}`, dataset], sudo: true },
  }),
  /**
   * `mkdir -p` after its guard: every component from the filesystem root down is a directory or
   * missing right before it runs (the plan checked it too), so `-p` has no link to follow.
   */
  mkdir: (dir: string, guard: PathGuard): Step => ({
    kind: 'host',
    description: `create directory ${dir}`,
    destructive: false,
    command: { argv: ['mkdir', '-p', '--', dir], sudo: true },
    guards: [guard],
  }),
  /** `-h`: should the path have become a link after its guard, the link itself changes owner, not its target. */
  chown: (owner: string, path: string, guard: PathGuard): Step => ({
    kind: 'host',
    description: `give ${path} to ${owner}`,
    destructive: false,
    command: { argv: ['chown', '-h', owner, '--', path], sudo: true },
    guards: [guard],
  }),
  /**
   * `-a` copies links as links and never follows one inside either tree; without `-K`
   * (--keep-dirlinks) a link in the destination is replaced, not entered, and files are written
   * beside and renamed (no --inplace), so a destination link is never written through. Only the
   * two top directories are entered whatever they are: the guards check both. `--safe-links` is
   * not used: it drops every absolute link of the template, and a copied link is inert for the
   * host, which follows none in instance data.
   */
  rsync: (from: string, to: string, guards: { from: PathGuard; to: PathGuard }): Step => ({
    kind: 'host',
    description: `copy the template ${from} into ${to}`,
    destructive: false,
    command: { argv: ['rsync', '-a', '--', `${from}/`, `${to}/`], sudo: true },
    guards: [guards.from, guards.to],
  }),
  removeTree: (dir: string): Step => ({
    kind: 'host',
    description: `delete directory ${dir} and everything in it`,
    destructive: true,
    command: { argv: ['rm', '-rf', '--one-file-system', '--', dir], sudo: true },
  }),
  move: (from: string, to: string): Step => ({
    kind: 'host',
    description: `move ${from} to ${to}`,
    destructive: false,
    command: { argv: ['mv', '-T', '--', from, to], sudo: true },
  }),
  lxd: (
    description: string,
    request: LxdRequest,
    extra: { destructive?: boolean; accept?: number[] } = {},
  ): Step => ({
    kind: 'lxd',
    description,
    destructive: extra.destructive ?? false,
    request,
    ...(extra.accept ? { accept: extra.accept } : {}),
  }),
  /** Sets config keys of an instance (an empty value removes the key). */
  patchConfig: (
    container: string,
    project: string,
    description: string,
    config: Record<string, string>,
  ): Step =>
    steps.lxd(description, {
      method: 'PATCH',
      path: `/1.0/instances/${q(container)}`,
      project,
      body: { config },
    }),
  state: (container: string, project: string, action: 'start' | 'stop' | 'restart', force = false): Step => ({
    kind: 'lxd',
    description: `${action} ${container}${force && action === 'stop' ? ' (forced)' : ''}`,
    destructive: false,
    request: {
      method: 'PUT',
      path: `/1.0/instances/${q(container)}/state`,
      project,
      body: { action, timeout: force ? 0 : 30, force },
    },
  }),
  /**
   * A clean shutdown (30 s) that falls back to a forced stop, both only while the container still
   * runs (a run again after a kill may find the killed run's stop still going on). Before a
   * rebuild replaces a container, its applications get the chance to flush what they write to the
   * filesystems the new container inherits (lxd-api.md: "stop (timeout 30, then force)").
   */
  gracefulStop: (container: string, project: string): Step => {
    const stillRunning: StepCondition = {
      kind: 'instance',
      instance: container,
      project,
      exists: true,
      status: { is: 'Stopped', not: true },
    };
    return {
      ...steps.state(container, project, 'stop'),
      when: [stillRunning],
      fallback: { ...steps.state(container, project, 'stop', true), when: [stillRunning] },
    };
  },
  deleteInstance: (container: string, project: string): Step => ({
    kind: 'lxd',
    description: `delete container ${container} (its root filesystem and LXD snapshots)`,
    destructive: true,
    request: { method: 'DELETE', path: `/1.0/instances/${q(container)}`, project },
    accept: [404],
  }),
  /** `replaced`: the profile's devices live on in a new profile (rename), so it is not listed as a loss. */
  deleteProfile: (profile: string, project: string, replaced = false): Step => ({
    kind: 'lxd',
    description: `delete profile ${profile}`,
    destructive: !replaced,
    request: { method: 'DELETE', path: `/1.0/profiles/${q(profile)}`, project },
    accept: [404],
  }),
  wait: (container: string, project: string, until: 'running' | 'ipv4', timeoutSeconds: number): Step => ({
    kind: 'wait',
    description:
      until === 'running'
        ? `wait until ${container} runs and accepts commands`
        : `wait for an IPv4 address of ${container} (up to ${timeoutSeconds} s)`,
    destructive: false,
    instance: container,
    project,
    until,
    timeoutSeconds,
  }),
};
