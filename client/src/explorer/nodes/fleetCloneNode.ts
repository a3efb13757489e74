import * as vscode from 'vscode';
import type { CloneState, FleetClone } from '../../../../core/src/fleet/fleetTypes';
import { uriPath } from '../../../../core/src/hosts/configLink';
import { type LiveClone, liveText } from '../../model/fleetLive';
import type { Target } from '../../model/targetSelection';
import type { TreeNode } from '../treeNode';
import { NODE_TYPES } from '../nodeTypes';
import { FleetKeptNode } from './fleetKeptNode';

const STATE_ICONS: Record<CloneState, [string, string?]> = {
  current: ['pass-filled', 'testing.iconPassed'],
  stale: ['history', 'problemsWarningIcon.foreground'],
  'not-created': ['circle-large-outline'],
  failed: ['error', 'problemsErrorIcon.foreground'],
  reverted: ['discard', 'problemsWarningIcon.foreground'],
};

const LIVE_ICONS: Record<LiveClone['status'], [string, string?]> = {
  queued: ['watch'],
  running: ['loading~spin'],
  'health-check': ['loading~spin'],
  done: ['pass', 'testing.iconPassed'],
  reverted: ['discard', 'problemsWarningIcon.foreground'],
  failed: ['error', 'problemsErrorIcon.foreground'],
  skipped: ['circle-slash'],
};

const icon = ([name, color]: [string, string?]) =>
  new vscode.ThemeIcon(name, color ? new vscode.ThemeColor(color) : undefined);

function when(iso: string | undefined): string | undefined {
  return iso ? new Date(iso).toLocaleString() : undefined;
}

/** A clone of a template: its state (or, during an upgrade, what it is doing), host and kept containers. */
export class FleetCloneNode implements TreeNode {
  readonly nodeType = 'fleetClone' as const;
  constructor(
    readonly clone: FleetClone,
    /** The template it is a clone of (`host/instance`), for a stable id. */
    private readonly template: string,
    private readonly live: LiveClone | undefined,
  ) {}

  get host(): string {
    return this.clone.host;
  }

  get target(): Target {
    return { kind: 'config', path: uriPath(this.clone.config) };
  }

  private get kept(): string[] {
    return this.clone.kept ?? [];
  }

  getTreeItem(): vscode.TreeItem {
    const c = this.clone;
    const item = new vscode.TreeItem(
      c.instance,
      this.kept.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
    );
    item.id = `fleet-clone:${this.template}/${c.host}/${c.instance}`;
    item.iconPath = icon(this.live ? LIVE_ICONS[this.live.status] : STATE_ICONS[c.state]);
    const state = this.live ? liveText(this.live) : c.state.replace('-', ' ');
    item.description = [state, c.host, this.kept.length ? `${this.kept.length} kept` : '']
      .filter(Boolean)
      .join(' · ');
    item.tooltip = new vscode.MarkdownString(this.tooltipLines().join('\n\n'));
    item.contextValue = `${NODE_TYPES.fleetClone}.${c.state}${this.kept.length ? NODE_TYPES.withKept : ''}`;
    item.resourceUri = vscode.Uri.file(uriPath(c.config));
    item.command = { command: 'vscode.open', title: 'Open', arguments: [item.resourceUri] };
    return item;
  }

  private tooltipLines(): string[] {
    const c = this.clone;
    const built = when(c.built);
    return [
      `**${c.instance}** — ${c.state.replace('-', ' ')}${c.reason ? `: ${c.reason}` : ''}`,
      this.live ? `now: ${liveText(this.live)}` : '',
      `host: ${c.host}`,
      `config: ${uriPath(c.config)}`,
      built ? `built: ${built}` : '',
      c.builtFrom
        ? `built from: ${c.builtFrom.snapshot} (taken ${when(c.builtFrom.id) ?? c.builtFrom.id})`
        : '',
      c.wants ? `its config names: ${c.wants}` : '',
      this.kept.length ? `kept by safe rebuilds: ${this.kept.join(', ')}` : '',
    ].filter(Boolean);
  }

  getChildren(): TreeNode[] {
    return this.kept.map(
      (k, i) => new FleetKeptNode(this.host, k, this.clone.instance, this.target, i === 0),
    );
  }
}
