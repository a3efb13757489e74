import { z } from 'zod';
import { DeviceMap, listOf, StringMap, stringOr } from './common';

/** A profile as `GET /1.0/profiles?recursion=1` lists it (lxd-api §1.8). */
export const ProfileSchema = z.looseObject({
  name: z.string(),
  description: stringOr(''),
  config: StringMap,
  devices: DeviceMap,
  used_by: listOf(z.string()),
  /** Present with `all-projects=true` on newer servers; else the project that was asked. */
  project: z.string().optional(),
});
export type ProfileRecord = z.output<typeof ProfileSchema>;

export const ProfileListSchema = z.array(ProfileSchema);
