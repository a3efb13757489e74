import type { InstanceSpec } from './instanceSpec';

/**
 * The ZFS user property that launch sets on each dataset it creates (`zfs create -o`): it tells
 * cleanup, later, which datasets this config made for this instance, and nothing else.
 */
export const OWNER_PROPERTY = 'lxdops:owner';

/** `<project>/<instance>`: the value of the owner mark. */
export function ownerMark(spec: Pick<InstanceSpec, 'project' | 'instance'>): string {
  return `${spec.project}/${spec.instance}`;
}

/** The zfsproperties of a new dataset with the owner mark added (the config's own mark wins). */
export function withOwnerMark(
  spec: Pick<InstanceSpec, 'project' | 'instance'>,
  properties: [string, string][],
): [string, string][] {
  if (properties.some(([key]) => key === OWNER_PROPERTY)) return properties;
  return [...properties, [OWNER_PROPERTY, ownerMark(spec)]];
}
