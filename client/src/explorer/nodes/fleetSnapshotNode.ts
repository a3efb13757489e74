import * as vscode from 'vscode';
import type { SnapshotGroup } from '../../model/fleetGroups';
import type { TreeNode } from '../treeNode';
import { NODE_TYPES } from '../nodeTypes';

/** A template snapshot with the clones built from it; a replaced one is remembered only by its clones. */
export class FleetSnapshotNode implements TreeNode {
  readonly nodeType = 'fleetSnapshot' as const;
  constructor(
    readonly host: string,
    private readonly template: string,
    private readonly group: SnapshotGroup,
    private readonly clones: TreeNode[],
  ) {}

  getTreeItem(): vscode.TreeItem {
    const { snapshot, replaced } = this.group;
    // always expandable: a new snapshot has no clones until the upgrade moves them under it, and
    // VS Code keeps a node shown as a leaf collapsed when children come (its id stays)
    const item = new vscode.TreeItem(snapshot.name, vscode.TreeItemCollapsibleState.Expanded);
    const taken = new Date(snapshot.id);
    const time = Number.isNaN(taken.getTime()) ? snapshot.id : taken.toLocaleString();
    item.id = `fleet-snapshot:${this.host}/${this.template}@${snapshot.name}#${snapshot.id}`;
    item.iconPath = new vscode.ThemeIcon(replaced ? 'history' : 'device-camera');
    item.description = [replaced ? 'replaced' : '', time, `${this.clones.length} clone(s)`]
      .filter(Boolean)
      .join(' · ');
    item.tooltip = replaced
      ? `${this.template}/${snapshot.name} taken ${time} no longer exists (taken again, or deleted): its clones are stale`
      : `${this.template}/${snapshot.name}, taken ${time}`;
    item.contextValue = NODE_TYPES.fleetSnapshot;
    return item;
  }

  getChildren(): TreeNode[] {
    return this.clones;
  }
}
