import * as vscode from 'vscode';
import type { ConfigOnHost } from '../model';
import type { TreeNode } from '../treeNode';
import { NODE_TYPES } from '../nodeTypes';

/** Under a config: its instance on one host (`on incus-local: stopped`), or why that host cannot say. */
export class ConfigHostNode implements TreeNode {
  readonly nodeType = 'configHost' as const;
  constructor(
    readonly configPath: string,
    readonly onHost: ConfigOnHost,
  ) {}

  get host(): string {
    return this.onHost.host;
  }

  /** The cluster member that holds the instance, when the host is a cluster. */
  get member(): string | undefined {
    return this.onHost.status.instance?.member;
  }

  getTreeItem(): vscode.TreeItem {
    const { host, status } = this.onHost;
    const item = new vscode.TreeItem(`on ${host}: ${status.state}`, vscode.TreeItemCollapsibleState.None);
    const running = status.instance?.status === 'Running';
    item.id = `config:${this.configPath}@${host}`;
    item.iconPath = new vscode.ThemeIcon(
      status.state === 'lxd unreachable' ? 'debug-disconnect' : running ? 'vm-running' : 'vm-outline',
    );
    const instance = status.instance;
    item.description = instance
      ? [instance.name, instance.member ? `on member ${instance.member}` : '', instance.ipv4[0]]
          .filter(Boolean)
          .join(' · ')
      : '';
    item.tooltip = [`${host}: ${status.state}`, ...status.details].join('\n');
    item.contextValue = NODE_TYPES.configHost;
    return item;
  }

  getChildren(): TreeNode[] {
    return [];
  }
}
