import type { ListingSpec, SpecLookup } from '../engine/listing';
import { standInOf } from '../engine/safe/standInOf';
import type { ConfigSummary } from '../protocol';

/** `file:///a/b%20c.yaml` → `/a/b c.yaml` without node:url (this file stays free of host APIs). */
export function uriPath(uri: string): string {
  return uri.startsWith('file://') ? decodeURIComponent(uri.slice('file://'.length)) : uri;
}

/**
 * The config's filesystems for an instance that may have been renamed: a pattern substitutes
 * `(instance)` as a path segment, so the renamed instance's datasets have its name where the
 * config's instance name was (the rename renames them the same way).
 */
export function renamedPath(path: string, configInstance: string, actual: string): string {
  if (configInstance === actual) return path;
  return path
    .split('/')
    .map((segment) => (segment === configInstance ? actual : segment))
    .join('/');
}

function listingSpec(summary: ConfigSummary, name: string): ListingSpec {
  const configInstance = summary.instance ?? name;
  return {
    config: uriPath(summary.uri),
    filesystems: (summary.filesystems ?? []).map((f) => {
      const path = renamedPath(f.path, configInstance, name);
      return f.zfs ? { id: f.id, dataset: path, dir: `/${path}` } : { id: f.id, dir: path };
    }),
  };
}

/**
 * Ties LXD instances to the workspace's configs: first by what the instance records
 * (`user.lxdops.config`, kept across a rename), then by the config's instance name and project.
 */
export function configLookup(summaries: readonly ConfigSummary[]): SpecLookup {
  const byPath = new Map(summaries.map((s) => [uriPath(s.uri), s]));
  const byName = new Map(
    summaries.flatMap((s) => (s.instance ? [[`${s.project ?? 'default'}/${s.instance}`, s] as const] : [])),
  );
  return (instance) => {
    // a container a safe rebuild kept (or is making) records the config too, but is not its instance
    if (standInOf(instance)) return undefined;
    const recorded = instance.config['user.lxdops.config'];
    const summary =
      (recorded ? byPath.get(uriPath(recorded)) : undefined) ??
      byName.get(`${instance.project}/${instance.name}`);
    return summary ? listingSpec(summary, instance.name) : undefined;
  };
}

/** The summary that a listed instance was tied to, by its config path. */
export function summaryOfConfig(
  summaries: readonly ConfigSummary[],
  configPath: string | null,
): ConfigSummary | undefined {
  return configPath ? summaries.find((s) => uriPath(s.uri) === configPath) : undefined;
}
