import * as vscode from 'vscode';
import { hostChildren } from './hostChildren';
import type { HostState } from './hostState';
import type { ExplorerModel } from './model';
import { HostNode } from './nodes/hostNode';
import { MessageNode } from './nodes/messageNode';
import type { TreeNode } from './treeNode';

/** A host that failed: its node with one message under it, the reason and what to do (code first). */
function failedHost(state: HostState): TreeNode {
  const advice = state.advice!;
  const entry = state.connection.host!;
  const message = new MessageNode(
    `${advice.label} (${advice.code})`,
    advice.detail,
    'debug-disconnect',
    state.name,
  );
  return new HostNode({ entry, failure: advice.label, events: state.connection.events }, [message]);
}

function hostNode(state: HostState): TreeNode | undefined {
  const entry = state.connection.host;
  if (!entry) return undefined;
  if (state.advice) return failedHost(state);
  const events = state.connection.events;
  if (!state.listing)
    return new HostNode({ entry, events }, [
      new MessageNode('Listing…', undefined, 'loading~spin', state.name),
    ]);
  return new HostNode({ entry, listing: state.listing, events }, hostChildren(state.name, state.listing));
}

/** The Instances view: every host at once → its instances (by member in a cluster) and its profiles. */
export class InstancesView implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly model: ExplorerModel) {
    this.subscription = model.onDidChangeLxd(() => this.changed.fire(undefined));
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    return node.getTreeItem();
  }

  getChildren(node?: TreeNode): TreeNode[] | Promise<TreeNode[]> {
    if (node) return node.getChildren();
    if (!this.model.discovered) return [new MessageNode('Listing LXD…', undefined, 'loading~spin')];
    const hosts = this.model.hosts.flatMap((s) => hostNode(s) ?? []);
    const problems = this.model.connections.problems.map(
      (p) => new MessageNode(`${p.source}: ${p.message}`, `${p.source}: ${p.message}`, 'warning'),
    );
    return [...this.localMissing(hosts.length), ...hosts, ...problems];
  }

  /**
   * No local LXD although lxdops.socket names one (or no host at all): said first, since commands
   * without a host act on it. LXD simply not installed beside Incus is no message.
   */
  private localMissing(hosts: number): TreeNode[] {
    if (this.model.host('local')) return [];
    const socket = vscode.workspace.getConfiguration('lxdops').get<string>('socket', '');
    if (!socket && hosts > 0) return [];
    const detail = socket
      ? `No LXD socket at ${socket} (the lxdops.socket setting): start LXD, or correct or clear the setting.`
      : (this.model.lxdProblem ?? 'No LXD or Incus host found.');
    return [new MessageNode('LXD is not reachable', detail, 'debug-disconnect')];
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
