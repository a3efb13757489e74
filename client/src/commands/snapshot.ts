import * as vscode from 'vscode';
import { SNAPSHOT_NAME, timestampName } from '../../../core/src/engine/snapshotPlans';
import { type CommandContext, runEngine } from './engineRunner';
import { configFiles, targetsOf } from './targets';

/** Snapshot: a name (default the UTC time), then filesystems only or with the container. */
export async function snapshot(ctx: CommandContext, first?: unknown, all?: unknown): Promise<void> {
  const files = configFiles(targetsOf(first, all));
  const name = await vscode.window.showInputBox({
    title: 'Snapshot name',
    value: timestampName(new Date()),
    validateInput: (v) => (SNAPSHOT_NAME.test(v) ? undefined : "letters, digits, '.', '_' and '-'"),
  });
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
  if (!what) return;
  await runEngine(ctx, 'snapshot', files, { snapshotName: name, container: what.container });
}
