import * as vscode from 'vscode';
import type { ServerApi } from '../serverApi';
import type { DefaultHost } from './defaultHost';
import { pickDefaultHost } from './hostPicker';
import { hostStatusBar, PICK_HOST_COMMAND } from './hostStatusBar';

/** The status bar item of the default host and its quick pick. */
export function registerHosts(
  context: vscode.ExtensionContext,
  server: ServerApi,
  defaultHost: DefaultHost,
  log: vscode.LogOutputChannel,
): void {
  context.subscriptions.push(
    hostStatusBar(defaultHost),
    vscode.commands.registerCommand(PICK_HOST_COMMAND, () => pickDefaultHost(server, defaultHost, log)),
  );
}
