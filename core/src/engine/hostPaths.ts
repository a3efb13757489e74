import type { BlockerCode } from '../diagnostics/codes';
import { isAtOrBelow } from '../config/safeValues';
import type { PathEntry } from './doors';

// Pure: the host paths in instance data that a plan creates, chowns or copies into, and why one is
// unsafe. A container can make a symbolic link anywhere in the data bound into it; the host must
// never follow one, so every component from the instance's filesystem root down is looked at
// without following links, once when planning and once more right before the step runs. What
// stays open is the instant between that last look and the command (a path-based tool resolves
// the components again); closing it would need the work done relative to opened directories
// (openat with O_NOFOLLOW), which neither coreutils nor rsync offers.

/** A path whose components from `root` down to `path` must be real directories (or not exist yet). */
export interface PathGuard {
  /** The outermost filesystem root of the instance that holds `path` (or `path` itself). */
  root: string;
  path: string;
}

/** `/a/b/c` → `/a`, `/a/b`, `/a/b/c` (an absolute, normalised path). */
export function pathComponents(path: string): string[] {
  const parts = path.split('/').filter(Boolean);
  return parts.map((_, i) => `/${parts.slice(0, i + 1).join('/')}`);
}

/**
 * The outermost of `roots` that holds `path`: links are refused from there down, since everything
 * below a filesystem root may have been made by a container. Above it is the host's own layout.
 */
export function outerRoot(path: string, roots: readonly string[]): string {
  const holding = roots.filter((r) => isAtOrBelow(path, r));
  return holding.sort((a, b) => a.length - b.length)[0] ?? path;
}

/** The guard of `path` in an instance whose filesystem roots are `roots`. */
export function guardOf(path: string, roots: readonly string[]): PathGuard {
  return { root: outerRoot(path, roots), path };
}

/** Why a guarded path is unsafe: the component that is not a directory, and what it is. */
export interface PathProblem {
  code: Extract<BlockerCode, 'host-path-link' | 'host-path-not-directory'>;
  component: string;
  message: string;
}

/**
 * The first component from `guard.root` down to `guard.path` that is a link or not a directory,
 * as `entry` (what the host showed at a component, undefined when unknown) tells; a missing
 * component ends the check, since nothing below it exists.
 */
export function guardProblem(
  guard: PathGuard,
  entry: (component: string) => PathEntry | undefined,
): PathProblem | undefined {
  for (const component of pathComponents(guard.path).filter((c) => isAtOrBelow(c, guard.root))) {
    const e = entry(component);
    if (!e || e.type === 'missing') return undefined;
    if (e.type === 'link')
      return {
        code: 'host-path-link',
        component,
        message: `${component} is a symbolic link where a directory is expected (in instance data a container can make one; the host never follows it)`,
      };
    if (e.type !== 'dir')
      return {
        code: 'host-path-not-directory',
        component,
        message: `${component} is a ${e.type === 'file' ? 'file' : 'special file'} where a directory is expected`,
      };
  }
  return undefined;
}

/** What the host showed, by component path (several inspections merged: they see the same host). */
export function entriesByPath(entries: Iterable<PathEntry>): Map<string, PathEntry> {
  return new Map([...entries].map((e) => [e.path, e]));
}

/** A `uid[:gid]` owner as numbers, when it is numeric (`device-owner` may also name a user). */
export function numericOwner(owner: string): { uid: number; gid?: number } | undefined {
  const m = /^(\d+)(?::(\d+))?$/.exec(owner);
  if (!m) return undefined;
  return m[2] === undefined ? { uid: Number(m[1]) } : { uid: Number(m[1]), gid: Number(m[2]) };
}

/**
 * Whether an inspection got to `path` itself (every component a directory, the last present).
 * `/` has no component to look at: it is always there (a destroy of `/` must be seen and refused,
 * not skipped as missing).
 */
export function reachesPath(entries: readonly PathEntry[], path: string): boolean {
  if (pathComponents(path).length === 0) return path.startsWith('/');
  return entries.at(-1)?.path === path && entries.at(-1)?.type !== 'missing';
}
