import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  EFFECTIVE_CONFIG_REQUEST,
  type EffectiveConfigParams,
  type EffectiveConfigResult,
} from '../../core/src/protocol';

export const EFFECTIVE_SCHEME = 'lxdops-effective';

/** Read-only documents `lxdops-effective:/path/web.yaml` showing the merged config of a file. */
export class EffectiveConfigView implements vscode.TextDocumentContentProvider {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly client: LanguageClient) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const source = vscode.Uri.file(uri.path).toString();
    const r = await this.client.sendRequest<EffectiveConfigResult>(EFFECTIVE_CONFIG_REQUEST, {
      uri: source,
    } satisfies EffectiveConfigParams);
    return r.text ?? `# ${uri.path} is not an lxdops config.\n`;
  }

  refresh(uri: vscode.Uri): void {
    this.changed.fire(uri);
  }

  async show(file: vscode.Uri): Promise<void> {
    const uri = vscode.Uri.from({ scheme: EFFECTIVE_SCHEME, path: file.path });
    this.refresh(uri);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.languages.setTextDocumentLanguage(doc, 'yaml');
    await vscode.window.showTextDocument(doc, { preview: true, viewColumn: vscode.ViewColumn.Beside });
  }
}
