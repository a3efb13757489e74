import type * as vscode from 'vscode';
import type { ExplorerModel } from '../explorer/model';
import type { ServerApi } from '../serverApi';
import type { PlanDocuments } from './planDocuments';

/** What every command needs: the shared model (configs + LXD), the server, the log. */
export interface CommandContext {
  model: ExplorerModel;
  server: ServerApi;
  log: vscode.LogOutputChannel;
  plans: PlanDocuments;
  /** Blockers of the last prepare (pre-flight and plan problems), shown in Problems. */
  blockers: vscode.DiagnosticCollection;
}
