import * as vscode from 'vscode';
import type { CommandContext } from './commandContext';
import { instanceTargets } from './targets';

/** Open Shell: a terminal running `lxc exec NAME -- sh` (or `incus exec` on an Incus host). */
export async function openShell(ctx: CommandContext, clicked?: unknown, selected?: unknown): Promise<void> {
  const incus = ctx.model.connection.socketPath?.includes('incus') ?? false;
  for (const i of await instanceTargets(ctx, 'shell', clicked, selected)) {
    const terminal = vscode.window.createTerminal({
      name: `${i.name} (lxdops)`,
      shellPath: incus ? 'incus' : 'lxc',
      shellArgs: [
        'exec',
        ...(i.project !== 'default' ? ['--project', i.project] : []),
        i.name,
        '--',
        'sh',
        '-l',
      ],
    });
    terminal.show();
  }
}
