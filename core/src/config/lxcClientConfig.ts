import { parse } from 'yaml';
import type { FileSystem } from '../fs/fileSystem';

/** Where the lxc client keeps config.yml, in upstream's order (reference lxd-api §3.4). */
export function lxcConfigDirs(env: Record<string, string | undefined>, home: string): string[] {
  const dirs: string[] = [];
  if (env.LXD_CONF) dirs.push(env.LXD_CONF);
  dirs.push(`${home}/snap/lxd/common/config`, `${home}/snap/lxd/current/.config/lxc`, `${home}/.config/lxc`);
  return dirs;
}

/** The current project of the lxc client (`remotes.local.project`), or undefined. */
export function currentLxcProject(fs: FileSystem, dirs: readonly string[]): string | undefined {
  for (const dir of dirs) {
    const r = fs.read(`${dir}/config.yml`);
    if (!r.ok) continue;
    try {
      const doc = parse(r.text) as { remotes?: { local?: { project?: unknown } } } | null;
      const p = doc?.remotes?.local?.project;
      return typeof p === 'string' && p !== '' ? p : undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}
