import * as vscode from 'vscode';
import { registerHosts } from '../hosts/registerHosts';
import type { CommandContext } from './commandContext';
import { askContinue } from './confirm';
import { setState } from './instanceState';
import { openShell } from './openShell';
import { rename } from './rename';
import { retry } from './retry';
import { rollback } from './rollback';
import { applyPlan, showPlan } from './showPlan';
import { SIMPLE_COMMANDS, simpleCommand } from './simpleCommands';
import { snapshot } from './snapshot';
import { upgradeFleet } from './upgradeFleet';

/** Every command of the explorer and the editor, registered in one place. */
export function registerCommands(context: vscode.ExtensionContext, ctx: CommandContext): void {
  const reg = (id: string, run: (...args: unknown[]) => unknown) =>
    context.subscriptions.push(vscode.commands.registerCommand(id, run));
  for (const [id, command] of SIMPLE_COMMANDS) reg(id, simpleCommand(ctx, command));
  reg('lxdops.snapshot', (a, b) => snapshot(ctx, a, b));
  reg('lxdops.rollback', (a, b) => rollback(ctx, a, b));
  reg('lxdops.rename', (a, b) => rename(ctx, a, b));
  reg('lxdops.retry', (a, b) => retry(ctx, a, b));
  reg('lxdops.start', (a, b) => setState(ctx, 'start', a, b));
  reg('lxdops.stop', (a, b) => setState(ctx, 'stop', a, b));
  reg('lxdops.restart', (a, b) => setState(ctx, 'restart', a, b));
  reg('lxdops.openShell', (a, b) => openShell(ctx, a, b));
  reg('lxdops.showPlan', (a, b) => showPlan(ctx, a, b));
  reg('lxdops.applyPlan', (a) => applyPlan(ctx, a));
  reg('lxdops.upgradeFleet', (a) => upgradeFleet(ctx, a));
  reg('lxdops.refresh', () => Promise.all([ctx.model.refreshAll(), ctx.fleet.refresh()]));
  registerHosts(context, ctx.server, ctx.defaultHost, ctx.log);
  ctx.server.onContinueRequest((p) => askContinue(p.failed.instance, p.failed.message, p.remaining));
}
