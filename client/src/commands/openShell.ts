import * as vscode from 'vscode';
import type { CommandContext } from './engineRunner';
import { instancesOf, targetsOf } from './targets';

/** Open Shell: a terminal running `lxc exec NAME -- sh` (or `incus exec` on an Incus host). */
export function openShell(ctx: CommandContext, first?: unknown, all?: unknown): void {
  const incus = ctx.lxd.socketPath?.includes('incus') ?? false;
  for (const i of instancesOf(targetsOf(first, all))) {
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
