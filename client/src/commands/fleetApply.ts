import * as vscode from 'vscode';
import type { FleetApplyResult, FleetEvent } from '../../../core/src/protocol';
import { countsText, liveText, upgradeCounts } from '../model/fleetLive';
import type { CommandContext } from './commandContext';

/** Each event: the clone's node shows it, the log keeps it, the notification counts. */
function onEvent(
  ctx: CommandContext,
  progress: vscode.Progress<{ message?: string }>,
  total: number,
  e: FleetEvent,
): void {
  ctx.fleet.setLive(e);
  const line = `${e.instance} on ${e.host}: ${liveText(ctx.fleet.liveOf(e.host, e.instance)!)}`;
  (e.status === 'failed' ? ctx.log.error : ctx.log.info)(`fleet upgrade: ${line}`);
  progress.report({ message: `${countsText(upgradeCounts(ctx.fleet.liveClones), total)} — ${line}` });
}

/** The summary: every clone in the log; one message, an error with Show Log when one failed. */
function summarise(ctx: CommandContext, template: string, result: FleetApplyResult): void {
  for (const c of result.clones) {
    const time = c.seconds !== undefined ? ` in ${c.seconds.toFixed(1)} s` : '';
    const line = `fleet upgrade: ${c.instance} on ${c.host}: ${c.status}${time}${c.message ? ` — ${c.message}` : ''}`;
    (c.status === 'failed' ? ctx.log.error : ctx.log.info)(line);
  }
  const s = result.summary;
  const text = `Upgrade Fleet of ${template}: ${s.done} done, ${s.reverted} reverted, ${s.failed} failed, ${s.skipped} skipped`;
  if (!s.failed && !s.reverted) {
    void vscode.window.showInformationMessage(text);
    return;
  }
  const failures = result.clones
    .filter((c) => c.status === 'failed' || c.status === 'reverted')
    .map((c) => `${c.instance}: ${c.message ?? c.status}`);
  void vscode.window
    .showErrorMessage(`${text}. ${failures.join('; ')}`, 'Show Log')
    .then((a) => a && ctx.log.show());
}

/**
 * `lxdops/fleetApply` with the live status of every clone (its node, a cancellable progress
 * notification with counts; cancel → `lxdops/cancel`), then the summary. The fleet and both
 * views are read again before it returns, whatever happened.
 */
export async function applyUpgrade(
  ctx: CommandContext,
  template: string,
  id: string,
  total: number,
): Promise<void> {
  try {
    const result = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: `Upgrade Fleet of ${template}`,
        cancellable: true,
      },
      async (progress, token) => {
        const events = ctx.server.onFleetEvent((e) => e.id === id && onEvent(ctx, progress, total, e));
        const cancel = token.onCancellationRequested(() => ctx.server.cancel(id));
        try {
          return await ctx.server.fleetApply(id);
        } finally {
          events.dispose();
          cancel.dispose();
        }
      },
    );
    summarise(ctx, template, result);
  } catch (e) {
    ctx.log.error(`fleet upgrade of ${template}: ${(e as Error).message}`);
    void vscode.window
      .showErrorMessage(`lxdops Upgrade Fleet of ${template}: ${(e as Error).message}`, 'Show Log')
      .then((a) => a && ctx.log.show());
  } finally {
    await ctx.model.refreshAll();
    await ctx.fleet.refresh();
    ctx.fleet.clearLive();
  }
}
