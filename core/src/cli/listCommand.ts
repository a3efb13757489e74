import { relative } from 'node:path';
import { checkFiles } from '../check/checkFiles';
import { ConfigWorkspace } from '../config/configWorkspace';
import { instanceSpec, type InstanceSpec } from '../engine/instanceSpec';
import { listInstances, lookupByContainer } from '../engine/listing';
import { DiskFileSystem } from '../fs/diskFileSystem';
import { scanPaths } from '../fs/scanPaths';
import { UsageError, warnOnce } from './cliOptions';
import { type HostFlags, openDoorsFor } from './hostFlags';
import { formatTable } from './table';
import { readClusterView, runnersOf } from '../operations/clusterView';

/** The configs under the paths, by `project/container`. */
export function configsByContainer(paths: string[]): Map<string, InstanceSpec> {
  const scan = scanPaths(paths);
  const ws = new ConfigWorkspace(new DiskFileSystem());
  const r = checkFiles(scan.files, ws);
  const out = new Map<string, InstanceSpec>();
  for (const root of r.results.values()) {
    try {
      const s = instanceSpec(root);
      out.set(`${s.project}/${s.container}`, s);
    } catch (e) {
      // the listing goes on without it: say which config is left out and why (`lxdops check` tells more)
      warnOnce(
        `${relative(process.cwd(), root.root) || root.root}: not matched to an instance: ${(e as Error).message}`,
      );
    }
  }
  return out;
}

export async function runList(
  paths: string[],
  flags: HostFlags & { project?: string; format: string },
  out: (s: string) => void,
): Promise<number> {
  if (flags.format !== 'text' && flags.format !== 'json')
    throw new UsageError(`--format ${flags.format}: use text or json`);
  const doors = openDoorsFor(flags);
  let list;
  try {
    const specs = lookupByContainer(configsByContainer(paths.length ? paths : ['.']));
    const runners = runnersOf(doors, await readClusterView(doors, flags.host ?? 'local'));
    list = await listInstances(doors, specs, flags.project, runners);
  } finally {
    await doors.close();
  }
  for (const i of list) if (i.config) i.config = relative(process.cwd(), i.config) || i.config;
  if (flags.format === 'json') {
    out(`${JSON.stringify(list, null, 2)}\n`);
    return 0;
  }
  // a cluster's listing says where each instance is
  const clustered = list.some((i) => i.member !== undefined);
  const rows = [
    [
      'NAME',
      'PROJECT',
      ...(clustered ? ['MEMBER'] : []),
      'STATE',
      'IPV4',
      'CONFIG',
      'FILESYSTEMS',
      'SNAPSHOTS',
    ],
  ];
  for (const i of list) {
    const snaps = new Set([
      ...i.lxdSnapshots.map((s) => s.name),
      ...i.filesystems.flatMap((f) => f.snapshots),
    ]);
    rows.push([
      i.name,
      i.project,
      ...(clustered ? [i.member ?? '-'] : []),
      i.status,
      i.ipv4.join(',') || '-',
      i.config ?? '-',
      i.filesystemsProblem
        ? '(not listed: no SSH to member)'
        : i.filesystems.map((f) => `${f.id}${f.exists ? '' : '(missing)'}`).join(',') || '-',
      [...snaps].join(',') || '-',
    ]);
  }
  out(formatTable(rows));
  return 0;
}
