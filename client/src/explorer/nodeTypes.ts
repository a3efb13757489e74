/** contextValue of every tree node: package.json menus match these (one source for both). */
export const NODE_TYPES = {
  host: 'lxdops.host',
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
} as const;

export type NodeType =
  'host' | 'instance' | 'folder' | 'filesystem' | 'device' | 'snapshot' | 'profile' | 'message' | 'config';
