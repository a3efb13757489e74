import * as vscode from 'vscode';
import type {
  ApplyResult,
  InstanceOutcome,
  OperationCommand,
  OperationEvent,
  OperationOptions,
  PrepareResult,
} from '../../../core/src/protocol';
import { safeRebuildOptions } from '../model/fleetOptions';
import { showBlockers } from './blockers';
import type { CommandContext } from './commandContext';
import { confirmOperation } from './confirm';
import { readFleetSettings } from './fleetSettings';

/** The host an operation acts on, and on a cluster the member a launch places the instance on. */
export interface OperationWhere {
  host: string;
  target?: string;
}

/** ` on HOST` (` on HOST, member M`), for titles. */
export function onWhere(where: OperationWhere): string {
  return ` on ${where.host}${where.target ? `, member ${where.target}` : ''}`;
}

/** `lxdops/prepare` under a progress notification: check, pre-flight and plan; nothing changes. */
export async function prepare(
  ctx: CommandContext,
  command: OperationCommand,
  uris: string[],
  where: OperationWhere,
  options: OperationOptions = {},
): Promise<PrepareResult | undefined> {
  try {
    // every rebuild from VS Code is a safe one with the settings' health check and retention
    const safe = command === 'rebuild' ? { ...safeRebuildOptions(readFleetSettings()), ...options } : options;
    const withTarget = where.target ? { ...safe, target: where.target } : safe;
    const prepared = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: `lxdops ${command}${onWhere(where)}: checking…`,
      },
      () => ctx.server.prepare({ command, uris, options: withTarget, host: where.host }),
    );
    ctx.blockers.clear();
    if (prepared.blockers.length || !prepared.id) {
      await showBlockers(ctx, command, prepared.blockers);
      return undefined;
    }
    return prepared;
  } catch (e) {
    ctx.log.error(`${command}: ${(e as Error).message}`);
    void vscode.window.showErrorMessage(`lxdops ${command}: ${(e as Error).message}`);
    return undefined;
  }
}

function onEvent(
  ctx: CommandContext,
  progress: vscode.Progress<{ message?: string }>,
  e: OperationEvent,
): void {
  if (e.type === 'step') {
    const at = e.index !== undefined && e.total ? ` (${e.index + 1}/${e.total})` : '';
    progress.report({ message: `${e.instance}: ${e.text}${at}` });
    ctx.log.info(`${e.instance}: ${e.text}${at}`);
  } else if (e.type === 'failed') ctx.log.error(`${e.instance}: ${e.text}`);
  else ctx.log.info(e.type === 'output' ? e.text.trimEnd() : `${e.instance}: ${e.text}`);
}

function outcomeLine(o: InstanceOutcome): string {
  const time = o.seconds !== undefined ? ` in ${o.seconds.toFixed(1)} s` : '';
  return `${o.instance}: ${o.status}${time}${o.message ? ` — ${o.message}` : ''}`;
}

/** Each instance's outcome: one line in the log each, one notification for all. */
function report(ctx: CommandContext, command: OperationCommand, outcomes: InstanceOutcome[]): void {
  for (const o of outcomes)
    (o.status === 'done' ? ctx.log.info : ctx.log.error)(`${command} ${outcomeLine(o)}`);
  const failed = outcomes.filter((o) => o.status !== 'done');
  if (!failed.length) {
    void vscode.window.showInformationMessage(
      `lxdops ${command}: ${outcomes.map((o) => o.instance).join(', ')} done`,
    );
    return;
  }
  void vscode.window
    .showErrorMessage(`lxdops ${command}: ${outcomes.map(outcomeLine).join('; ')}`, 'Show Log')
    .then((a) => a && ctx.log.show());
}

/**
 * `lxdops/apply` of a prepared operation with cancellable progress (→ `lxdops/cancel`), then each
 * instance's outcome; both views are read again before it returns. When LXD or ZFS changed since
 * the plan, nothing ran: the new plan is shown instead.
 */
export async function applyPrepared(
  ctx: CommandContext,
  command: OperationCommand,
  prepared: PrepareResult,
): Promise<ApplyResult | undefined> {
  const id = prepared.id!;
  try {
    const result = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: `lxdops ${command}${prepared.host ? onWhere({ host: prepared.host, ...(prepared.target ? { target: prepared.target } : {}) }) : ''}`,
        cancellable: true,
      },
      async (progress, token) => {
        const events = ctx.server.onOperationEvent((e) => e.id === id && onEvent(ctx, progress, e));
        const cancel = token.onCancellationRequested(() => ctx.server.cancel(id));
        try {
          return await ctx.server.apply({ id });
        } finally {
          events.dispose();
          cancel.dispose();
        }
      },
    );
    if (result.replanned?.blockers.length) await showBlockers(ctx, command, result.replanned.blockers);
    else if (result.replanned) await ctx.plans.showReplanned(command, prepared, result.replanned);
    else report(ctx, command, result.outcomes);
    return result;
  } catch (e) {
    ctx.log.error(`${command}: ${(e as Error).message}`);
    void vscode.window
      .showErrorMessage(`lxdops ${command}: ${(e as Error).message}`, 'Show Log')
      .then((a) => a && ctx.log.show());
    return undefined;
  } finally {
    await ctx.model.refreshAll();
  }
}

/** The whole path of an editor operation: prepare → blockers or confirmation → apply → outcomes. */
export async function runOperation(
  ctx: CommandContext,
  command: OperationCommand,
  uris: string[],
  where: OperationWhere,
  options: OperationOptions = {},
): Promise<ApplyResult | undefined> {
  if (!uris.length) return undefined;
  const prepared = await prepare(ctx, command, uris, where, options);
  if (!prepared) return undefined;
  for (const i of prepared.instances) ctx.log.info(i.planText.trimEnd());
  if (!(await confirmOperation(command, prepared))) return undefined;
  return applyPrepared(ctx, command, prepared);
}
