import * as vscode from 'vscode';
import { InstanceNode } from '../explorer/nodes/instanceNode';
import type { InstancesView } from '../explorer/instancesView';
import { type CommandContext, runEngine } from './engineRunner';
import { configFiles, targetsOf } from './targets';

/** Rollback to snapshot…: a quick pick of the snapshots that every filesystem of the instance has. */
export async function rollback(
  ctx: CommandContext,
  view: InstancesView,
  first?: unknown,
  all?: unknown,
): Promise<void> {
  const targets = targetsOf(first, all);
  const files = configFiles(targets);
  if (files.length !== 1) {
    void vscode.window.showWarningMessage('Roll back one instance at a time.');
    return;
  }
  const node =
    targets[0] instanceof InstanceNode
      ? targets[0].instance
      : view.instances.find((i) => i.config === files[0]);
  const zfs = node?.filesystems.filter((f) => f.exists && f.snapshots.length) ?? [];
  const common = zfs.length
    ? zfs.map((f) => new Set(f.snapshots)).reduce((a, b) => new Set([...a].filter((x) => b.has(x))))
    : new Set<string>();
  const lxd = new Set(node?.lxdSnapshots.map((s) => s.name) ?? []);
  const items = [...new Set([...common, ...lxd])]
    .sort()
    .reverse()
    .map((s) => ({
      label: s,
      description: [common.has(s) ? 'filesystems' : '', lxd.has(s) ? 'container' : '']
        .filter(Boolean)
        .join(' + '),
      container: lxd.has(s) && common.has(s),
    }));
  if (!items.length) {
    void vscode.window.showInformationMessage(`${node?.name ?? 'This instance'} has no snapshots.`);
    return;
  }
  const pick = await vscode.window.showQuickPick(items, { title: `Roll back ${node?.name ?? ''} to…` });
  if (pick) await runEngine(ctx, 'rollback', files, { snapshotName: pick.label, container: pick.container });
}
