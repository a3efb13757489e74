import * as vscode from 'vscode';
import type { TreeNode } from '../treeNode';
import { NODE_TYPES } from '../nodeTypes';

/** An LXD profile of the host, with how many instances use it. */
export class ProfileNode implements TreeNode {
  readonly nodeType = 'profile' as const;
  constructor(
    readonly host: string,
    private readonly profile: { name: string; project: string; usedBy: number; devices: number },
  ) {}

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.profile.name, vscode.TreeItemCollapsibleState.None);
    item.iconPath = new vscode.ThemeIcon('symbol-namespace');
    item.description = `${this.profile.project === 'default' ? '' : `${this.profile.project} · `}${this.profile.devices} devices · used by ${this.profile.usedBy}`;
    item.tooltip = `profile ${this.profile.name} (project ${this.profile.project}) on ${this.host}`;
    item.contextValue = NODE_TYPES.profile;
    return item;
  }

  getChildren(): TreeNode[] {
    return [];
  }
}
