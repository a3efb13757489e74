import * as vscode from 'vscode';
import type { FleetTemplate } from '../../../../core/src/fleet/fleetTypes';
import { uriPath } from '../../../../core/src/hosts/configLink';
import { staleCount } from '../../model/fleetGroups';
import type { Target } from '../../model/targetSelection';
import type { TreeNode } from '../treeNode';
import { NODE_TYPES } from '../nodeTypes';

/** A template: an instance that other configs copy (origin, device-origin, device-template). */
export class FleetTemplateNode implements TreeNode {
  readonly nodeType = 'fleetTemplate' as const;
  constructor(
    readonly template: FleetTemplate,
    private readonly children: TreeNode[],
  ) {}

  get host(): string {
    return this.template.host;
  }

  /** The template's config (Upgrade Fleet acts on it); absent when the workspace has none. */
  get target(): Target | undefined {
    return this.template.config ? { kind: 'config', path: uriPath(this.template.config) } : undefined;
  }

  getTreeItem(): vscode.TreeItem {
    const t = this.template;
    const item = new vscode.TreeItem(t.instance, vscode.TreeItemCollapsibleState.Expanded);
    const stale = staleCount(t);
    item.id = `fleet-template:${t.host}/${t.instance}`;
    item.iconPath = new vscode.ThemeIcon('layers');
    item.description = [t.host, `${t.clones.length} clone(s)`, stale ? `${stale} stale` : 'all current']
      .filter(Boolean)
      .join(' · ');
    item.tooltip = [
      `${t.instance} on ${t.host}: template of ${t.clones.map((c) => c.instance).join(', ') || 'no clone'}`,
      t.config ? `config: ${uriPath(t.config)}` : 'no workspace config defines it (Upgrade Fleet needs one)',
      `snapshots: ${t.snapshots.map((s) => s.name).join(', ') || 'none'}`,
    ].join('\n');
    item.contextValue = `${NODE_TYPES.fleetTemplate}${t.config ? NODE_TYPES.withConfig : ''}`;
    return item;
  }

  getChildren(): TreeNode[] {
    return this.children;
  }
}
