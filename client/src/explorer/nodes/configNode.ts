import { basename } from 'node:path';
import * as vscode from 'vscode';
import type { ListedInstance } from '../../../../core/src/engine/listing';
import type { WorkspaceConfig } from '../../workspaceConfigs';
import type { TreeNode } from '../treeNode';
import { NODE_TYPES } from '../nodeTypes';

export type ConfigStatus =
  'not created' | 'running' | 'stopped' | 'config changed since launch' | 'cannot run';

/** The status of a config's instance, from the LXD listing. */
export function configStatus(c: WorkspaceConfig, instances: ListedInstance[]): ConfigStatus {
  if (!c.spec) return 'cannot run';
  const i = instances.find((x) => x.name === c.spec!.container && x.project === c.spec!.project);
  if (!i) return 'not created';
  if (i.hash && i.hash !== c.hash) return 'config changed since launch';
  return i.status === 'Running' ? 'running' : 'stopped';
}

const ICONS: Record<ConfigStatus, string> = {
  'not created': 'circle-large-outline',
  running: 'vm-running',
  stopped: 'vm-outline',
  'config changed since launch': 'diff-modified',
  'cannot run': 'error',
};

/** A root `#lxdops` config of the workspace, with the status of its instance. */
export class ConfigNode implements TreeNode {
  readonly nodeType = 'config' as const;
  constructor(
    readonly config: WorkspaceConfig,
    readonly status: ConfigStatus,
  ) {}

  get uri(): vscode.Uri {
    return vscode.Uri.file(this.config.root.root);
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.config.root.instance, vscode.TreeItemCollapsibleState.None);
    item.id = `config:${this.config.root.root}`;
    item.resourceUri = this.uri;
    item.iconPath = new vscode.ThemeIcon(ICONS[this.status]);
    item.description = `${this.status} · ${basename(this.config.root.root)}`;
    item.tooltip = `${this.config.root.root}\n${this.status}${this.config.error ? `\n${this.config.error}` : ''}`;
    item.contextValue = `${NODE_TYPES.config}.${this.status === 'not created' ? 'absent' : this.status === 'running' || this.status === 'config changed since launch' ? 'running' : this.status === 'stopped' ? 'stopped' : 'invalid'}`;
    item.command = { command: 'vscode.open', title: 'Open', arguments: [this.uri] };
    return item;
  }

  getChildren(): TreeNode[] {
    return [];
  }
}
