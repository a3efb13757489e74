import * as vscode from 'vscode';
import type { FleetTemplate } from '../../../core/src/fleet/fleetTypes';
import { snapshotGroups } from '../model/fleetGroups';
import type { FleetModel } from './fleetModel';
import { FleetCloneNode } from './nodes/fleetCloneNode';
import { FleetSnapshotNode } from './nodes/fleetSnapshotNode';
import { FleetTemplateNode } from './nodes/fleetTemplateNode';
import { MessageNode } from './nodes/messageNode';
import type { TreeNode } from './treeNode';

function templateNode(fleet: FleetModel, t: FleetTemplate): TreeNode {
  const key = `${t.host}/${t.instance}`;
  const clone = (c: FleetTemplate['clones'][number]) =>
    new FleetCloneNode(c, key, fleet.liveOf(c.host, c.instance));
  const { groups, loose } = snapshotGroups(t);
  const children: TreeNode[] = groups.map(
    (g) => new FleetSnapshotNode(t.host, t.instance, g, g.clones.map(clone)),
  );
  return new FleetTemplateNode(t, [...children, ...loose.map(clone)]);
}

/**
 * The Fleet view: each template (per host) → its snapshots → the clones built from each, with their
 * state, or what they are doing while an upgrade runs; hosts that could not be read as messages.
 */
export class FleetView implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly fleet: FleetModel) {
    this.subscription = fleet.onDidChange(() => this.changed.fire(undefined));
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    return node.getTreeItem();
  }

  getChildren(node?: TreeNode): TreeNode[] | Promise<TreeNode[]> {
    if (node) return node.getChildren();
    const status = this.fleet.status;
    if (!status)
      return this.fleet.problem
        ? [new MessageNode('The language server did not give the fleet', this.fleet.problem, 'error')]
        : [new MessageNode('Reading the fleet…', undefined, 'loading~spin')];
    const problems = (status.problems ?? []).map(
      (p) => new MessageNode(`${p.host}: ${p.message}`, p.message, 'debug-disconnect', p.host),
    );
    const templates = status.templates.map((t) => templateNode(this.fleet, t));
    if (!templates.length)
      templates.push(
        new MessageNode(
          'No templates',
          'A template is an instance that other configs name in origin, device-origin or device-template.',
          'info',
        ),
      );
    // a read that failed after one that answered: the last fleet stays, with why it may be old
    const failed = this.fleet.problem
      ? [new MessageNode('The fleet could not be read again', this.fleet.problem, 'warning')]
      : [];
    return [...failed, ...templates, ...problems];
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
