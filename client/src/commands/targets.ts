import * as vscode from 'vscode';
import { configPathsOf, instancesOf, selectedTargets } from '../model/targetSelection';
import { uriPath } from '../../../core/src/hosts/configLink';
import type { CommandContext } from './commandContext';

/** The config URIs a command acts on, as the server takes them. */
export function configUri(path: string): string {
  return vscode.Uri.file(path).toString();
}

async function pickConfigs(ctx: CommandContext, title: string): Promise<string[]> {
  const items = (ctx.model.configs ?? []).map((c) => ({
    label: c.instance ?? uriPath(c.uri).split('/').pop()!,
    description: vscode.workspace.asRelativePath(vscode.Uri.parse(c.uri)),
    detail: c.errors ? `${c.errors} error(s)` : undefined,
    path: uriPath(c.uri),
  }));
  if (!items.length) {
    void vscode.window.showWarningMessage('No #lxdops configs in this workspace.');
    return [];
  }
  const picked = await vscode.window.showQuickPick(items, { title, canPickMany: true });
  return (picked ?? []).map((p) => p.path);
}

/**
 * The configs a command acts on: exactly the selected tree rows or files (instances through the
 * config they are tied to); from the command palette (no selection), a quick pick. Never the
 * active editor unless the command was invoked on it (editor context and title pass its URI).
 */
export async function configTargets(
  ctx: CommandContext,
  command: string,
  clicked: unknown,
  selected: unknown,
): Promise<string[]> {
  const targets = selectedTargets(clicked, selected);
  if (!targets.length) return (await pickConfigs(ctx, `lxdops ${command}: which configs?`)).map(configUri);
  const { paths, missing } = configPathsOf(targets);
  if (missing.length)
    void vscode.window.showWarningMessage(
      `lxdops ${command}: ${missing.join(', ')} ${missing.length > 1 ? 'have' : 'has'} no config in this workspace; left out.`,
    );
  return paths.map(configUri);
}

/** The host's instances as quick pick rows (asked of the server: any host, not only the tree's). */
async function instanceItems(ctx: CommandContext, host: string) {
  const listed = await ctx.server.instances(host);
  if (listed.error) void vscode.window.showErrorMessage(`lxdops: ${listed.error}`);
  return listed.instances.map((i) => ({
    label: i.name,
    description: [i.project, i.status, ...(i.location ? [i.location] : [])].join(' · '),
    instance: { name: i.name, project: i.project },
  }));
}

/** The instances a command acts on: the selection, or from the palette a quick pick of the host's instances. */
export async function instanceTargets(
  ctx: CommandContext,
  command: string,
  host: string,
  clicked: unknown,
  selected: unknown,
): Promise<{ name: string; project: string }[]> {
  const chosen = instancesOf(selectedTargets(clicked, selected));
  if (chosen.length) return chosen;
  const picked = await vscode.window.showQuickPick(instanceItems(ctx, host), {
    title: `lxdops ${command} on ${host}: which instances?`,
    canPickMany: true,
  });
  return (picked ?? []).map((p) => p.instance);
}
