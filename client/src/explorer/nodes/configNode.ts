import * as vscode from 'vscode';
import type { ConfigSummary } from '../../../../core/src/protocol';
import { type ConfigState, type ConfigStatus, stateKey } from '../../model/configState';
import { uriPath } from '../../../../core/src/hosts/configLink';
import type { Target } from '../../model/targetSelection';
import type { TreeNode } from '../treeNode';
import { NODE_TYPES } from '../nodeTypes';
import type { ConfigOnHost } from '../model';
import { ConfigHostNode } from './configHostNode';

const ICONS: Record<ConfigState, [string, string?]> = {
  'not created': ['circle-large-outline'],
  'partially created': ['warning', 'problemsWarningIcon.foreground'],
  'configure failed': ['error', 'problemsErrorIcon.foreground'],
  'lxd unreachable': ['debug-disconnect'],
  running: ['vm-running'],
  stopped: ['vm-outline'],
  'config changed since launch': ['diff-modified'],
  'cannot run': ['error'],
};

function problemsText(summary: ConfigSummary): string {
  const parts = [
    summary.errors ? `${summary.errors} error${summary.errors > 1 ? 's' : ''}` : '',
    summary.warnings ? `${summary.warnings} warning${summary.warnings > 1 ? 's' : ''}` : '',
  ];
  return parts.filter(Boolean).join(', ');
}

/** A root `#lxdops` config of the workspace, with the state of what it created. */
export class ConfigNode implements TreeNode {
  readonly nodeType = 'config' as const;
  constructor(
    readonly summary: ConfigSummary,
    /** The state on the local LXD (what commands without a host act on). */
    readonly status: ConfigStatus,
    /** Its instance on every host where it exists (and the hosts that cannot say). */
    readonly onHosts: readonly ConfigOnHost[] = [],
  ) {}

  get path(): string {
    return uriPath(this.summary.uri);
  }

  get uri(): vscode.Uri {
    return vscode.Uri.file(this.path);
  }

  get target(): Target {
    const s = this.summary;
    return {
      kind: 'config',
      path: this.path,
      ...(s.instance ? { instance: { name: s.instance, project: s.project ?? 'default' } } : {}),
    };
  }

  /** The instance tied to the config (a renamed one keeps its new name), else the config's instance. */
  private label(): string {
    const file = this.path
      .split('/')
      .pop()!
      .replace(/\.ya?ml$/, '');
    return this.status.instance?.name ?? this.summary.instance ?? file;
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(
      this.label(),
      this.onHosts.length ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None,
    );
    const [icon, color] = ICONS[this.status.state];
    item.id = `config:${this.path}`;
    item.resourceUri = this.uri;
    item.iconPath = new vscode.ThemeIcon(icon, color ? new vscode.ThemeColor(color) : undefined);
    item.description = [this.status.state, problemsText(this.summary), this.path.split('/').pop()]
      .filter(Boolean)
      .join(' · ');
    item.tooltip = [
      this.path,
      `on local: ${this.status.state}`,
      ...this.status.details,
      ...this.onHosts.filter((h) => h.host !== 'local').map((h) => `on ${h.host}: ${h.status.state}`),
      ...this.summary.problems.map((p) => `${p.severity} line ${p.line + 1}: ${p.message}`),
    ].join('\n');
    item.contextValue = `${NODE_TYPES.config}.${stateKey(this.status)}`;
    item.command = { command: 'vscode.open', title: 'Open', arguments: [this.uri] };
    return item;
  }

  getChildren(): TreeNode[] {
    return this.onHosts.map((h) => new ConfigHostNode(this.path, h));
  }
}
