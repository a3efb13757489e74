import type { RootResult } from './resolveRoot';
import type { Diagnostic } from '../diagnostics/diagnostic';
import { configLabel, parentDiagnostics } from '../validate/root/destroyParent';
import { type ResolvedFilesystem, resolvedFilesystems } from '../validate/root/resolvedFilesystems';

/** A filesystem of one root, with its place in the workspace's order (roots, then their filesystems). */
interface Placed {
  root: string;
  fs: ResolvedFilesystem;
  order: number;
}

/**
 * The resolved filesystems of a root result, substituted once per result: this runs after every
 * edit, and the checker replaces a root's result when it re-resolves it.
 */
const resolvedOf = new WeakMap<RootResult, ResolvedFilesystem[]>();

function filesystemsOf(result: RootResult): ResolvedFilesystem[] {
  let found = resolvedOf.get(result);
  if (!found) resolvedOf.set(result, (found = resolvedFilesystems(result)));
  return found;
}

/** The first index of `sorted` whose value is ≥ `key`. */
function lowerBound(sorted: readonly string[], key: string): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle]! < key) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Every placed filesystem whose path lies below `path`: one contiguous run of the sorted paths. */
function below(byPath: readonly Placed[], paths: readonly string[], path: string): Placed[] {
  const prefix = path === '/' ? '/' : `${path}/`;
  const out: Placed[] = [];
  for (let i = lowerBound(paths, prefix); i < paths.length && paths[i]!.startsWith(prefix); i++)
    out.push(byPath[i]!);
  return out;
}

/**
 * Across the root configs of a workspace: a `destroy: true` filesystem of one config that is a
 * parent of another config's filesystem (`z/nest` above `z/nest/web2`). The paths are sorted once,
 * so that this stays near-linear in the number of filesystems of a fleet.
 */
export function destroyParentsAcrossRoots(roots: readonly RootResult[]): Diagnostic[] {
  let order = 0;
  const all: Placed[] = roots.flatMap((r) =>
    filesystemsOf(r).map((fs) => ({ root: r.root, fs, order: order++ })),
  );
  const byPath = [...all].sort((a, b) => (a.fs.path < b.fs.path ? -1 : a.fs.path > b.fs.path ? 1 : 0));
  const paths = byPath.map((p) => p.fs.path);
  const out: Diagnostic[] = [];
  for (const { root, fs } of all) {
    if (fs.model.destroy?.value !== true) continue;
    const others = below(byPath, paths, fs.path)
      .filter((o) => o.root !== root)
      .sort((a, b) => a.order - b.order)
      .map((o) => ({ fs: o.fs, label: `filesystem \`${o.fs.model.id}\` of ${configLabel(o.root)}` }));
    if (others.length) out.push(...parentDiagnostics(fs, others));
  }
  return out;
}
