/** contextValue of every tree node: package.json menus match these (one source for both). */
export const NODE_TYPES = {
  host: 'lxdops.host',
  /** a cluster member; suffix `.online` or `.offline` */
  member: 'lxdops.member',
  instanceRunning: 'lxdops.instance.running',
  instanceStopped: 'lxdops.instance.stopped',
  /** suffix added when a workspace config describes the instance */
  withConfig: '.config',
  folder: 'lxdops.folder',
  filesystem: 'lxdops.filesystem',
  device: 'lxdops.device',
  snapshot: 'lxdops.snapshot',
  profile: 'lxdops.profile',
  message: 'lxdops.message',
  config: 'lxdops.config',
  /** a config's instance on one host (child of a config node) */
  configHost: 'lxdops.configHost',
  /** Fleet view: a template; suffix `.config` when a workspace config defines it */
  fleetTemplate: 'lxdops.fleetTemplate',
  fleetSnapshot: 'lxdops.fleetSnapshot',
  /** Fleet view: a clone; suffix `.STATE` (current, stale, not-created, failed, reverted), then `.kept` */
  fleetClone: 'lxdops.fleetClone',
  /** suffix of a clone (Fleet view) or an instance (Instances view, before `.config`) with kept containers */
  withKept: '.kept',
  /** Fleet view: a container a safe rebuild kept */
  fleetKept: 'lxdops.fleetKept',
} as const;

export type NodeType =
  | 'host'
  | 'member'
  | 'instance'
  | 'folder'
  | 'filesystem'
  | 'device'
  | 'snapshot'
  | 'profile'
  | 'message'
  | 'config'
  | 'configHost'
  | 'fleetTemplate'
  | 'fleetSnapshot'
  | 'fleetClone'
  | 'fleetKept';
