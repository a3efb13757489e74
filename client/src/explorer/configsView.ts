import * as vscode from 'vscode';
import type { WorkspaceConfigsCache } from '../workspaceConfigs';
import type { InstancesView } from './instancesView';
import { ConfigNode, configStatus } from './nodes/configNode';
import { MessageNode } from './nodes/messageNode';
import type { TreeNode } from './treeNode';

/** The Configs view: the workspace's root configs, each with the status of its instance. */
export class ConfigsView implements vscode.TreeDataProvider<TreeNode> {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(
    private readonly instances: InstancesView,
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
    const configs = this.configs.get();
    // Unopened files have the language of their extension (yaml): the explorer menus match this key instead.
    void vscode.commands.executeCommand(
      'setContext',
      'lxdops.configFiles',
      configs.map((c) => c.root.root),
    );
    if (!configs.length)
      return [
        new MessageNode(
          'No #lxdops configs in this workspace',
          'A config is a YAML file whose first line is #lxdops.',
          'info',
        ),
      ];
    // getChildren shows its failures as message nodes in the Instances view; here only the listing matters
    if (!this.instances.instances.length) await this.instances.getChildren().catch(() => undefined);
    return configs.map((c) => new ConfigNode(c, configStatus(c, this.instances.instances)));
  }
}
