/**
 * The config keys lxdops writes on instances for the fleet and for safe rebuilds: one place for
 * all of them, read by the fleet model, the engine's plans and the listings. Every value is
 * written by a plan step (so `--dry-run` shows it) and read back through the instance record.
 */

/** On a clone: `<template container>/<snapshot>` its container was copied from (the config's `origin`). */
export const BUILT_FROM_KEY = 'user.lxdops.built-from';
/**
 * On a clone: the identity of that snapshot, its `created_at` as LXD reports it. A snapshot taken
 * again under the same name has another one, so the clone shows stale.
 */
export const BUILT_FROM_ID_KEY = 'user.lxdops.built-from.id';
/**
 * On the container that holds the instance's name: `pending` while a safe rebuild has not finished
 * (the new container, before its health check passed), `reverted` once a revert brought the old
 * container back; absent otherwise.
 */
export const REBUILD_STATE_KEY = 'user.lxdops.rebuild.state';

/** On a container a safe rebuild kept: the instance (container name) it was, and will be again on revert. */
export const KEPT_FOR_KEY = 'user.lxdops.kept.for';
/** On a kept container: when it was kept (ISO time). */
export const KEPT_TIME_KEY = 'user.lxdops.kept.time';
/** On a kept container: the ZFS snapshot name taken on every non-transient filesystem before the rebuild. */
export const KEPT_SAFETY_KEY = 'user.lxdops.kept.safety';
/** On a kept container: `pending` while its rebuild runs, `kept` once the new container passed its health check. */
export const KEPT_STATE_KEY = 'user.lxdops.kept.state';
/** On a container a safe rebuild is creating under a temporary name: the instance it will become. */
export const NEXT_FOR_KEY = 'user.lxdops.next.for';

/**
 * On a template while a fleet upgrade runs: `<snapshot>@<id>` of the template snapshot it took,
 * so that running the same upgrade again after an interruption does not take another one.
 * Removed when every clone is current.
 */
export const FLEET_UPGRADE_KEY = 'user.lxdops.fleet.upgrade';

/**
 * On the container a revert brought back (with REBUILD_STATE_KEY=reverted): why the rebuild was
 * reverted (the failing step and its reason, the end of it). Removed by the next rebuild.
 */
export const REBUILD_FAILURE_KEY = 'user.lxdops.rebuild.failure';
/**
 * On a template while a fleet upgrade runs: the clones (container names, comma-separated) that it
 * has still to rebuild, so that a rerun after an interruption rebuilds a clone left without a
 * container, or half made, as well as the stale ones. Each is removed as its rebuild ends.
 */
export const FLEET_UPGRADE_CLONES_KEY = 'user.lxdops.fleet.upgrade.clones';
