import type { FleetPrepareResult } from '../../../core/src/protocol';

/** The confirmation's lines: each clone, what goes, what is kept and for how long, what is left alone. */
export function upgradeLines(prepared: FleetPrepareResult): string[] {
  const clones = prepared.clones.map(
    (c) => `• ${c.instance} on ${c.host}: ${c.outline.length} step${c.outline.length === 1 ? '' : 's'}`,
  );
  const deleted = prepared.clones.flatMap((c) => c.destructive.map((d) => `  ✗ ${c.instance}: ${d}`));
  const skipped = prepared.skipped.map((s) => `  – ${s.instance} on ${s.host}: ${s.reason}`);
  return [
    `Rebuilt (${prepared.clones.length}):`,
    ...clones,
    ...(deleted.length ? ['Deleted or overwritten:', ...deleted] : []),
    // said either way: whether the old containers stay is what the user weighs before a rebuild
    ...(prepared.kept.length ? ['Kept:', ...prepared.kept.map((k) => `  ↺ ${k}`)] : ['Kept: nothing']),
    ...(skipped.length ? ['Left as they are:', ...skipped] : []),
    ...prepared.notes,
  ];
}
