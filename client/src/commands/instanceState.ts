import * as vscode from 'vscode';
import { UnusedAnswer } from '../../../core/src/lxd/records/envelope';
import type { CommandContext } from './commandContext';
import { hostOfCommand } from './commandHost';
import { instanceTargets } from './targets';

/** Start / Stop / Restart, straight through the API, for instances with or without a config. */
export async function setState(
  ctx: CommandContext,
  action: 'start' | 'stop' | 'restart',
  clicked?: unknown,
  selected?: unknown,
): Promise<void> {
  const host = hostOfCommand(ctx, action, clicked, selected);
  if (!host) return;
  // the API of the node's host (or the default host): a cluster forwards to the instance's member
  const connection = ctx.model.host(host)?.connection;
  const api = connection?.api();
  if (!api) {
    void vscode.window.showErrorMessage(connection?.problem ?? `${host} is not reachable (see the explorer)`);
    return;
  }
  const instances = await instanceTargets(ctx, action, host, clicked, selected);
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `lxdops ${action} on ${host}` },
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
  await ctx.model.refreshHost(host);
}
