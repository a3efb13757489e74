import * as vscode from 'vscode';
import type { HostEntry } from '../../../../core/src/hosts/hostEntry';
import type { LxdListing } from '../../../../core/src/hosts/hostListing';
import { endpointAddress } from '../../../../core/src/lxd/endpoint';
import type { EventStreamState } from '../../../../core/src/lxd/eventStream';
import type { TreeNode } from '../treeNode';
import { NODE_TYPES } from '../nodeTypes';

/** What a host node shows: the entry, its last listing (none when it failed), its event stream. */
export interface HostView {
  entry: HostEntry;
  listing?: LxdListing;
  /** The label of the host's failure (the message node under it says the reason and the fix). */
  failure?: string;
  events: EventStreamState;
}

function eventsLine(events: EventStreamState): string {
  if (events.state === 'open') return 'events: following';
  if (events.state === 'connecting') return 'events: connecting';
  return `events: disconnected (${events.reason}); retrying every ${events.retrySeconds} s`;
}

/** One LXD or Incus host (a cluster counts as one): its instances, or its members, and its profiles. */
export class HostNode implements TreeNode {
  readonly nodeType = 'host' as const;
  constructor(
    private readonly view: HostView,
    private readonly children: TreeNode[],
  ) {}

  get host(): string {
    return this.view.entry.name;
  }

  private description(): string {
    const server = this.view.listing?.server;
    const members = this.view.listing?.members.length ?? 0;
    if (this.view.failure)
      return `${this.view.entry.kind === 'incus' ? 'Incus' : ''} ${this.view.failure}`.trim();
    if (!server) return 'listing…';
    return [`${server.kind} ${server.version}`, server.clustered ? `cluster (${members} members)` : '']
      .filter(Boolean)
      .join(' · ');
  }

  getTreeItem(): vscode.TreeItem {
    const { entry, listing } = this.view;
    const item = new vscode.TreeItem(entry.name, vscode.TreeItemCollapsibleState.Expanded);
    item.id = entry.name === 'local' ? 'host' : `host:${entry.name}`;
    item.iconPath = new vscode.ThemeIcon(this.view.failure ? 'debug-disconnect' : 'server');
    item.description = this.description();
    const server = listing?.server;
    item.tooltip = [
      server ? `${server.kind} ${server.version} (server name ${server.name})` : entry.name,
      `${entry.endpoint.kind === 'socket' ? 'socket' : 'address'}: ${endpointAddress(entry.endpoint)}`,
      `host commands (zfs): ${entry.ssh ? `over SSH to ${entry.ssh}` : 'on this machine'}`,
      `from: ${entry.source}`,
      eventsLine(this.view.events),
      ...(vscode.env.remoteName ? [`remote: ${vscode.env.remoteName}`] : []),
    ].join('\n');
    item.contextValue = NODE_TYPES.host;
    return item;
  }

  getChildren(): TreeNode[] {
    return this.children;
  }
}
