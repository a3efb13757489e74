import type * as vscode from 'vscode';
import type { FleetModel } from '../explorer/fleetModel';
import type { ExplorerModel } from '../explorer/model';
import type { DefaultHost } from '../hosts/defaultHost';
import type { ServerApi } from '../serverApi';
import type { FleetPlanDocuments } from './fleetPlanDocuments';
import type { PlanDocuments } from './planDocuments';

/** What every command needs: the shared model (configs + LXD), the server, the log. */
export interface CommandContext {
  model: ExplorerModel;
  server: ServerApi;
  log: vscode.LogOutputChannel;
  plans: PlanDocuments;
  /** The fleet (templates, clones, live upgrade status) behind the Fleet view. */
  fleet: FleetModel;
  fleetPlans: FleetPlanDocuments;
  /** Blockers of the last prepare (pre-flight and plan problems), shown in Problems. */
  blockers: vscode.DiagnosticCollection;
  /** The host of commands from the palette (the status bar's). */
  defaultHost: DefaultHost;
}
