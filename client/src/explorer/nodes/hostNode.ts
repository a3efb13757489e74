import * as vscode from 'vscode';
import type { TreeNode } from '../treeNode';
import { NODE_TYPES } from '../nodeTypes';

/** The LXD host the extension talks to (over Remote-SSH, the remote machine): its instances and profiles. */
export class HostNode implements TreeNode {
  readonly nodeType = 'host' as const;
  constructor(
    private readonly server: { name: string; kind: string; version: string; socket: string },
    private readonly children: TreeNode[],
  ) {}

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.server.name, vscode.TreeItemCollapsibleState.Expanded);
    item.id = 'host';
    item.iconPath = new vscode.ThemeIcon('server');
    item.description = `${this.server.kind} ${this.server.version}`;
    item.tooltip = `${this.server.kind} ${this.server.version} on ${this.server.name}\nsocket: ${this.server.socket}${vscode.env.remoteName ? `\nremote: ${vscode.env.remoteName}` : ''}`;
    item.contextValue = NODE_TYPES.host;
    return item;
  }

  getChildren(): TreeNode[] {
    return this.children;
  }
}
