import * as vscode from 'vscode';
import { UnusedAnswer } from '../../../core/src/lxd/records/envelope';
import type { CommandContext } from './engineRunner';
import { instancesOf, targetsOf } from './targets';

/** Start / Stop / Restart, straight through the API, for instances with or without a config. */
export async function setState(
  ctx: CommandContext,
  action: 'start' | 'stop' | 'restart',
  first?: unknown,
  all?: unknown,
): Promise<void> {
  const api = ctx.lxd.api();
  if (!api) {
    void vscode.window.showErrorMessage(ctx.lxd.problem ?? 'LXD is not reachable');
    return;
  }
  const instances = instancesOf(targetsOf(first, all));
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `lxdops ${action}` },
    async (progress) => {
      for (const i of instances) {
        progress.report({ message: i.name });
        try {
          await api.call(
            {
              method: 'PUT',
              path: `/1.0/instances/${encodeURIComponent(i.name)}/state`,
              project: i.project,
              body: { action, timeout: 30 },
            },
            UnusedAnswer,
          );
          ctx.log.info(`${action} ${i.name}: done`);
        } catch (e) {
          ctx.log.error(`${action} ${i.name}: ${(e as Error).message}`);
          void vscode.window.showErrorMessage(`${action} ${i.name}: ${(e as Error).message}`);
        }
      }
    },
  );
  ctx.lxd.fire();
  ctx.refresh();
}
