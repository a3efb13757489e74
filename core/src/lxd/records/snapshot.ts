import { z } from 'zod';
import { StringMap } from './common';

/**
 * An LXD snapshot of an instance (lxd-api §1.7). Its name is `snap` in lists and `inst/snap` in
 * some answers: `snapshotName()` gives the short form.
 */
export const SnapshotSchema = z.looseObject({
  name: z.string(),
  created_at: z.string(),
  config: StringMap,
  stateful: z.boolean().optional(),
});
export type SnapshotRecord = z.output<typeof SnapshotSchema>;

/** The snapshot's own name, without the `instance/` prefix. */
export function snapshotName(snapshot: { name: string }): string {
  return snapshot.name.slice(snapshot.name.lastIndexOf('/') + 1);
}
