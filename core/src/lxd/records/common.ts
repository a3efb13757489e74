import { z } from 'zod';

/*
 * Building blocks of the record schemas. LXD (Go) writes an empty map or list as `null` in some
 * places and versions (snapshots, backups, network of a stopped instance), so those are accepted
 * and read as empty. Objects are loose: fields we do not use pass through untouched.
 */

/** A `map[string]string` (config, a device): null or absent reads as {}. */
export const StringMap = z
  .record(z.string(), z.string())
  .nullish()
  .transform((value) => value ?? {});

/** `map[string]map[string]string` (devices, expanded_devices): null or absent reads as {}. */
export const DeviceMap = z
  .record(z.string(), z.record(z.string(), z.string()))
  .nullish()
  .transform((value) => value ?? {});

/** A list that LXD may send as null or leave out: reads as []. */
export const listOf = <T extends z.ZodType>(item: T) =>
  z
    .array(item)
    .nullish()
    .transform((value): z.output<T>[] => value ?? []);

/** A string LXD may leave out (older versions, other servers): reads as `fallback`. */
export const stringOr = (fallback: string) =>
  z
    .string()
    .nullish()
    .transform((value) => value ?? fallback);
