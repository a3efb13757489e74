import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { CommandContext } from './commands/commandContext';
import { PLAN_SCHEME, PlanDocuments } from './commands/planDocuments';
import { registerCommands } from './commands/registerCommands';
import { EFFECTIVE_SCHEME, EffectiveConfigView } from './effectiveConfigView';
import { FLEET_PLAN_SCHEME, FleetPlanDocuments } from './commands/fleetPlanDocuments';
import { ConfigsView } from './explorer/configsView';
import { FleetModel } from './explorer/fleetModel';
import { FleetView } from './explorer/fleetView';
import { InstancesView } from './explorer/instancesView';
import { ExplorerModel } from './explorer/model';
import { DefaultHost } from './hosts/defaultHost';
import { HostConnections } from './host/hostConnections';
import { createLanguageClient } from './languageClient';
import { registerLanguageDetection } from './languageDetection';
import { ServerApi } from './serverApi';

let client: LanguageClient | undefined;

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

/** The fleet view over the fleet model, which reads again whenever the explorer model changes. */
function registerFleet(context: vscode.ExtensionContext, fleet: FleetModel, plans: FleetPlanDocuments): void {
  const view = new FleetView(fleet);
  context.subscriptions.push(
    fleet,
    view,
    vscode.window.createTreeView('lxdops.fleet', { treeDataProvider: view, showCollapseAll: true }),
    vscode.workspace.registerTextDocumentContentProvider(FLEET_PLAN_SCHEME, plans),
  );
}

/** The views over one model; LXD events refresh the LXD side, server notifications the configs. */
function registerExplorer(context: vscode.ExtensionContext, model: ExplorerModel, server: ServerApi): void {
  const instances = new InstancesView(model);
  const configs = new ConfigsView(model);
  context.subscriptions.push(
    model,
    instances,
    configs,
    model.connections.onDidChangeHost((c) => void model.refreshHost(c.name)),
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
  const lxd = new HostConnections(log);
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
  const fleet = new FleetModel(server, model, log);
  const fleetPlans = new FleetPlanDocuments();
  registerFleet(context, fleet, fleetPlans);
  const defaultHost = new DefaultHost(context.workspaceState);
  const ctx: CommandContext = { model, server, log, plans, blockers, defaultHost, fleet, fleetPlans };
  registerCommands(context, ctx);
  registerEffectiveConfig(context, client);
  void model.refreshLxd();
  await server.ready();
  await model.refreshConfigs();
  // not awaited: the fleet lists every host (each within 10 s), activation does not wait for it
  void fleet.refresh();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
