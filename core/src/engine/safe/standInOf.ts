import { KEPT_FOR_KEY, NEXT_FOR_KEY } from '../recordKeys';

/**
 * What a container is to the instance whose name its records carry: a container a safe rebuild
 * kept (`kept`), one it is creating under a temporary name (`next`), or the instance itself.
 * A kept or next container records the config it came from too (`user.lxdops.config`), so
 * whatever ties containers to configs asks this first: a stand-in is never the config's instance.
 */
export function standInOf(instance: {
  name: string;
  config: Record<string, string>;
}): 'kept' | 'next' | undefined {
  const keptFor = instance.config[KEPT_FOR_KEY];
  // the old container carries its kept records a moment before it is renamed: still the instance then
  if (keptFor && keptFor !== instance.name) return 'kept';
  const nextFor = instance.config[NEXT_FOR_KEY];
  if (nextFor && nextFor !== instance.name) return 'next';
  return undefined;
}
