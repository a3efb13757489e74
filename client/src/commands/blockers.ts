import * as vscode from 'vscode';
import type { Blocker } from '../../../core/src/protocol';
import type { CommandContext } from './commandContext';

function location(b: Blocker): string {
  if (!b.uri) return b.instance ?? '';
  const file = vscode.workspace.asRelativePath(vscode.Uri.parse(b.uri));
  return b.line !== undefined ? `${file}:${b.line + 1}` : file;
}

/** One line per blocker, `file:line: message (code)`, as the log and the quick pick show it. */
export function blockerLine(b: Blocker): string {
  const where = location(b);
  return `${where ? `${where}: ` : ''}${b.message} (${b.code}, ${b.stage})`;
}

async function open(b: Blocker): Promise<void> {
  if (!b.uri) return;
  const position = new vscode.Position(b.line ?? 0, b.character ?? 0);
  await vscode.window.showTextDocument(vscode.Uri.parse(b.uri), {
    selection: new vscode.Range(position, position),
  });
}

/** Pre-flight and plan blockers in Problems (check errors are there already: the server publishes them). */
function publish(ctx: CommandContext, blockers: readonly Blocker[]): void {
  ctx.blockers.clear();
  const byUri = new Map<string, vscode.Diagnostic[]>();
  for (const b of blockers) {
    if (!b.uri || b.stage === 'check') continue;
    const position = new vscode.Position(b.line ?? 0, b.character ?? 0);
    const d = new vscode.Diagnostic(
      new vscode.Range(position, position),
      b.message,
      vscode.DiagnosticSeverity.Error,
    );
    d.code = b.code;
    d.source = `lxdops ${b.stage}`;
    byUri.set(b.uri, [...(byUri.get(b.uri) ?? []), d]);
  }
  for (const [uri, list] of byUri) ctx.blockers.set(vscode.Uri.parse(uri), list);
}

/**
 * Says that nothing was done and why: every blocker in the log, in Problems when it has a file,
 * and in a quick pick (from the notification) that opens each one at its line.
 */
export async function showBlockers(
  ctx: CommandContext,
  command: string,
  blockers: readonly Blocker[],
): Promise<void> {
  publish(ctx, blockers);
  ctx.log.error(`${command}: nothing was changed; ${blockers.length} problem(s) block it:`);
  for (const b of blockers) ctx.log.error(`  ${blockerLine(b)}`);
  const first = blockers[0];
  const summary = first ? blockerLine(first) : 'the server refused it';
  const more = blockers.length > 1 ? ` (+${blockers.length - 1} more)` : '';
  const answer = await vscode.window.showErrorMessage(
    `lxdops ${command}: nothing was changed. ${summary}${more}`,
    'Show Problems',
    'Show Log',
  );
  if (answer === 'Show Log') ctx.log.show();
  if (answer !== 'Show Problems') return;
  const picked = await vscode.window.showQuickPick(
    blockers.map((b) => ({
      label: b.message,
      description: location(b),
      detail: `${b.stage} · ${b.code}`,
      blocker: b,
    })),
    { title: `lxdops ${command}: what blocks it` },
  );
  if (picked) await open(picked.blocker);
}
