import * as vscode from 'vscode';
import type { ExplorerModel } from './model';
import { FolderNode } from './nodes/folderNode';
import { HostNode } from './nodes/hostNode';
import { InstanceNode } from './nodes/instanceNode';
import { MessageNode } from './nodes/messageNode';
import { ProfileNode } from './nodes/profileNode';
import type { TreeNode } from './treeNode';

/** The Instances view: the LXD host → its instances (with or without a config) and its profiles. */
export class InstancesView implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly model: ExplorerModel) {
    this.subscription = model.onDidChangeLxd(() => this.changed.fire(undefined));
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    return node.getTreeItem();
  }

  getChildren(node?: TreeNode): TreeNode[] | Promise<TreeNode[]> {
    if (node) return node.getChildren();
    const listing = this.model.listing;
    if (this.model.lxdProblem)
      return [new MessageNode('LXD is not reachable', this.model.lxdProblem, 'debug-disconnect')];
    if (!listing) return [new MessageNode('Listing LXD…', undefined, 'loading~spin')];
    const nodes: TreeNode[] = listing.instances.map((i) => new InstanceNode(i));
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
        listing.profiles.map((p) => new ProfileNode(p)),
        undefined,
        'profiles',
      ),
    );
    const server = { ...listing.server, socket: this.model.connection.socketPath ?? '' };
    return [new HostNode(server, nodes)];
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
