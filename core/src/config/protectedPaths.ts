import { isAtOrBelow, normalisedPath } from './safeValues';

/** Directories a system needs: never destroyed, never given to a container's owner. */
const SYSTEM_DIRS = [
  '/',
  '/bin',
  '/boot',
  '/dev',
  '/etc',
  '/home',
  '/lib',
  '/lib32',
  '/lib64',
  '/libx32',
  '/lost+found',
  '/media',
  '/mnt',
  '/opt',
  '/proc',
  '/root',
  '/run',
  '/sbin',
  '/snap',
  '/srv',
  '/sys',
  '/tmp',
  '/usr',
  '/var',
];

/**
 * Trees that hold nothing of an instance: every path at or below them is the system's (programs,
 * libraries, configuration, kernel interfaces, LXD's and Incus's own data).
 */
const SYSTEM_TREES = [
  '/bin',
  '/boot',
  '/dev',
  '/etc',
  '/lib',
  '/lib32',
  '/lib64',
  '/libx32',
  '/proc',
  '/sbin',
  '/sys',
  '/usr',
  '/var/lib/lxd',
  '/var/lib/incus',
  // lxdops's own records of the directories it made (core/src/engine/dirRecords.ts)
  '/var/lib/lxdops-owners',
  '/var/snap',
  '/snap',
];

/**
 * Directories whose direct children are the system's or its users' (`/var/lib`, `/var/log`,
 * `/home/alice`, `/run/lxd`): an instance's data lives one level further down.
 */
const SYSTEM_PARENTS = ['/var', '/home', '/root', '/run'];

/** Why a host path must never be destroyed (or chowned), or undefined: the path is normalised first. */
export function systemPathProblem(path: string): string | undefined {
  const p = normalisedPath(path);
  if (p === '/') return 'is the root directory `/`';
  if (SYSTEM_DIRS.includes(p)) return `is the system directory \`${p}\``;
  const tree = SYSTEM_TREES.find((t) => isAtOrBelow(p, t));
  if (tree) return `lies in \`${tree}\`, which belongs to the system`;
  const parent = SYSTEM_PARENTS.find((d) => p.startsWith(`${d}/`) && !p.slice(d.length + 1).includes('/'));
  if (parent) return `is \`${p}\`, a directory the system or a user keeps in \`${parent}\``;
  return undefined;
}
