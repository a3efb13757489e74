import { systemPathProblem } from '../config/protectedPaths';
import { recordDirStep } from './dirRecords';
import type { FilesystemSpec, InstanceSpec } from './instanceSpec';
import type { Observed } from './observed';
import { ownerMark, OWNER_PROPERTY } from './ownerMark';
import { NotOwnedError, type Ownership } from './ownership';
import { type Plan, planOf, type Step } from './plan';
import { steps } from './steps';

/** What adopt knows besides the instance's own ownership: other instances' records, mount points. */
export interface AdoptContext {
  /** Plain directories → the instances (`project/instance`) that have a record of them. */
  dirOwners: ReadonlyMap<string, readonly string[]>;
  /** Among the config's plain directories, those that are mount points (a pool, another filesystem). */
  mountpoints: ReadonlySet<string>;
}

/** Adopting marks data as the instance's: listed in the confirmation, since destroy may then remove it. */
const confirmed = (step: Step, what: string, mine: string): Step => ({
  ...step,
  description: `adopt ${what} as ${mine}'s (lxdops destroy, rollback and rename will then act on it)`,
  destructive: true,
});

type Outcome = { step: Step } | { note: string } | { refusal: string };

function adoptDataset(spec: InstanceSpec, fs: FilesystemSpec, observed: Observed, own: Ownership): Outcome {
  const dataset = fs.dataset!;
  const mine = ownerMark(spec);
  if (!observed.datasets.has(dataset))
    return { note: `${dataset} does not exist: nothing to adopt (launch creates it with its mark)` };
  if (!dataset.includes('/')) return { refusal: `${fs.id}: ${dataset} is a whole ZFS pool` };
  const mark = own.marks.get(dataset);
  if (mark === mine) return { note: `${dataset} is ${mine}'s already` };
  if (mark !== undefined)
    return {
      refusal: `${fs.id}: ${dataset} belongs to ${mark} (its ${OWNER_PROPERTY} mark): fix the pattern`,
    };
  return { step: confirmed(steps.zfsSet(dataset, OWNER_PROPERTY, mine), dataset, mine) };
}

function adoptDir(
  spec: InstanceSpec,
  fs: FilesystemSpec,
  observed: Observed,
  own: Ownership,
  ctx: AdoptContext,
): Outcome {
  const mine = ownerMark(spec);
  if (!observed.paths.has(fs.dir))
    return { note: `${fs.dir} does not exist: nothing to adopt (launch records it when it makes it)` };
  const system = systemPathProblem(fs.dir);
  if (system) return { refusal: `${fs.id}: ${fs.dir} ${system}` };
  if (ctx.mountpoints.has(fs.dir))
    return {
      refusal: `${fs.id}: ${fs.dir} is a mount point (a pool or another filesystem is mounted there)`,
    };
  if (own.dirs.has(fs.dir)) return { note: `${fs.dir} is ${mine}'s already` };
  const others = (ctx.dirOwners.get(fs.dir) ?? []).filter((o) => o !== mine);
  if (others.length)
    return { refusal: `${fs.id}: ${fs.dir} is recorded as ${others.join(', ')}'s: fix the pattern` };
  return { step: confirmed(recordDirStep(spec, fs.dir), fs.dir, mine) };
}

/**
 * adopt: make the config's existing filesystems that carry no owner (datasets without an own
 * lxdops:owner mark, directories without a record) this instance's, so that destroy, rollback and
 * rename act on them. Each is a confirmed step; it refuses, before any step, what is another
 * instance's, a pool, a system directory or a mount point. Nothing else changes.
 */
export function adoptPlan(spec: InstanceSpec, observed: Observed, own: Ownership, ctx: AdoptContext): Plan {
  const notes: string[] = [];
  const refusals: string[] = [];
  const out: Step[] = [];
  const ordered = [...spec.filesystems].sort((a, b) =>
    (a.dataset ?? a.dir).localeCompare(b.dataset ?? b.dir),
  );
  for (const fs of ordered) {
    const outcome = fs.dataset
      ? adoptDataset(spec, fs, observed, own)
      : adoptDir(spec, fs, observed, own, ctx);
    if ('step' in outcome) out.push(outcome.step);
    else if ('note' in outcome) notes.push(outcome.note);
    else refusals.push(outcome.refusal);
  }
  if (refusals.length)
    throw new NotOwnedError(
      `adopt ${spec.instance} refused: nothing was changed:\n${refusals.map((r) => `  - ${r}`).join('\n')}`,
    );
  if (!out.length) notes.push('nothing to adopt');
  return planOf('adopt', spec, out, notes);
}
