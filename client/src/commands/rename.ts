import * as vscode from 'vscode';
import { instanceNameProblem } from '../../../core/src/config/instanceName';
import { type CommandContext, runEngine } from './engineRunner';
import { configFiles, targetsOf } from './targets';

/** Rename…: the container, its filesystems and its profile. */
export async function rename(ctx: CommandContext, first?: unknown, all?: unknown): Promise<void> {
  const files = configFiles(targetsOf(first, all));
  if (files.length !== 1) return;
  const newName = await vscode.window.showInputBox({
    title: 'New instance name',
    validateInput: (v) => instanceNameProblem(v),
  });
  if (newName) await runEngine(ctx, 'rename', files, { newName });
}
