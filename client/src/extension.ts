import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { registerCommands } from './commands/registerCommands';
import { EFFECTIVE_SCHEME, EffectiveConfigView } from './effectiveConfigView';
import { ConfigsView } from './explorer/configsView';
import { InstancesView } from './explorer/instancesView';
import { LxdConnection } from './host/lxdConnection';
import { createLanguageClient } from './languageClient';
import { registerLanguageDetection } from './languageDetection';
import { settings, WorkspaceConfigsCache } from './workspaceConfigs';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const log = vscode.window.createOutputChannel('lxdops', { log: true });
  context.subscriptions.push(log);
  registerLanguageDetection(context);

  // The LXD explorer: instances (refreshed from LXD's event stream) and the workspace's configs.
  const lxd = new LxdConnection(() => settings().socket, log);
  const workspace = new WorkspaceConfigsCache();
  const instances = new InstancesView(lxd, workspace);
  const configs = new ConfigsView(instances, workspace);
  const refresh = () => {
    instances.refresh();
    configs.refresh();
  };
  context.subscriptions.push(
    lxd,
    lxd.onDidChange(refresh),
    vscode.window.createTreeView('lxdops.instances', {
      treeDataProvider: instances,
      canSelectMany: true,
      showCollapseAll: true,
    }),
    vscode.window.createTreeView('lxdops.configs', { treeDataProvider: configs, canSelectMany: true }),
    vscode.workspace.onDidSaveTextDocument(
      (d) => (d.languageId === 'lxdops' || d.languageId === 'cloud-config') && configs.refresh(),
    ),
    vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('lxdops') && refresh()),
  );
  registerCommands(context, { lxd, log, refresh }, instances);
  // the Configs view sets the context key of the explorer menus; make it known before the view is shown
  void configs.getChildren();
  const watcher = vscode.workspace.createFileSystemWatcher('**/*.{yaml,yml}');
  context.subscriptions.push(
    watcher,
    watcher.onDidCreate(() => configs.refresh()),
    watcher.onDidDelete(() => configs.refresh()),
  );

  client = createLanguageClient(context, log);
  const view = new EffectiveConfigView(client);
  context.subscriptions.push(
    vscode.workspace.registerTextDocumentContentProvider(EFFECTIVE_SCHEME, view),
    vscode.commands.registerCommand('lxdops.showEffectiveConfig', async (uri?: unknown) => {
      const target =
        uri instanceof vscode.Uri
          ? uri
          : ((uri as { uri?: vscode.Uri } | undefined)?.uri ?? vscode.window.activeTextEditor?.document.uri);
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
