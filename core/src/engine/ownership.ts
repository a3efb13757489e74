import type { FilesystemSpec, InstanceSpec } from './instanceSpec';
import { ownerMark, OWNER_PROPERTY } from './ownerMark';
import { PlanError } from './planError';

// Pure: whether the filesystems a command would change are this instance's own. A dataset is when
// its own `lxdops:owner` mark (source local: an inherited one is the parent's) names the instance;
// a plain directory is when lxdops recorded it for the instance (dirRecords.ts). Everything else
// (made by hand, by an older lxdops, another instance's) is only ever used as it is.

/** What the engine knows of the ownership of existing filesystems, read-only (readOwnership.ts). */
export interface Ownership {
  /** Existing datasets → their own lxdops:owner mark, or undefined (none, or only inherited). */
  marks: ReadonlyMap<string, string | undefined>;
  /** The plain directories recorded as this instance's (among those asked about). */
  dirs: ReadonlySet<string>;
}

export const noOwnership = (): Ownership => ({ marks: new Map(), dirs: new Set() });

/** A refusal because something is not the instance's: its own code (`not-owned`), same one-line form. */
export class NotOwnedError extends PlanError {
  constructor(message: string) {
    super(message, 'not-owned');
  }
}

/** Why the dataset is not this instance's (undefined: it is); `accepted` are marks that also count. */
export function datasetNotOwned(
  spec: InstanceSpec,
  fs: Pick<FilesystemSpec, 'id'>,
  dataset: string,
  ownership: Ownership,
  accepted: readonly string[] = [],
): string | undefined {
  const mine = ownerMark(spec);
  const mark = ownership.marks.get(dataset);
  if (mark === mine || (mark !== undefined && accepted.includes(mark))) return undefined;
  return mark === undefined
    ? `${fs.id}: ${dataset} has no ${OWNER_PROPERTY} mark of its own (made by hand, by an older lxdops, or the mark is only inherited): run \`lxdops adopt ${spec.config}\` to make it ${mine}'s, or fix the pattern`
    : `${fs.id}: ${dataset} belongs to ${mark} (its ${OWNER_PROPERTY} mark), not ${mine}: fix the pattern`;
}

/** Why the plain directory is not this instance's (undefined: lxdops recorded it for the instance). */
export function dirNotOwned(
  spec: InstanceSpec,
  fs: Pick<FilesystemSpec, 'id'>,
  dir: string,
  ownership: Ownership,
): string | undefined {
  if (ownership.dirs.has(dir)) return undefined;
  return `${fs.id}: the directory ${dir} has no lxdops record for ${ownerMark(spec)} (made by hand or by an older lxdops): run \`lxdops adopt ${spec.config}\` to take it, or fix the pattern`;
}

/** Why each existing filesystem the command changes is not the instance's own. */
export function notOwned(
  spec: InstanceSpec,
  targets: readonly FilesystemSpec[],
  ownership: Ownership,
): string[] {
  return targets.flatMap(
    (fs) =>
      (fs.dataset
        ? datasetNotOwned(spec, fs, fs.dataset, ownership)
        : dirNotOwned(spec, fs, fs.dir, ownership)) ?? [],
  );
}

/** Throws the refusal (before any step) when there is a reason. */
export function refuseNotOwned(command: string, spec: InstanceSpec, reasons: readonly string[]): void {
  if (!reasons.length) return;
  throw new NotOwnedError(
    `${command} ${spec.instance} refused: it would change filesystems that are not this instance's own; nothing was changed:\n${reasons.map((r) => `  - ${r}`).join('\n')}`,
  );
}

/**
 * Whether launch and rebuild may repair an existing dataset (chown its root again): only one that
 * is the instance's own. Any other existing dataset is used as it is (reference §6.2), never changed.
 */
export function mayRepair(spec: InstanceSpec, ownership: Ownership | undefined, dataset: string): boolean {
  return ownership?.marks.get(dataset) === ownerMark(spec);
}
