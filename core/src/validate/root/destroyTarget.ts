import { systemPathProblem } from '../../config/protectedPaths';
import { type Diagnostic, diagnostic } from '../../diagnostics/diagnostic';
import { type ResolvedFilesystem, resolvedFilesystems, shownPattern } from './resolvedFilesystems';
import type { RootContext } from './rootContext';

function targetProblem(fs: ResolvedFilesystem): Diagnostic | undefined {
  const at = fs.model.pattern!.origin;
  const shown = shownPattern(fs.model.pattern!.value, fs.value);
  if (fs.dataset !== undefined) {
    if (fs.dataset.includes('/')) return undefined;
    return diagnostic(
      'destroy-pool-root',
      at,
      `Filesystem \`${fs.model.id}\` has \`destroy: true\` and its pattern ${shown} is the ZFS pool \`${fs.dataset}\` itself: destroy would run \`zfs destroy -r ${fs.dataset}\`, every dataset of the pool. Use a dataset of the instance, e.g. \`${fs.dataset}/host/(instance)\`.`,
    );
  }
  const problem = systemPathProblem(fs.path);
  if (!problem) return undefined;
  return diagnostic(
    'destroy-system-path',
    at,
    `Filesystem \`${fs.model.id}\` has \`destroy: true\` and its pattern ${shown} ${problem}: destroy would delete it. Use a directory of the instance, e.g. \`/srv/lxdops/(instance)\`, or remove \`destroy: true\`.`,
  );
}

/** A `destroy: true` filesystem must not resolve to `/`, a system directory or a pool root. */
export function destroyTarget(ctx: RootContext): Diagnostic[] {
  return resolvedFilesystems(ctx)
    .filter((fs) => fs.model.destroy?.value === true)
    .flatMap((fs) => targetProblem(fs) ?? []);
}
