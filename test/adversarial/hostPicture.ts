/**
 * A picture of what must not change: ZFS datasets and snapshots (with their guid, so a dataset
 * destroyed and made again shows, and their `lxdops:owner` mark with its source), the pool's
 * command history (every zfs write — create, destroy, set, snapshot, rollback — is logged there,
 * so "no zfs write ran" is an equality of histories), and file trees: path, type, mode, owner, and
 * the sha256 of each file or the target of each link. Take one before and one after, and compare.
 */
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { must } from '../integration/stack';

export interface HostPicture {
  zfs: string[];
  history: string[];
  trees: Record<string, string[]>;
}

/** What to picture: whole pools, whole trees, and directories of which only the first level counts. */
export interface PictureOf {
  pools?: readonly string[];
  trees?: readonly string[];
  /** System directories (`/etc`, `/var`): their own entry and their children, not deeper. */
  shallow?: readonly string[];
}

const ZFS_PROPERTIES = 'type,guid,mountpoint,lxdops:owner';

/** Every dataset and snapshot of the pool with the properties that tell it apart: one line each. */
async function zfsLines(pool: string): Promise<string[]> {
  const out = await must('zfs', [
    'get',
    '-H',
    '-p',
    '-r',
    '-o',
    'name,property,value,source',
    ZFS_PROPERTIES,
    pool,
  ]);
  return out.split('\n').filter(Boolean).sort();
}

/** The pool's command history without its header line. */
async function historyLines(pool: string): Promise<string[]> {
  const out = await must('zpool', ['history', pool]);
  return out.split('\n').filter((l) => l && !l.startsWith('History for'));
}

function entryLine(path: string): string {
  const s = lstatSync(path);
  const kind = s.isDirectory() ? 'dir' : s.isFile() ? 'file' : s.isSymbolicLink() ? 'link' : 'other';
  const content = s.isFile()
    ? createHash('sha256').update(readFileSync(path)).digest('hex')
    : s.isSymbolicLink()
      ? `-> ${readlinkSync(path)}`
      : '';
  return `${path} ${kind} ${(s.mode & 0o7777).toString(8)} ${s.uid}:${s.gid} ${content}`.trimEnd();
}

/** The entry of `dir` and of everything below it, up to `depth` levels (links are not followed). */
export function fileTree(dir: string, depth = Infinity): string[] {
  if (!existsSync(dir)) return [`${dir} missing`];
  const out = [entryLine(dir)];
  const walk = (d: string, level: number) => {
    if (level > depth) return;
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      out.push(entryLine(p));
      if (lstatSync(p).isDirectory()) walk(p, level + 1);
    }
  };
  if (lstatSync(dir).isDirectory()) walk(dir, 1);
  return out;
}

export async function picture(of: PictureOf): Promise<HostPicture> {
  const pools = of.pools ?? [];
  const zfs = (await Promise.all(pools.map(zfsLines))).flat();
  const history = (
    await Promise.all(pools.map(async (p) => (await historyLines(p)).map((l) => `${p}: ${l}`)))
  ).flat();
  const trees: Record<string, string[]> = {};
  for (const t of of.trees ?? []) trees[t] = fileTree(t);
  for (const s of of.shallow ?? []) trees[s] = fileTree(s, 1);
  return { zfs, history, trees };
}

/** What differs between two pictures, as `- line` (gone) and `+ line` (new): empty when nothing changed. */
export function changes(before: HostPicture, after: HostPicture): string[] {
  const diff = (what: string, a: readonly string[], b: readonly string[]) => {
    const had = new Set(a);
    const has = new Set(b);
    return [
      ...a.filter((l) => !has.has(l)).map((l) => `${what} - ${l}`),
      ...b.filter((l) => !had.has(l)).map((l) => `${what} + ${l}`),
    ];
  };
  const dirs = [...new Set([...Object.keys(before.trees), ...Object.keys(after.trees)])];
  return [
    ...diff('zfs', before.zfs, after.zfs),
    ...diff('zpool history', before.history, after.history),
    ...dirs.flatMap((d) => diff(d, before.trees[d] ?? [], after.trees[d] ?? [])),
  ];
}
