import type { ObservedInstance } from './observed';
import { BUILT_FROM_ID_KEY, BUILT_FROM_KEY } from './recordKeys';

/**
 * The built-from record of a container copied from `origin` (`<container>/<snapshot>`): the
 * snapshot's name and its `created_at`, so that the fleet tells a clone of a snapshot taken again
 * under the same name as stale. Nothing is recorded for a copy of the container itself (no snapshot).
 */
export function builtFromConfig(
  origin: { container: string; snapshot?: string } | undefined,
  source: ObservedInstance | undefined,
): Record<string, string> {
  if (!origin?.snapshot) return {};
  const id = source?.snapshotIds?.[origin.snapshot];
  return {
    [BUILT_FROM_KEY]: `${origin.container}/${origin.snapshot}`,
    ...(id ? { [BUILT_FROM_ID_KEY]: id } : {}),
  };
}
