import { numericOwner, type PathGuard } from './hostPaths';
import type { InstanceSpec } from './instanceSpec';
import type { Observed } from './observed';
import type { Step } from './plan';
import { steps } from './steps';

/**
 * The chown that completes an interrupted creation of an existing filesystem root or device dir.
 * `zfs create` and `mkdir` (run as root) leave 0:0 until their chown: that, and only that, is
 * repaired. Any other owner was set on purpose (a service in the container that owns its data
 * dir, an admin): it is kept and a note says so, since a re-run of launch must not undo it. The
 * engine sets no mode, so there is no mode to repair. A `device-owner` given by name cannot be
 * compared with the numbers the host shows: nothing is repaired then.
 */
export function ownerRepair(
  spec: InstanceSpec,
  observed: Observed,
  path: string,
  guard: PathGuard,
  notes: string[],
): Step[] {
  const want = spec.owner ? numericOwner(spec.owner) : undefined;
  const seen = observed.entries.get(path);
  if (!want || !seen || seen.type !== 'dir') return [];
  if (seen.uid === want.uid && (want.gid === undefined || seen.gid === want.gid)) return [];
  const has = `${seen.uid}:${seen.gid}`;
  if (seen.uid !== 0 || seen.gid !== 0) {
    notes.push(
      `${path} belongs to ${has}, not to the device-owner ${spec.owner}: kept (only 0:0, which an interrupted creation leaves, is repaired)`,
    );
    return [];
  }
  notes.push(
    `repaired: ${path} belongs to 0:0 (its creation was interrupted before its chown): it is given to ${spec.owner}`,
  );
  return [steps.chown(spec.owner, path, guard)];
}
