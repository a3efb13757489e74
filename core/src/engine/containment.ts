import { systemPathProblem } from '../config/protectedPaths';
import { isAtOrBelow } from '../config/safeValues';
import type { FilesystemSpec, InstanceSpec } from './instanceSpec';
import type { DatasetTree, DiskUse, Usage } from './usage';

// Pure: why a destroy or a rollback would reach data that is not the instance's own. Each reason
// is one line of the refusal; an empty list lets the plan go on.

const isSelf = (spec: InstanceSpec, d: DiskUse) =>
  d.instance === spec.container && d.project === spec.project;

/** Disk devices of other instances (any project) on `path` or below it. */
function usersOf(spec: InstanceSpec, usage: Usage, path: string): DiskUse[] {
  return usage.disks.filter((d) => !isSelf(spec, d) && isAtOrBelow(d.source, path));
}

const describeUse = (d: DiskUse) =>
  `instance ${d.instance}${d.project === 'default' ? '' : ` (project ${d.project})`} has its device \`${d.device}\` on ${d.source}`;

/** The host paths a `zfs destroy -r` of this tree empties: its mountpoint and its children's. */
const treePaths = (tree: DatasetTree) =>
  [tree.mountpoint, ...tree.children.map((c) => c.mountpoint)].filter((m) => m.startsWith('/'));

function datasetRefusals(
  spec: InstanceSpec,
  fs: FilesystemSpec,
  tree: DatasetTree | undefined,
  usage: Usage,
): string[] {
  const dataset = fs.dataset!;
  if (!dataset.includes('/')) return [`${fs.id}: ${dataset} is a whole ZFS pool`];
  const own = new Set(spec.filesystems.filter((f) => f.destroy && f.dataset).map((f) => f.dataset!));
  const foreign = (tree?.children ?? []).filter((c) => !own.has(c.name));
  const out = foreign.length
    ? [
        `${fs.id}: ${dataset} has child datasets that are not this instance's to destroy: ${foreign.map((c) => c.name).join(', ')}`,
      ]
    : [];
  const paths = tree ? treePaths(tree) : [fs.dir];
  const users = [...new Set(paths.flatMap((p) => usersOf(spec, usage, p)))];
  return [...out, ...users.map((d) => `${fs.id}: ${dataset} is in use: ${describeUse(d)}`)];
}

function directoryRefusals(spec: InstanceSpec, fs: FilesystemSpec, usage: Usage): string[] {
  const system = systemPathProblem(fs.dir);
  const out = system ? [`${fs.id}: ${fs.dir} ${system}`] : [];
  if (usage.mountpoints.has(fs.dir))
    out.push(`${fs.id}: ${fs.dir} is a mount point (a pool or another filesystem is mounted there)`);
  return [
    ...out,
    ...usersOf(spec, usage, fs.dir).map((d) => `${fs.id}: ${fs.dir} is in use: ${describeUse(d)}`),
  ];
}

/** Why destroying these filesystems would touch what is not the instance's. */
export function destroyRefusals(
  spec: InstanceSpec,
  targets: readonly FilesystemSpec[],
  usage: Usage,
): string[] {
  return targets.flatMap((fs) =>
    fs.dataset
      ? datasetRefusals(spec, fs, usage.trees.get(fs.dataset), usage)
      : directoryRefusals(spec, fs, usage),
  );
}

/**
 * The dataset whose data a host path lies in: the deepest of the tree (the dataset or one of its
 * children, which a rollback of the dataset leaves alone) whose mountpoint holds it.
 */
function holder(dataset: string, tree: DatasetTree, source: string): string {
  const all = [{ name: dataset, mountpoint: tree.mountpoint }, ...tree.children];
  const holding = all.filter((d) => d.mountpoint.startsWith('/') && isAtOrBelow(source, d.mountpoint));
  return holding.sort((a, b) => b.mountpoint.length - a.mountpoint.length)[0]?.name ?? dataset;
}

/** Why rolling these datasets back would change data that other instances use. */
export function rollbackRefusals(
  spec: InstanceSpec,
  targets: readonly FilesystemSpec[],
  usage: Usage,
): string[] {
  return targets.flatMap((fs) => {
    const tree = usage.trees.get(fs.dataset!) ?? { mountpoint: fs.dir, children: [], snapshots: [] };
    return usersOf(spec, usage, tree.mountpoint)
      .filter((d) => holder(fs.dataset!, tree, d.source) === fs.dataset)
      .map((d) => `${fs.id}: ${fs.dataset} is in use: ${describeUse(d)}`);
  });
}

/** The refusal as one message: every reason, and that nothing was changed. */
export function refusalMessage(command: string, spec: InstanceSpec, reasons: readonly string[]): string {
  return `${command} ${spec.instance} refused: it would touch data that is not this instance's own; nothing was changed:\n${reasons.map((r) => `  - ${r}`).join('\n')}`;
}
