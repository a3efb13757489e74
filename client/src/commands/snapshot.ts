import * as vscode from 'vscode';
import type { CommandContext } from './commandContext';
import { hostOfCommand } from './commandHost';
import { runOperation } from './operationRunner';
import { configTargets } from './targets';

/** The default snapshot name: the UTC time, `20260102030405` (the server checks the name). */
function timestampName(now: Date): string {
  return now.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

/** Snapshot: a name (default the UTC time), then filesystems only or with the container. */
export async function snapshot(ctx: CommandContext, clicked?: unknown, selected?: unknown): Promise<void> {
  const host = hostOfCommand(ctx, 'snapshot', clicked, selected);
  if (!host) return;
  const uris = await configTargets(ctx, `snapshot on ${host}`, clicked, selected);
  if (!uris.length) return;
  const name = await vscode.window.showInputBox({ title: 'Snapshot name', value: timestampName(new Date()) });
  if (!name) return;
  const what = await vscode.window.showQuickPick(
    [
      {
        label: 'Filesystems',
        description: 'ZFS snapshots of the non-transient filesystems',
        container: false,
      },
      {
        label: 'Filesystems and container',
        description: 'also an LXD snapshot of the container',
        container: true,
      },
    ],
    { title: `Snapshot ${name}` },
  );
  if (what)
    await runOperation(ctx, 'snapshot', uris, { host }, { snapshotName: name, container: what.container });
}
