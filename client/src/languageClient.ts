import * as vscode from 'vscode';
import {
  LanguageClient,
  type LanguageClientOptions,
  type ServerOptions,
  TransportKind,
} from 'vscode-languageclient/node';

/** Starts the language server (dist/server.js) over node IPC for the lxdops and cloud-config languages. */
export function createLanguageClient(
  context: vscode.ExtensionContext,
  log: vscode.LogOutputChannel,
): LanguageClient {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6010'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'lxdops' },
      { scheme: 'file', language: 'cloud-config' },
    ],
    synchronize: {
      configurationSection: 'lxdops',
      // changes of files that are not open: included fragments, cloud-config files
      fileEvents: vscode.workspace.createFileSystemWatcher('**/*.{yaml,yml,cfg}'),
    },
    outputChannel: log,
  };
  return new LanguageClient('lxdops', 'lxdops language server', serverOptions, clientOptions);
}
