import type { FleetClone, FleetStatus, FleetTemplate } from './fleetTypes';

/** One clone's line: name, state, host, when it was built, and why it is in that state. */
function cloneLine(c: FleetClone, indent: string): string {
  const built = c.built ? `  built ${c.built}` : '';
  const kept = c.kept?.length ? `  kept: ${c.kept.join(', ')}` : '';
  const reason = c.state === 'current' || !c.reason ? '' : `  (${c.reason})`;
  return `${indent}${c.instance}  ${c.state}  on ${c.host}${built}${kept}${reason}\n`;
}

/** The snapshot a clone was built from, when the template still has it (same name and id). */
function builtFromSnapshot(t: FleetTemplate, c: FleetClone): string | undefined {
  const from = c.builtFrom;
  return from && t.snapshots.some((s) => s.name === from.snapshot && s.id === from.id)
    ? from.snapshot
    : undefined;
}

function templateText(t: FleetTemplate, relative: (path: string) => string): string {
  const config = t.config ? `  config ${relative(t.config)}` : '  (no config in these paths)';
  let out = `template ${t.instance}  on ${t.host}${config}\n`;
  const placed = new Set<FleetClone>();
  for (const s of t.snapshots) {
    out += `  snapshot ${s.name}  ${s.id}\n`;
    for (const c of t.clones.filter((x) => builtFromSnapshot(t, x) === s.name)) {
      placed.add(c);
      out += cloneLine(c, '    ');
    }
  }
  const rest = t.clones.filter((c) => !placed.has(c));
  if (rest.length) {
    out += `  other clones\n`;
    for (const c of rest) out += cloneLine(c, '    ');
  }
  return out;
}

/** `lxdops fleet status` as text: template → its snapshots → the clones built from each, then the others. */
export function formatFleet(status: FleetStatus, relative: (path: string) => string = (p) => p): string {
  let out = status.templates.map((t) => templateText(t, relative)).join('\n');
  if (!status.templates.length)
    out += 'no templates: no config names another in origin, device-origin or device-template\n';
  for (const p of status.problems ?? []) out += `problem: ${p.host}: ${p.message}\n`;
  return out;
}
