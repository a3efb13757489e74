import * as vscode from 'vscode';
import { commandHost } from '../hosts/nodeHost';
import type { CommandContext } from './commandContext';

/**
 * The host a command acts on: its tree nodes' host, else the default host. A selection over
 * several hosts acts on none (one operation, one host) and says so.
 */
export function hostOfCommand(
  ctx: CommandContext,
  command: string,
  clicked: unknown,
  selected: unknown,
): string | undefined {
  const { host, mixed } = commandHost(clicked, selected, ctx.defaultHost.name);
  if (!mixed) return host;
  void vscode.window.showWarningMessage(
    `lxdops ${command}: the selection is on several hosts (${mixed.join(', ')}); select the nodes of one host.`,
  );
  return undefined;
}
