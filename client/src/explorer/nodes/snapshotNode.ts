import * as vscode from 'vscode';
import type { TreeNode } from '../treeNode';
import { NODE_TYPES } from '../nodeTypes';

/** A ZFS snapshot of a filesystem, or an LXD snapshot of a container. */
export class SnapshotNode implements TreeNode {
  readonly nodeType = 'snapshot' as const;
  constructor(
    readonly host: string,
    readonly name: string,
    readonly kind: 'zfs' | 'lxd',
    readonly instanceName: string,
    private readonly created?: string,
  ) {}

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.name, vscode.TreeItemCollapsibleState.None);
    item.iconPath = new vscode.ThemeIcon(this.kind === 'zfs' ? 'history' : 'device-camera');
    item.description =
      this.kind === 'lxd'
        ? `LXD${this.created ? `, ${new Date(this.created).toLocaleString()}` : ''}`
        : 'ZFS';
    item.tooltip = `${this.kind === 'zfs' ? 'ZFS' : 'LXD'} snapshot ${this.name} of ${this.instanceName} on ${this.host}`;
    item.contextValue = NODE_TYPES.snapshot;
    return item;
  }

  getChildren(): TreeNode[] {
    return [];
  }
}
