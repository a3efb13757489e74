import * as vscode from 'vscode';
import type { FleetTemplate } from '../../../core/src/fleet/fleetTypes';
import { FleetTemplateNode } from '../explorer/nodes/fleetTemplateNode';
import { staleCount } from '../model/fleetGroups';
import type { CommandContext } from './commandContext';

/** The template Upgrade Fleet acts on: the node it was invoked on, else a quick pick of the templates. */
export async function pickTemplate(
  ctx: CommandContext,
  clicked: unknown,
): Promise<FleetTemplate | undefined> {
  if (clicked instanceof FleetTemplateNode) return clicked.template;
  await ctx.fleet.refresh();
  const templates = (ctx.fleet.status?.templates ?? []).filter((t) => t.config);
  if (!templates.length) {
    void vscode.window.showWarningMessage(
      'lxdops Upgrade Fleet: no template with a workspace config (a template is an instance other configs name in origin).',
    );
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    templates.map((t) => ({
      label: t.instance,
      description: `${t.host} · ${t.clones.length} clone(s) · ${staleCount(t)} stale`,
      detail: vscode.workspace.asRelativePath(vscode.Uri.parse(t.config!)),
      template: t,
    })),
    { title: 'lxdops Upgrade Fleet: which template?', ignoreFocusOut: true },
  );
  return picked?.template;
}

/** Whether to take a new template snapshot first (`true`: the name the clones' configs use). Undefined: cancelled. */
export async function askSnapshot(template: FleetTemplate): Promise<{ snapshot: boolean } | undefined> {
  const stale = staleCount(template);
  const upgrade = {
    label: 'Upgrade the stale clones',
    description: `${stale} stale; no new template snapshot`,
    snapshot: false,
  };
  const snapshot = {
    label: 'Take a new template snapshot first',
    description: 'then rebuild every clone from it',
    snapshot: true,
  };
  const picked = await vscode.window.showQuickPick(stale ? [upgrade, snapshot] : [snapshot, upgrade], {
    title: `Upgrade Fleet of ${template.instance}: a new snapshot of the template first?`,
    // the Fleet view refreshes while the user answers (LXD events): the questions stay open
    ignoreFocusOut: true,
  });
  return picked && { snapshot: picked.snapshot };
}

/** How many clones are rebuilt at once per host; the setting first. Undefined: cancelled. */
export async function askParallel(fallback: number): Promise<number | undefined> {
  const counts = [...new Set([fallback, 1, 2, 4, 8])];
  const picked = await vscode.window.showQuickPick(
    counts.map((n) => ({
      label: String(n),
      description: n === fallback ? 'lxdops.fleet.parallel' : n === 1 ? 'one at a time' : '',
      n,
    })),
    { title: 'Upgrade Fleet: how many clones at once (per host)?', ignoreFocusOut: true },
  );
  return picked?.n;
}
