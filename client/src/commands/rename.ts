import { basename, dirname, extname, join } from 'node:path';
import * as vscode from 'vscode';
import type { CommandContext } from './commandContext';
import { hostOfCommand } from './commandHost';
import { runOperation } from './operationRunner';
import { configTargets } from './targets';

/** Offers to rename the config file after its instance (`web.yaml` → `web2.yaml`), when it was named after it. */
async function offerFileRename(file: vscode.Uri, oldName: string, newName: string): Promise<void> {
  const ext = extname(file.fsPath);
  if (basename(file.fsPath, ext) !== oldName) return;
  const to = vscode.Uri.file(join(dirname(file.fsPath), `${newName}${ext}`));
  const answer = await vscode.window.showInformationMessage(
    `${oldName} is now ${newName}. Rename ${basename(file.fsPath)} to ${basename(to.fsPath)} too? The instance stays tied to the config either way.`,
    'Rename File',
  );
  if (answer !== 'Rename File') return;
  const edit = new vscode.WorkspaceEdit();
  edit.renameFile(file, to);
  await vscode.workspace.applyEdit(edit);
}

/** Rename…: the container, its filesystems and its profile, after a confirmation that lists them. */
export async function rename(ctx: CommandContext, clicked?: unknown, selected?: unknown): Promise<void> {
  const host = hostOfCommand(ctx, 'rename', clicked, selected);
  if (!host) return;
  const uris = await configTargets(ctx, `rename on ${host}`, clicked, selected);
  if (uris.length !== 1) {
    if (uris.length) void vscode.window.showWarningMessage('Rename one instance at a time.');
    return;
  }
  const summary = ctx.model.configs?.find(
    (c) => vscode.Uri.parse(c.uri).fsPath === vscode.Uri.parse(uris[0]!).fsPath,
  );
  const tied = ctx.model
    .host(host)
    ?.listing?.instances.find((i) => i.config === vscode.Uri.parse(uris[0]!).fsPath);
  const oldName = tied?.name ?? summary?.instance ?? '';
  const newName = await vscode.window.showInputBox({
    title: `Rename ${oldName} to`,
    value: oldName,
    validateInput: (v) => (v.trim() && v !== oldName ? undefined : 'a new instance name'),
  });
  if (!newName) return;
  const result = await runOperation(ctx, 'rename', uris, { host }, { newName });
  if (result?.outcomes.length && result.outcomes.every((o) => o.status === 'done'))
    await offerFileRename(vscode.Uri.parse(uris[0]!), summary?.instance ?? oldName, newName);
}
