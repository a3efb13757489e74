import * as vscode from 'vscode';
import type { DefaultHost } from './defaultHost';

/** The command the status bar item runs: the quick pick of hosts. */
export const PICK_HOST_COMMAND = 'lxdops.pickHost';

/** `$(server) HOST` in the status bar: the default host; a click chooses another. */
export function hostStatusBar(defaultHost: DefaultHost): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('lxdops.host', vscode.StatusBarAlignment.Left, 10);
  item.name = 'lxdops host';
  item.command = PICK_HOST_COMMAND;
  const show = (name: string) => {
    item.text = `$(server) ${name}`;
    item.tooltip = `lxdops: operations from the palette act on ${name}. Click to choose another host.`;
  };
  show(defaultHost.name);
  item.show();
  const listening = defaultHost.onDidChange(show);
  return { dispose: () => (listening.dispose(), item.dispose()) };
}
