import { basename } from 'node:path';
import * as vscode from 'vscode';
import type { ListedInstance } from '../../../../core/src/engine/listing';
import type { Target } from '../../model/targetSelection';
import type { TreeNode } from '../treeNode';
import { NODE_TYPES } from '../nodeTypes';
import { DeviceNode } from './deviceNode';
import { FilesystemNode } from './filesystemNode';
import { FolderNode } from './folderNode';
import { SnapshotNode } from './snapshotNode';

/** An LXD instance: state, address, source, the config that defines it; its filesystems, devices and snapshots. */
export class InstanceNode implements TreeNode {
  readonly nodeType = 'instance' as const;
  constructor(readonly instance: ListedInstance) {}

  get target(): Target {
    const i = this.instance;
    return { kind: 'instance', name: i.name, project: i.project, configPath: i.config };
  }

  get configUri(): vscode.Uri | undefined {
    return this.instance.config ? vscode.Uri.file(this.instance.config) : undefined;
  }

  getTreeItem(): vscode.TreeItem {
    const i = this.instance;
    const item = new vscode.TreeItem(i.name, vscode.TreeItemCollapsibleState.Collapsed);
    const running = i.status === 'Running';
    item.id = `instance:${i.project}/${i.name}`;
    item.iconPath = new vscode.ThemeIcon(
      running ? 'vm-running' : 'vm-outline',
      new vscode.ThemeColor(running ? 'testing.iconPassed' : 'disabledForeground'),
    );
    item.description = [
      i.ipv4[0],
      i.project !== 'default' ? i.project : '',
      i.source,
      i.records['status'] === 'configure-failed' ? 'configure failed' : '',
      i.config ? basename(i.config) : 'no config',
    ]
      .filter(Boolean)
      .join(' · ');
    item.tooltip = new vscode.MarkdownString(
      [
        `**${i.name}** — ${i.status}`,
        `project: ${i.project}`,
        i.ipv4.length ? `IPv4: ${i.ipv4.join(', ')}` : '',
        i.source ? `source: ${i.source}` : '',
        `profiles: ${i.profiles.join(', ')}`,
        i.config ? `config: ${i.config}` : 'no workspace config defines it',
      ]
        .filter(Boolean)
        .join('\n\n'),
    );
    item.contextValue = `${running ? NODE_TYPES.instanceRunning : NODE_TYPES.instanceStopped}${i.config ? NODE_TYPES.withConfig : ''}`;
    return item;
  }

  getChildren(): TreeNode[] {
    const i = this.instance;
    const out: TreeNode[] = [];
    const id = `instance:${i.project}/${i.name}`;
    if (i.filesystems.length)
      out.push(
        new FolderNode(
          'Filesystems',
          'database',
          i.filesystems.map((f) => new FilesystemNode(f, i.name, `${id}/fs/${f.id}`)),
          undefined,
          `${id}/filesystems`,
        ),
      );
    if (i.devices.length)
      out.push(
        new FolderNode(
          'Devices',
          'folder-library',
          i.devices.map((d) => new DeviceNode(d)),
          undefined,
          `${id}/devices`,
        ),
      );
    out.push(
      new FolderNode(
        'Snapshots',
        'history',
        i.lxdSnapshots.map((s) => new SnapshotNode(s.name, 'lxd', i.name, s.created)),
        undefined,
        `${id}/snapshots`,
      ),
    );
    return out;
  }
}
