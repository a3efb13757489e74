import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { EFFECTIVE_SCHEME, EffectiveConfigView } from './effectiveConfigView';
import { createLanguageClient } from './languageClient';
import { registerLanguageDetection } from './languageDetection';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const log = vscode.window.createOutputChannel('lxdops', { log: true });
  context.subscriptions.push(log);
  registerLanguageDetection(context);
  client = createLanguageClient(context, log);
  const view = new EffectiveConfigView(client);
  context.subscriptions.push(
    vscode.workspace.registerTextDocumentContentProvider(EFFECTIVE_SCHEME, view),
    vscode.commands.registerCommand('lxdops.showEffectiveConfig', async (uri?: vscode.Uri) => {
      const target = uri ?? vscode.window.activeTextEditor?.document.uri;
      if (!target || target.scheme !== 'file') {
        void vscode.window.showWarningMessage('Open an #lxdops config to show its effective config.');
        return;
      }
      await view.show(target);
    }),
  );
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
