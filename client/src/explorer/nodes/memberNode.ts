import * as vscode from 'vscode';
import type { ListedMember } from '../../../../core/src/hosts/clusterMembers';
import type { TreeNode } from '../treeNode';
import { NODE_TYPES } from '../nodeTypes';

/** A member of a cluster: its status and roles; under it the instances it holds (their `location`). */
export class MemberNode implements TreeNode {
  readonly nodeType = 'member' as const;
  constructor(
    readonly host: string,
    readonly member: ListedMember,
    private readonly children: TreeNode[],
  ) {}

  getTreeItem(): vscode.TreeItem {
    const m = this.member;
    const item = new vscode.TreeItem(m.name, vscode.TreeItemCollapsibleState.Expanded);
    const online = m.status === 'Online';
    item.id = `member:${this.host}/${m.name}`;
    item.iconPath = new vscode.ThemeIcon(
      online ? 'vm-connect' : 'warning',
      online ? undefined : new vscode.ThemeColor('problemsWarningIcon.foreground'),
    );
    item.description = [
      m.status,
      m.roles.join(', '),
      `${this.children.length} instance${this.children.length === 1 ? '' : 's'}`,
    ]
      .filter(Boolean)
      .join(' · ');
    item.tooltip = [
      `member ${m.name} of ${this.host}: ${m.status}`,
      m.url ? `url: ${m.url}` : '',
      m.roles.length ? `roles: ${m.roles.join(', ')}` : '',
      m.message ? `message: ${m.message}` : '',
    ]
      .filter(Boolean)
      .join('\n');
    item.contextValue = `${NODE_TYPES.member}.${online ? 'online' : 'offline'}`;
    return item;
  }

  getChildren(): TreeNode[] {
    return this.children;
  }
}
