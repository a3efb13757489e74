import * as vscode from 'vscode';
import type { TreeNode } from '../treeNode';
import { NODE_TYPES } from '../nodeTypes';

/** A group of children under an instance or a host: Filesystems, Devices, Snapshots, Profiles. */
export class FolderNode implements TreeNode {
  readonly nodeType = 'folder' as const;
  constructor(
    readonly host: string,
    readonly label: string,
    private readonly icon: string,
    private readonly children: TreeNode[],
    private readonly description?: string,
    /** A stable id (parent id + label), so that a refresh keeps the node expanded. */
    private readonly id?: string,
  ) {}

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(
      this.label,
      this.children.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
    );
    item.iconPath = new vscode.ThemeIcon(this.icon);
    item.description = this.description ?? String(this.children.length);
    item.contextValue = NODE_TYPES.folder;
    if (this.id) item.id = this.id;
    return item;
  }

  getChildren(): TreeNode[] {
    return this.children;
  }
}
