import * as vscode from 'vscode';
import type { ListedInstance } from '../../../core/src/engine/listing';
import type { CommandContext } from './commandContext';
import { hostOfCommand } from './commandHost';
import { runOperation } from './operationRunner';
import { configTargets } from './targets';

/** The snapshots every existing filesystem has, and the container's, newest name first. */
export function rollbackChoices(instance: ListedInstance | undefined) {
  const zfs = instance?.filesystems.filter((f) => f.exists && f.snapshots.length) ?? [];
  const common = zfs.length
    ? zfs.map((f) => new Set(f.snapshots)).reduce((a, b) => new Set([...a].filter((x) => b.has(x))))
    : new Set<string>();
  const lxd = new Set(instance?.lxdSnapshots.map((s) => s.name) ?? []);
  return [...new Set([...common, ...lxd])]
    .sort()
    .reverse()
    .map((name) => ({
      label: name,
      description: [common.has(name) ? 'filesystems' : '', lxd.has(name) ? 'container' : '']
        .filter(Boolean)
        .join(' + '),
      container: lxd.has(name) && common.has(name),
    }));
}

/** Rollback to snapshot…: a quick pick of the snapshots, then a confirmation that the container stops. */
export async function rollback(ctx: CommandContext, clicked?: unknown, selected?: unknown): Promise<void> {
  const host = hostOfCommand(ctx, 'rollback', clicked, selected);
  if (!host) return;
  const uris = await configTargets(ctx, `rollback on ${host}`, clicked, selected);
  if (uris.length !== 1) {
    if (uris.length) void vscode.window.showWarningMessage('Roll back one instance at a time.');
    return;
  }
  const path = vscode.Uri.parse(uris[0]!).fsPath;
  const instance = ctx.model.host(host)?.listing?.instances.find((i) => i.config === path);
  const items = rollbackChoices(instance);
  if (!items.length) {
    void vscode.window.showInformationMessage(`${instance?.name ?? 'This instance'} has no snapshots.`);
    return;
  }
  const pick = await vscode.window.showQuickPick(items, { title: `Roll back ${instance?.name ?? ''} to…` });
  if (pick)
    await runOperation(
      ctx,
      'rollback',
      uris,
      { host },
      { snapshotName: pick.label, container: pick.container },
    );
}
