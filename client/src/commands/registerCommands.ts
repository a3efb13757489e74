import * as vscode from 'vscode';
import type { InstancesView } from '../explorer/instancesView';
import type { CommandContext } from './engineRunner';
import { setState } from './instanceState';
import { openShell } from './openShell';
import { rename } from './rename';
import { rollback } from './rollback';
import { showPlan } from './showPlan';
import { SIMPLE_COMMANDS, simpleCommand } from './simpleCommands';
import { snapshot } from './snapshot';

/** Every command of the explorer and the editor, registered in one place. */
export function registerCommands(
  context: vscode.ExtensionContext,
  ctx: CommandContext,
  view: InstancesView,
): void {
  const reg = (id: string, f: (...args: unknown[]) => unknown) =>
    context.subscriptions.push(vscode.commands.registerCommand(id, f));
  for (const [id, command] of SIMPLE_COMMANDS) reg(id, simpleCommand(ctx, command));
  reg('lxdops.snapshot', (a, b) => snapshot(ctx, a, b));
  reg('lxdops.rollback', (a, b) => rollback(ctx, view, a, b));
  reg('lxdops.rename', (a, b) => rename(ctx, a, b));
  reg('lxdops.start', (a, b) => setState(ctx, 'start', a, b));
  reg('lxdops.stop', (a, b) => setState(ctx, 'stop', a, b));
  reg('lxdops.restart', (a, b) => setState(ctx, 'restart', a, b));
  reg('lxdops.openShell', (a, b) => openShell(ctx, a, b));
  reg('lxdops.showPlan', (a, b) => showPlan(ctx, a, b));
  reg('lxdops.refresh', () => {
    ctx.lxd.fire();
    ctx.refresh();
  });
}
