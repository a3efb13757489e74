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
  constructor(
    readonly host: string,
    readonly instance: ListedInstance,
    /** Containers safe rebuilds of it kept (Revert Last Rebuild and Clean Up are offered then). */
    readonly kept: readonly string[] = [],
  ) {}

  /** The cluster member that holds the instance (its `location`: ListedInstance.member). */
  get member(): string | undefined {
    return this.instance.member;
  }

  /** The node id: unprefixed for the local LXD (ids of earlier versions stay), else with the host. */
  get id(): string {
    const i = this.instance;
    return `instance:${this.host === 'local' ? '' : `${this.host}:`}${i.project}/${i.name}`;
  }

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
    item.id = this.id;
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
        `host: ${this.host}${i.member ? `, member ${i.member}` : ''}`,
        `project: ${i.project}`,
        i.ipv4.length ? `IPv4: ${i.ipv4.join(', ')}` : '',
        i.source ? `source: ${i.source}` : '',
        `profiles: ${i.profiles.join(', ')}`,
        i.config ? `config: ${i.config}` : 'no workspace config defines it',
        this.kept.length ? `kept by safe rebuilds: ${this.kept.join(', ')}` : '',
        i.filesystemsProblem ?? '',
      ]
        .filter(Boolean)
        .join('\n\n'),
    );
    const kept = this.kept.length ? NODE_TYPES.withKept : '';
    item.contextValue = `${running ? NODE_TYPES.instanceRunning : NODE_TYPES.instanceStopped}${kept}${i.config ? NODE_TYPES.withConfig : ''}`;
    return item;
  }

  getChildren(): TreeNode[] {
    const i = this.instance;
    const out: TreeNode[] = [];
    const id = this.id;
    const host = this.host;
    if (i.filesystems.length)
      out.push(
        new FolderNode(
          host,
          'Filesystems',
          'database',
          i.filesystems.map((f) => new FilesystemNode(host, f, i.name, `${id}/fs/${f.id}`)),
          undefined,
          `${id}/filesystems`,
        ),
      );
    if (i.devices.length)
      out.push(
        new FolderNode(
          host,
          'Devices',
          'folder-library',
          i.devices.map((d) => new DeviceNode(host, d)),
          undefined,
          `${id}/devices`,
        ),
      );
    out.push(
      new FolderNode(
        host,
        'Snapshots',
        'history',
        i.lxdSnapshots.map((s) => new SnapshotNode(host, s.name, 'lxd', i.name, s.created)),
        undefined,
        `${id}/snapshots`,
      ),
    );
    return out;
  }
}
