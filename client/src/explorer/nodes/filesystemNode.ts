import * as vscode from 'vscode';
import type { ListedFilesystem } from '../../../../core/src/engine/listing';
import type { TreeNode } from '../treeNode';
import { NODE_TYPES } from '../nodeTypes';
import { SnapshotNode } from './snapshotNode';

/** A filesystem of an instance: a ZFS dataset (with its snapshots) or a plain directory. */
export class FilesystemNode implements TreeNode {
  readonly nodeType = 'filesystem' as const;
  constructor(
    readonly host: string,
    readonly fs: ListedFilesystem,
    private readonly instanceName: string,
    private readonly id?: string,
  ) {}

  getTreeItem(): vscode.TreeItem {
    const f = this.fs;
    const item = new vscode.TreeItem(
      f.id,
      f.snapshots.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
    );
    item.iconPath = new vscode.ThemeIcon(f.exists ? 'database' : 'circle-slash');
    item.description = [
      f.path,
      f.used,
      f.origin && f.origin !== '-' ? `from ${f.origin}` : '',
      f.exists ? '' : 'missing',
    ]
      .filter(Boolean)
      .join(' · ');
    item.tooltip = `${f.path} on ${this.host}${f.exists ? '' : ' (does not exist)'}${f.used ? `\nused ${f.used}` : ''}${f.origin && f.origin !== '-' ? `\nclone of ${f.origin}` : ''}`;
    item.contextValue = NODE_TYPES.filesystem;
    if (this.id) item.id = this.id;
    return item;
  }

  getChildren(): TreeNode[] {
    return this.fs.snapshots.map((s) => new SnapshotNode(this.host, s, 'zfs', this.instanceName));
  }
}
