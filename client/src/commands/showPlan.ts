import * as vscode from 'vscode';
import type { OperationCommand } from '../../../core/src/protocol';
import type { CommandContext } from './commandContext';
import { hostOfCommand } from './commandHost';
import { confirmOperation } from './confirm';
import { applyPrepared, prepare } from './operationRunner';
import { configTargets } from './targets';

const PLANNABLE: OperationCommand[] = [
  'launch',
  'rebuild',
  'configure',
  'delete',
  'destroy',
  'create-devices',
  'create-profile',
  'cleanup',
  'revert',
  'adopt',
];

/** Show Plan (dry run): prepares a command and shows its plan in a read-only document. */
export async function showPlan(ctx: CommandContext, clicked?: unknown, selected?: unknown): Promise<void> {
  const host = hostOfCommand(ctx, 'plan', clicked, selected);
  if (!host) return;
  const uris = await configTargets(ctx, `plan on ${host}`, clicked, selected);
  if (!uris.length) return;
  const command = (await vscode.window.showQuickPick(PLANNABLE, {
    title: `Show the plan (on ${host}) of`,
  })) as OperationCommand | undefined;
  if (!command) return;
  const prepared = await prepare(ctx, command, uris, { host });
  if (prepared) await ctx.plans.show({ command, prepared });
}

/** Apply Plan (on a plan document): confirms as the command would, then applies that prepared plan. */
export async function applyPlan(ctx: CommandContext, uri?: unknown): Promise<void> {
  // from the palette: the plan document in front (the plan itself is what the user looks at)
  const target = uri instanceof vscode.Uri ? uri : vscode.window.activeTextEditor?.document.uri;
  const plan = target && ctx.plans.planOf(target);
  if (!plan) {
    void vscode.window.showWarningMessage('Apply Plan works on a plan shown by "Show Plan".');
    return;
  }
  if (await confirmOperation(plan.command, plan.prepared))
    await applyPrepared(ctx, plan.command, plan.prepared);
}
