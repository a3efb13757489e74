import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { CommandContext } from './commands/commandContext';
import { PLAN_SCHEME, PlanDocuments } from './commands/planDocuments';
import { registerCommands } from './commands/registerCommands';
import { EFFECTIVE_SCHEME, EffectiveConfigView } from './effectiveConfigView';
import { ConfigsView } from './explorer/configsView';
import { InstancesView } from './explorer/instancesView';
import { ExplorerModel } from './explorer/model';
import { LxdConnection } from './host/lxdConnection';
import { createLanguageClient } from './languageClient';
import { registerLanguageDetection } from './languageDetection';
import { ServerApi } from './serverApi';

let client: LanguageClient | undefined;

const socketSetting = () => vscode.workspace.getConfiguration('lxdops').get<string>('socket', '');

function registerEffectiveConfig(context: vscode.ExtensionContext, languageClient: LanguageClient): void {
  const view = new EffectiveConfigView(languageClient);
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
}

/** The two views over one model; LXD events refresh the LXD side, server notifications the configs. */
function registerExplorer(context: vscode.ExtensionContext, model: ExplorerModel, server: ServerApi): void {
  const instances = new InstancesView(model);
  const configs = new ConfigsView(model);
  context.subscriptions.push(
    model,
    instances,
    configs,
    model.connection.onDidChange(() => void model.refreshLxd()),
    server.onConfigsChanged(() => void model.refreshConfigs()),
    vscode.window.createTreeView('lxdops.instances', {
      treeDataProvider: instances,
      canSelectMany: true,
      showCollapseAll: true,
    }),
    vscode.window.createTreeView('lxdops.configs', { treeDataProvider: configs, canSelectMany: true }),
    vscode.workspace.onDidChangeConfiguration(
      (e) => e.affectsConfiguration('lxdops') && void model.refreshAll(),
    ),
  );
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const log = vscode.window.createOutputChannel('lxdops', { log: true });
  context.subscriptions.push(log);
  registerLanguageDetection(context);
  client = createLanguageClient(context, log);
  const server = new ServerApi(client);
  const lxd = new LxdConnection(socketSetting, log);
  const model = new ExplorerModel(server, lxd, log);
  const plans = new PlanDocuments();
  const blockers = vscode.languages.createDiagnosticCollection('lxdops-operations');
  context.subscriptions.push(
    server,
    lxd,
    blockers,
    vscode.workspace.registerTextDocumentContentProvider(PLAN_SCHEME, plans),
  );
  registerExplorer(context, model, server);
  const ctx: CommandContext = { model, server, log, plans, blockers };
  registerCommands(context, ctx);
  registerEffectiveConfig(context, client);
  void model.refreshLxd();
  await server.ready();
  await model.refreshConfigs();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
