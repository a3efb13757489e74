import { z } from 'zod';
import { DeviceMap, listOf, StringMap, stringOr } from './common';
import { InstanceStateSchema } from './instanceState';
import { SnapshotSchema } from './snapshot';

/** An instance as `GET /1.0/instances?recursion=1` lists it (lxd-api §1.5). */
export const InstanceSchema = z.looseObject({
  name: z.string(),
  status: z.string(),
  type: z.string().optional(),
  /** Absent on servers without projects: the default project. */
  project: stringOr('default'),
  profiles: listOf(z.string()),
  config: StringMap,
  devices: DeviceMap,
  expanded_config: StringMap,
  expanded_devices: DeviceMap,
  created_at: z.string().optional(),
  location: z.string().optional(),
});
export type InstanceRecord = z.output<typeof InstanceSchema>;

/**
 * An instance with its state and snapshots: `?recursion=2` on the list, `?recursion=1` on one
 * instance (`instance_get_full`). `state` is absent when the server did not embed it.
 */
export const InstanceFullSchema = InstanceSchema.extend({
  state: InstanceStateSchema.nullish(),
  snapshots: listOf(SnapshotSchema),
});
export type InstanceFullRecord = z.output<typeof InstanceFullSchema>;

export const InstanceListSchema = z.array(InstanceSchema);
export const InstanceFullListSchema = z.array(InstanceFullSchema);
