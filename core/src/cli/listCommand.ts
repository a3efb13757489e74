import { relative } from 'node:path';
import { checkFiles } from '../check/checkFiles';
import { ConfigWorkspace } from '../config/configWorkspace';
import { ipv4Of } from '../engine/executor';
import { instanceSpec, type InstanceSpec } from '../engine/instanceSpec';
import type { HostRunner } from '../engine/doors';
import { DiskFileSystem } from '../fs/diskFileSystem';
import { scanPaths } from '../fs/scanPaths';
import { UsageError } from './cliOptions';
import { openDoors } from './engineCommands';

interface InstanceJson {
  name: string;
  project: string;
  status: string;
  profiles: string[];
  config: Record<string, string>;
  state?: Parameters<typeof ipv4Of>[0] | null;
  snapshots?: { name: string; created_at: string }[] | null;
}

export interface ListedFilesystem {
  id: string;
  path: string;
  exists: boolean;
  used?: string;
  origin?: string;
  snapshots: string[];
}

export interface ListedInstance {
  name: string;
  project: string;
  status: string;
  ipv4: string[];
  source: string;
  profiles: string[];
  config: string | null;
  lxdSnapshots: { name: string; created: string }[];
  filesystems: ListedFilesystem[];
}

/** `zfs list` of datasets with their snapshots: name → {used, origin}; snapshots by dataset. */
export async function zfsInfo(host: HostRunner, datasets: string[]): Promise<{ info: Map<string, { used: string; origin: string }>; snapshots: Map<string, string[]> }> {
  const info = new Map<string, { used: string; origin: string }>();
  const snapshots = new Map<string, string[]>();
  if (!datasets.length) return { info, snapshots };
  const r = await host.run({ argv: ['zfs', 'list', '-H', '-o', 'name,used,origin', '-t', 'filesystem,snapshot', '-r', ...datasets], sudo: false });
  for (const line of r.stdout.split('\n')) {
    const [name, used, origin] = line.split('\t');
    if (!name) continue;
    const at = name.indexOf('@');
    if (at === -1) info.set(name, { used: used ?? '', origin: origin ?? '-' });
    else snapshots.set(name.slice(0, at), [...(snapshots.get(name.slice(0, at)) ?? []), name.slice(at + 1)]);
  }
  return { info, snapshots };
}

/** The configs under the paths, by `project/container`. */
function configsByContainer(paths: string[]): Map<string, InstanceSpec> {
  const scan = scanPaths(paths);
  const ws = new ConfigWorkspace(new DiskFileSystem());
  const r = checkFiles(scan.files, ws);
  const out = new Map<string, InstanceSpec>();
  for (const root of r.results.values()) {
    try {
      const s = instanceSpec(root);
      out.set(`${s.project}/${s.container}`, s);
    } catch {
      // a config that cannot be substituted is reported by `lxdops check`
    }
  }
  return out;
}

export async function listInstances(paths: string[], flags: { project?: string; socket?: string }): Promise<ListedInstance[]> {
  const doors = openDoors(flags.socket);
  try {
    const query = flags.project ? '/1.0/instances?recursion=2' : '/1.0/instances?recursion=2&all-projects=true';
    const instances = await doors.lxd.call<InstanceJson[]>({ method: 'GET', path: query, ...(flags.project ? { project: flags.project } : {}) });
    const configs = configsByContainer(paths.length ? paths : ['.']);
    const datasets = [...new Set(instances.flatMap((i) => configs.get(`${i.project || 'default'}/${i.name}`)?.filesystems.flatMap((f) => (f.dataset ? [f.dataset] : [])) ?? []))];
    const zfs = await zfsInfo(doors.host, datasets);
    const listed: ListedInstance[] = [];
    for (const i of instances.sort((a, b) => (a.project + a.name).localeCompare(b.project + b.name))) {
      const spec = configs.get(`${i.project || 'default'}/${i.name}`);
      const filesystems: ListedFilesystem[] = [];
      for (const f of spec?.filesystems ?? []) {
        const z = f.dataset ? zfs.info.get(f.dataset) : undefined;
        filesystems.push({
          id: f.id,
          path: f.dataset ?? f.dir,
          exists: f.dataset ? !!z : await doors.host.exists(f.dir),
          ...(z ? { used: z.used, origin: z.origin } : {}),
          snapshots: f.dataset ? (zfs.snapshots.get(f.dataset) ?? []) : [],
        });
      }
      listed.push({
        name: i.name,
        project: i.project || 'default',
        status: i.status,
        ipv4: i.state ? ipv4Of(i.state) : [],
        source: i.config['image.description'] ?? i.config['volatile.base_image']?.slice(0, 12) ?? '',
        profiles: i.profiles,
        config: spec ? relative(process.cwd(), spec.config) || spec.config : null,
        lxdSnapshots: (i.snapshots ?? []).map((s) => ({ name: s.name.split('/').pop()!, created: s.created_at })),
        filesystems,
      });
    }
    return listed;
  } finally {
    await doors.close();
  }
}

export async function runList(paths: string[], flags: { project?: string; socket?: string; format: string }, out: (s: string) => void): Promise<number> {
  if (flags.format !== 'text' && flags.format !== 'json') throw new UsageError(`--format ${flags.format}: use text or json`);
  const list = await listInstances(paths, flags);
  if (flags.format === 'json') {
    out(`${JSON.stringify(list, null, 2)}\n`);
    return 0;
  }
  const rows = [['NAME', 'PROJECT', 'STATE', 'IPV4', 'CONFIG', 'FILESYSTEMS', 'SNAPSHOTS']];
  for (const i of list) {
    const snaps = new Set([...i.lxdSnapshots.map((s) => s.name), ...i.filesystems.flatMap((f) => f.snapshots)]);
    rows.push([i.name, i.project, i.status, i.ipv4.join(',') || '-', i.config ?? '-', i.filesystems.map((f) => `${f.id}${f.exists ? '' : '(missing)'}`).join(',') || '-', [...snaps].join(',') || '-']);
  }
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  out(rows.map((r) => r.map((c, k) => (k === r.length - 1 ? c : c.padEnd(widths[k]!))).join('  ')).join('\n') + '\n');
  return 0;
}
