import * as vscode from 'vscode';
import type { EngineCommand } from '../../../core/src/engine/engine';
import { formatPlan } from '../../../core/src/engine/plan';
import { type CommandContext, planAll } from './engineRunner';
import { configFiles, targetsOf } from './targets';

/** Show Plan (dry run): the steps a command would run, in a read-only document. Nothing changes. */
export async function showPlan(ctx: CommandContext, first?: unknown, all?: unknown): Promise<void> {
  const files = configFiles(targetsOf(first, all));
  const command = await vscode.window.showQuickPick(
    ['launch', 'rebuild', 'configure', 'delete', 'destroy', 'create-devices', 'create-profile'],
    { title: 'Show the plan of' },
  );
  if (!command) return;
  try {
    const plans = await planAll(ctx, command as EngineCommand, files);
    const doc = await vscode.workspace.openTextDocument({
      content: `${plans.map(formatPlan).join('\n')}\n(dry run: nothing was changed)\n`,
      language: 'plaintext',
    });
    await vscode.window.showTextDocument(doc, { preview: true });
  } catch (e) {
    void vscode.window.showErrorMessage(`lxdops plan: ${(e as Error).message}`);
  }
}
