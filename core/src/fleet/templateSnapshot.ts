import { timestampName } from '../engine/snapshotPlans';
import { type Plan, planOf, type Step } from '../engine/plan';
import { steps } from '../engine/steps';
import { UnusedAnswer } from '../lxd/records/envelope';
import type { LxdApi } from '../engine/doors';
import type { FleetInstance } from './fleetInstance';
import { FLEET_UPGRADE_CLONES_KEY, FLEET_UPGRADE_KEY } from '../engine/recordKeys';
import { readInstance } from './readFleet';

const q = encodeURIComponent;

/** The template as the upgrade names it: its container, project and config. */
export interface TemplateTarget {
  config: string;
  container: string;
  project: string;
}

/** The snapshot an upgrade in progress took (`<snapshot>@<id>`), when the template still has it. */
export function upgradeInProgress(t: FleetInstance, name: string): boolean {
  const id = t.snapshots.find((s) => s.name === name)?.id;
  return id !== undefined && t.config[FLEET_UPGRADE_KEY] === `${name}@${id}`;
}

/** A name for the old snapshot that no snapshot of the template has: `<name>-<UTC time>[-n]`. */
function asideName(t: FleetInstance, name: string, now: Date): string {
  const base = `${name}-${timestampName(now)}`;
  const taken = new Set(t.snapshots.map((s) => s.name));
  let candidate = base;
  for (let n = 2; taken.has(candidate); n++) candidate = `${base}-${n}`;
  return candidate;
}

/**
 * Take the template snapshot `name` again, in a way that works where a snapshot with clones cannot
 * be deleted (ZFS): the old one is renamed aside (its clones keep depending on it), then the new
 * one is taken. Marks of an earlier upgrade that did not finish are removed first, so that the new
 * snapshot (which clones copy their config from) carries none.
 */
export function templateSnapshotPlan(
  target: TemplateTarget,
  t: FleetInstance,
  name: string,
  now: Date,
): Plan {
  const out: Step[] = [];
  const path = `/1.0/instances/${q(target.container)}`;
  if (t.config[FLEET_UPGRADE_KEY] !== undefined || t.config[FLEET_UPGRADE_CLONES_KEY] !== undefined)
    out.push(
      steps.patchConfig(
        target.container,
        target.project,
        `remove the marks of an earlier fleet upgrade from ${target.container}`,
        { [FLEET_UPGRADE_KEY]: '', [FLEET_UPGRADE_CLONES_KEY]: '' },
      ),
    );
  if (t.snapshots.some((s) => s.name === name)) {
    const aside = asideName(t, name, now);
    out.push(
      steps.lxd(`keep the old snapshot ${target.container}/${name} as ${aside} (its clones depend on it)`, {
        method: 'POST',
        path: `${path}/snapshots/${q(name)}`,
        project: target.project,
        body: { name: aside },
      }),
    );
  }
  out.push(
    steps.lxd(`take LXD snapshot ${target.container}/${name}`, {
      method: 'POST',
      path: `${path}/snapshots`,
      project: target.project,
      body: { name },
    }),
  );
  const plan = planOf('fleet-snapshot', { ...target, instance: target.container }, out, []);
  plan.notes.push(`then ${FLEET_UPGRADE_KEY} records ${name}@<its created_at> on ${target.container}`);
  return plan;
}

/**
 * Records on the template which snapshot this upgrade took and which clones it has still to
 * rebuild: a rerun after an interruption takes no other snapshot and rebuilds those clones too.
 */
export async function recordUpgrade(
  lxd: LxdApi,
  target: TemplateTarget,
  name: string,
  clones: readonly string[],
): Promise<string> {
  const t = await readInstance(lxd, target.container, target.project);
  const id = t?.snapshots.find((s) => s.name === name)?.id;
  if (!id) throw new Error(`${target.container} has no snapshot ${name} after taking it`);
  await patchTemplate(lxd, target, {
    [FLEET_UPGRADE_KEY]: `${name}@${id}`,
    [FLEET_UPGRADE_CLONES_KEY]: clones.join(','),
  });
  return id;
}

/** Sets (or, with '', removes) config keys of the template. */
export async function patchTemplate(
  lxd: LxdApi,
  target: TemplateTarget,
  config: Record<string, string>,
): Promise<void> {
  await lxd.call(
    {
      method: 'PATCH',
      path: `/1.0/instances/${q(target.container)}`,
      project: target.project,
      body: { config },
    },
    UnusedAnswer,
  );
}
