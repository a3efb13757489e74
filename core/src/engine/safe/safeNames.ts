import { PlanError } from '../planError';

/** The longest instance name LXD (and Incus) accept. */
export const MAX_INSTANCE_NAME = 63;
/** What the safety snapshots of a safe rebuild are called: `lxdops-safe-<stamp>`. */
export const SAFETY_PREFIX = 'lxdops-safe-';

/** The stamp of a safe rebuild: the UTC time as YYYYMMDDhhmmss (one per rebuild, in every name it makes). */
export function rebuildStamp(now: Date): string {
  return now.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

/** The ISO time of a stamp (KEPT_TIME_KEY), so that planning twice gives the same steps. */
export function stampTime(stamp: string): string {
  const [y, mo, d, h, mi, s] = [0, 4, 6, 8, 10, 12].map((at, i) => stamp.slice(at, i === 0 ? 4 : at + 2));
  return `${y}-${mo}-${d}T${h}:${mi}:${s}.000Z`;
}

/** The names one safe rebuild of `container` uses. */
export interface SafeNames {
  /** The new container while the old one still holds the name. */
  next: string;
  /** The old container once the new one holds the name. */
  kept: string;
  /** The ZFS snapshot taken on every non-transient dataset before the new container starts. */
  safety: string;
  stamp: string;
}

export function safeNames(container: string, stamp: string): SafeNames {
  return {
    next: `${container}-next`,
    kept: `${container}-kept-${stamp}`,
    safety: `${SAFETY_PREFIX}${stamp}`,
    stamp,
  };
}

/** Refuses before anything is planned when the kept name would be longer than LXD allows. */
export function checkNameLengths(container: string, names: SafeNames): void {
  if (names.kept.length <= MAX_INSTANCE_NAME) return;
  const room = MAX_INSTANCE_NAME - (names.kept.length - container.length);
  throw new PlanError(
    `a safe rebuild keeps the old container as ${names.kept} (${names.kept.length} characters), but LXD allows ${MAX_INSTANCE_NAME}: the instance name ${container} may have at most ${room}; rename the instance, or rebuild with --unsafe (deletes the old container)`,
    'rebuild-name-too-long',
  );
}
