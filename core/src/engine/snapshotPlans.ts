import { SNAPSHOT_NAME } from '../config/safeValues';
import { refusalMessage, rollbackRefusals } from './containment';
import type { InstanceSpec } from './instanceSpec';
import type { Observed } from './observed';
import { type Plan, planOf, type Step } from './plan';
import { PlanError } from './planError';
import { steps } from './steps';
import type { Usage } from './usage';

const q = encodeURIComponent;

/** ZFS snapshots and rollbacks concern the non-transient ZFS filesystems (reference §6.9, §6.10). */
export const snapshotted = (spec: InstanceSpec) =>
  spec.filesystems
    .filter((f) => f.dataset && !f.transient)
    .sort((a, b) => a.dataset!.localeCompare(b.dataset!));

/** The default snapshot name: the UTC time as YYYYMMDDhhmmss. */
export function timestampName(now: Date): string {
  return now.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

export interface SnapshotOptions {
  name: string;
  /** Also the LXD snapshot of the container. */
  container: boolean;
  /** Destroy the snapshot instead of taking it. */
  destroy: boolean;
}

export function snapshotPlan(spec: InstanceSpec, observed: Observed, o: SnapshotOptions): Plan {
  if (!SNAPSHOT_NAME.test(o.name))
    throw new PlanError(`snapshot name \`${o.name}\`: use letters, digits, '.', '_' and '-'`);
  const notes: string[] = [];
  const out: Step[] = [];
  const fss = snapshotted(spec);
  if (!o.destroy) {
    for (const f of fss) {
      if (!observed.datasets.has(f.dataset!))
        throw new PlanError(
          `filesystem ${f.id} (${f.dataset}) does not exist: launch the instance or run create-devices first`,
        );
      if (observed.datasets.has(`${f.dataset}@${o.name}`))
        notes.push(`${f.dataset}@${o.name} exists: not taken again`);
      else out.push(steps.zfsSnapshot(`${f.dataset}@${o.name}`));
    }
    if (o.container) {
      if (!observed.instance)
        throw new PlanError(`container ${spec.container} does not exist: there is nothing to snapshot`);
      if (observed.instance.snapshots.includes(o.name))
        notes.push(`LXD snapshot ${spec.container}/${o.name} exists: not taken again`);
      else
        out.push(
          steps.lxd(`take LXD snapshot ${spec.container}/${o.name}`, {
            method: 'POST',
            path: `/1.0/instances/${q(spec.container)}/snapshots`,
            project: spec.project,
            body: { name: o.name },
          }),
        );
    }
  } else {
    for (const f of fss) {
      if (observed.datasets.has(`${f.dataset}@${o.name}`))
        out.push(steps.zfsDestroy(`${f.dataset}@${o.name}`, false));
      else notes.push(`${f.dataset}@${o.name} does not exist`);
    }
    if (o.container && observed.instance?.snapshots.includes(o.name)) {
      out.push(
        steps.lxd(
          `delete LXD snapshot ${spec.container}/${o.name}`,
          {
            method: 'DELETE',
            path: `/1.0/instances/${q(spec.container)}/snapshots/${q(o.name)}`,
            project: spec.project,
          },
          { destructive: true, accept: [404] },
        ),
      );
    }
  }
  if (fss.length === 0) notes.push('this config has no non-transient ZFS filesystem');
  return planOf(o.destroy ? 'snapshot -d' : 'snapshot', spec, out, notes);
}

/**
 * rollback: stop the container if it runs (its services must not write while data goes back),
 * roll every non-transient ZFS filesystem back, restore the LXD snapshot with -c, start again.
 */
export function rollbackPlan(
  spec: InstanceSpec,
  observed: Observed,
  o: { name: string; container: boolean },
  usage: Usage,
): Plan {
  if (!o.name) throw new PlanError('rollback needs a snapshot name (-s NAME)');
  const refusals = rollbackRefusals(spec, snapshotted(spec), usage);
  if (refusals.length) throw new PlanError(refusalMessage('rollback', spec, refusals));
  const out: Step[] = [];
  const missing = snapshotted(spec).filter((f) => !observed.datasets.has(`${f.dataset}@${o.name}`));
  if (missing.length)
    throw new PlanError(
      `no snapshot ${o.name} of ${missing.map((f) => f.dataset).join(', ')}: nothing was changed`,
    );
  if (o.container && !observed.instance?.snapshots.includes(o.name))
    throw new PlanError(`container ${spec.container} has no LXD snapshot ${o.name}`);
  const running = observed.instance?.status === 'Running';
  if (running) out.push(steps.state(spec.container, spec.project, 'stop'));
  for (const f of snapshotted(spec)) out.push(steps.zfsRollback(`${f.dataset}@${o.name}`));
  if (o.container)
    out.push(
      steps.lxd(
        `restore ${spec.container} to its LXD snapshot ${o.name}`,
        {
          method: 'PUT',
          path: `/1.0/instances/${q(spec.container)}`,
          project: spec.project,
          body: { restore: o.name },
        },
        { destructive: true },
      ),
    );
  if (running) out.push(steps.state(spec.container, spec.project, 'start'));
  return planOf('rollback', spec, out, []);
}
