import * as z from 'zod/mini';

/*
 * Building blocks of the record schemas (zod/mini: the functional API, so that a bundle carries
 * only the checks it uses). LXD (Go) writes an empty map or list as `null` in some places and
 * versions (snapshots, backups, network of a stopped instance), so those are accepted and read as
 * empty. Objects are loose: fields we do not use pass through untouched.
 */

/**
 * `schema`, or what `empty()` makes when LXD sends null or leaves the field out. `empty` is a
 * factory so that no two records share one mutable default.
 */
export const orEmpty = <T extends z.ZodMiniType>(schema: T, empty: () => z.output<T>) =>
  z.pipe(
    z.nullish(schema),
    z.transform((value: z.output<T> | null | undefined): z.output<T> => value ?? empty()),
  );

/** A `map[string]string` (config, a device): null or absent reads as {}. */
export const StringMap = orEmpty(z.record(z.string(), z.string()), () => ({}));

/** `map[string]map[string]string` (devices, expanded_devices): null or absent reads as {}. */
export const DeviceMap = orEmpty(z.record(z.string(), z.record(z.string(), z.string())), () => ({}));

/** A list that LXD may send as null or leave out: reads as []. */
export const listOf = <T extends z.ZodMiniType>(item: T) => orEmpty(z.array(item), () => []);

/** A string LXD may leave out (older versions, other servers): reads as `fallback`. */
export const stringOr = (fallback: string) => orEmpty(z.string(), () => fallback);
