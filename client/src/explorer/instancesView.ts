import * as vscode from 'vscode';
import { listInstances, type ListedInstance } from '../../../core/src/engine/listing';
import { LocalHostRunner } from '../../../core/src/host/localHostRunner';
import type { LxdClient } from '../../../core/src/lxd/lxdClient';
import { LxdError } from '../../../core/src/lxd/lxdError';
import { ProfileListSchema } from '../../../core/src/lxd/records/profile';
import { LxdRecordError } from '../../../core/src/lxd/records/parseRecord';
import { ServerSchema } from '../../../core/src/lxd/records/server';
import type { LxdConnection } from '../host/lxdConnection';
import type { WorkspaceConfigsCache } from '../workspaceConfigs';
import { FolderNode } from './nodes/folderNode';
import { HostNode } from './nodes/hostNode';
import { InstanceNode } from './nodes/instanceNode';
import { MessageNode } from './nodes/messageNode';
import { ProfileNode } from './nodes/profileNode';
import type { TreeNode } from './treeNode';

/** The Instances view: the LXD host → its instances (with or without a config) and its profiles. */
export class InstancesView implements vscode.TreeDataProvider<TreeNode> {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  /** The last listing, for commands that need it (snapshot pickers, Configs view). */
  instances: ListedInstance[] = [];

  constructor(
    private readonly lxd: LxdConnection,
    private readonly configs: WorkspaceConfigsCache,
  ) {}

  refresh(): void {
    this.configs.invalidate();
    this.changed.fire(undefined);
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    return node.getTreeItem();
  }

  async getChildren(node?: TreeNode): Promise<TreeNode[]> {
    if (node) return node.getChildren();
    const api = this.lxd.api();
    if (!api) return [new MessageNode('LXD is not reachable', this.lxd.problem)];
    try {
      const configs = new Map(
        this.configs
          .get()
          .flatMap((c) => (c.spec ? [[`${c.spec.project}/${c.spec.container}`, c.spec] as const] : [])),
      );
      const doors = { lxd: api, host: new LocalHostRunner() };
      const [server, instances, profiles] = await Promise.all([
        api.get('/1.0', ServerSchema),
        listInstances(doors, configs),
        allProfiles(api),
      ]);
      this.instances = instances;
      const nodes: TreeNode[] = instances.map((i) => new InstanceNode(i));
      if (!nodes.length)
        nodes.push(
          new MessageNode(
            'No instances',
            'Right-click an #lxdops config and choose "Launch Instance".',
            'info',
          ),
        );
      nodes.push(
        new FolderNode(
          'Profiles',
          'symbol-namespace',
          profiles.map(
            (p) =>
              new ProfileNode({
                name: p.name,
                project: p.project ?? 'default',
                usedBy: p.used_by.length,
                devices: Object.keys(p.devices).length,
              }),
          ),
          undefined,
          'profiles',
        ),
      );
      const env = server.environment;
      return [
        new HostNode(
          {
            name: env.server_name ?? 'local',
            kind: env.server === 'incus' ? 'Incus' : 'LXD',
            version: env.server_version ?? '',
            socket: this.lxd.socketPath ?? '',
          },
          nodes,
        ),
      ];
    } catch (e) {
      return [
        new MessageNode(
          `Cannot list instances: ${(e as Error).message.split(':')[0]}`,
          (e as Error).message,
          'error',
        ),
      ];
    }
  }
}

/**
 * The profiles of every project; a server that refuses `all-projects` for profiles (older LXD
 * answers 400; a restricted certificate 403) is asked for the current project's. Other failures are not hidden.
 */
async function allProfiles(api: LxdClient) {
  try {
    return await api.get('/1.0/profiles?recursion=1&all-projects=true', ProfileListSchema);
  } catch (e) {
    if (!(e instanceof LxdError) || e instanceof LxdRecordError || ![400, 403].includes(e.status)) throw e;
    return api.get('/1.0/profiles?recursion=1', ProfileListSchema);
  }
}
