import * as vscode from 'vscode';
import type { TreeNode } from '../treeNode';
import { NODE_TYPES } from '../nodeTypes';

/** A failure or a hint shown in the tree instead of throwing out of getChildren. */
export class MessageNode implements TreeNode {
  readonly nodeType = 'message' as const;
  constructor(
    private readonly label: string,
    private readonly detail?: string,
    private readonly icon = 'warning',
    /** The host it is about (a host's failure, under its host node). */
    readonly host?: string,
  ) {}

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.label, vscode.TreeItemCollapsibleState.None);
    item.iconPath = new vscode.ThemeIcon(this.icon);
    item.tooltip = this.detail ?? this.label;
    item.contextValue = NODE_TYPES.message;
    return item;
  }

  getChildren(): TreeNode[] {
    return [];
  }
}
