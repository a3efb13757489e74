import * as vscode from 'vscode';
import { UnusedAnswer } from '../../../core/src/lxd/records/envelope';
import type { CommandContext } from './commandContext';
import { instanceTargets } from './targets';

/** Start / Stop / Restart, straight through the API, for instances with or without a config. */
export async function setState(
  ctx: CommandContext,
  action: 'start' | 'stop' | 'restart',
  clicked?: unknown,
  selected?: unknown,
): Promise<void> {
  const api = ctx.model.connection.api();
  if (!api) {
    void vscode.window.showErrorMessage(ctx.model.connection.problem ?? 'LXD is not reachable');
    return;
  }
  const instances = await instanceTargets(ctx, action, clicked, selected);
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
  await ctx.model.refreshLxd();
}
