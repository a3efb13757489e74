import type { FleetClone, FleetTemplate, SnapshotIdentity } from '../../../core/src/fleet/fleetTypes';

/** A template snapshot with the clones built from it (or, for a clone not built yet, the one it names). */
export interface SnapshotGroup {
  snapshot: SnapshotIdentity;
  /** The snapshot is gone (taken again under its name, or deleted): only its clones remember it. */
  replaced: boolean;
  clones: FleetClone[];
}

/** The group a clone belongs to: its built-from snapshot by identity, else the snapshot its config names. */
function groupKey(template: FleetTemplate, clone: FleetClone): string | undefined {
  const built = clone.builtFrom;
  if (built) {
    const same = template.snapshots.find((s) => s.id === built.id);
    return same ? `${same.name}@${same.id}` : `${built.snapshot}@${built.id}`;
  }
  const wanted = [...template.snapshots].reverse().find((s) => s.name === clone.wants);
  return wanted ? `${wanted.name}@${wanted.id}` : undefined;
}

/**
 * Template → snapshots → clones, as the Fleet view shows it. Pure (no vscode), so that the rule is
 * unit-tested: a clone sits under the snapshot it was built from (by identity, not name), so a
 * snapshot taken again under the same name leaves its stale clones under the replaced one; clones
 * without a record sit under the snapshot their config names; the rest are `loose`.
 */
export function snapshotGroups(template: FleetTemplate): { groups: SnapshotGroup[]; loose: FleetClone[] } {
  const groups = new Map<string, SnapshotGroup>();
  const replaced: SnapshotGroup[] = [];
  for (const s of template.snapshots)
    groups.set(`${s.name}@${s.id}`, { snapshot: s, replaced: false, clones: [] });
  const loose: FleetClone[] = [];
  for (const clone of template.clones) {
    const key = groupKey(template, clone);
    if (!key) {
      loose.push(clone);
      continue;
    }
    let group = groups.get(key);
    if (!group) {
      group = {
        snapshot: { name: clone.builtFrom!.snapshot, id: clone.builtFrom!.id },
        replaced: true,
        clones: [],
      };
      groups.set(key, group);
      replaced.push(group);
    }
    group.clones.push(clone);
  }
  const current = template.snapshots.map((s) => groups.get(`${s.name}@${s.id}`)!);
  return { groups: [...replaced, ...current], loose };
}

/** How many clones of the template are stale (what Upgrade Fleet rebuilds). */
export function staleCount(template: FleetTemplate): number {
  return template.clones.filter((c) => c.state === 'stale').length;
}
