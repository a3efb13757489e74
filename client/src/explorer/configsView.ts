import * as vscode from 'vscode';
import type { ExplorerModel } from './model';
import { ConfigNode } from './nodes/configNode';
import { MessageNode } from './nodes/messageNode';
import type { TreeNode } from './treeNode';

/** The Configs view: the workspace's root configs (from the server), each with its state on LXD. */
export class ConfigsView implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly model: ExplorerModel) {
    // both sides change what a row says: the config (problems, hash) and LXD (the instance's state)
    this.subscriptions = [
      model.onDidChangeConfigs(() => this.changed.fire(undefined)),
      model.onDidChangeLxd(() => this.changed.fire(undefined)),
      model.onDidChangeConfigs(() => this.setConfigFilesContext()),
    ];
  }

  /** Unopened files have the language of their extension (yaml): the explorer menus match this key instead. */
  private setConfigFilesContext(): void {
    const files = (this.model.configs ?? []).map((c) => vscode.Uri.parse(c.uri).fsPath);
    void vscode.commands.executeCommand('setContext', 'lxdops.configFiles', files);
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    return node.getTreeItem();
  }

  getChildren(node?: TreeNode): TreeNode[] {
    if (node) return node.getChildren() as TreeNode[];
    const configs = this.model.configs;
    if (!configs || !this.model.ready)
      return this.model.configsProblem
        ? [new MessageNode('The language server did not answer', this.model.configsProblem, 'error')]
        : [new MessageNode('Reading the workspace…', undefined, 'loading~spin')];
    if (!configs.length)
      return [
        new MessageNode(
          'No #lxdops configs in this workspace',
          'A config is a YAML file whose first line is #lxdops.',
          'info',
        ),
      ];
    return configs.map((c) => new ConfigNode(c, this.model.statusOf(c), this.model.statusesOf(c)));
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }
}
