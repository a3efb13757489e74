import * as vscode from 'vscode';
import { hostStatus } from '../hosts/hostPicker';
import { shellTerminal } from '../hosts/shellTerminal';
import type { CommandContext } from './commandContext';
import { hostOfCommand } from './commandHost';
import { instanceTargets } from './targets';

/**
 * Open Shell: a terminal running `lxc exec NAME -- sh -l` on LXD, `incus exec` on Incus,
 * `REMOTE:NAME` for a remote of the CLI; the CLI runs directly (shellPath/shellArgs, no shell string).
 */
export async function openShell(ctx: CommandContext, clicked?: unknown, selected?: unknown): Promise<void> {
  const host = hostOfCommand(ctx, 'shell', clicked, selected);
  if (!host) return;
  const instances = await instanceTargets(ctx, 'shell', host, clicked, selected);
  if (!instances.length) return;
  const status = await hostStatus(ctx.server, ctx.log, host);
  if (!status) {
    void vscode.window.showErrorMessage(`lxdops shell: no host ${host}: choose another in the status bar.`);
    return;
  }
  for (const instance of instances) {
    const terminal = shellTerminal(status.shell, instance);
    if ('problem' in terminal) {
      void vscode.window.showErrorMessage(`lxdops shell: ${terminal.problem}`);
      return;
    }
    ctx.log.info(`shell: ${terminal.shellPath} ${terminal.shellArgs.join(' ')}`);
    vscode.window.createTerminal({ name: `${instance.name} on ${host} (lxdops)`, ...terminal }).show();
  }
}
