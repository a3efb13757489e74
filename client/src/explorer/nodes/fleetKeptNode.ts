import * as vscode from 'vscode';
import type { Target } from '../../model/targetSelection';
import type { TreeNode } from '../treeNode';
import { NODE_TYPES } from '../nodeTypes';

/** A container a safe rebuild of the clone kept (stopped, renamed): what Revert Last Rebuild brings back. */
export class FleetKeptNode implements TreeNode {
  readonly nodeType = 'fleetKept' as const;
  constructor(
    readonly host: string,
    readonly kept: string,
    private readonly clone: string,
    /** The clone's config: Revert and Clean Up act on it. */
    readonly target: Target,
    private readonly newest: boolean,
  ) {}

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.kept, vscode.TreeItemCollapsibleState.None);
    item.id = `fleet-kept:${this.host}/${this.kept}`;
    item.iconPath = new vscode.ThemeIcon('archive');
    item.description = this.newest ? 'kept · Revert Last Rebuild brings it back' : 'kept';
    item.tooltip = `${this.kept}: the container ${this.clone} was before a safe rebuild, kept stopped until Clean Up removes it`;
    item.contextValue = NODE_TYPES.fleetKept;
    return item;
  }

  getChildren(): TreeNode[] {
    return [];
  }
}
