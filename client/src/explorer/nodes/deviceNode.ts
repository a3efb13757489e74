import * as vscode from 'vscode';
import type { TreeNode } from '../treeNode';
import { NODE_TYPES } from '../nodeTypes';

/** A disk device of the instance profile: container path ← host directory. */
export class DeviceNode implements TreeNode {
  readonly nodeType = 'device' as const;
  constructor(
    readonly host: string,
    private readonly device: { name: string; path: string; source: string },
  ) {}

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.device.name, vscode.TreeItemCollapsibleState.None);
    item.iconPath = new vscode.ThemeIcon('folder-library');
    item.description = `${this.device.path} ← ${this.device.source}`;
    item.tooltip = `${this.device.path} in the container ← ${this.device.source} on ${this.host}`;
    item.contextValue = NODE_TYPES.device;
    return item;
  }

  getChildren(): TreeNode[] {
    return [];
  }
}
