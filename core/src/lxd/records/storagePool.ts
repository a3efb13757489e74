import { z } from 'zod';
import { listOf, StringMap } from './common';

/** A storage pool as `GET /1.0/storage-pools?recursion=1` lists it. */
export const StoragePoolSchema = z.looseObject({
  name: z.string(),
  driver: z.string(),
  config: StringMap,
  status: z.string().optional(),
  used_by: listOf(z.string()),
});
export type StoragePoolRecord = z.output<typeof StoragePoolSchema>;

export const StoragePoolListSchema = z.array(StoragePoolSchema);
