import * as vscode from 'vscode';
import type { FleetTemplate } from '../../../core/src/fleet/fleetTypes';
import type { FleetPrepareResult, FleetUpgradeParams } from '../../../core/src/protocol';
import { showBlockers } from './blockers';
import type { CommandContext } from './commandContext';
import { applyUpgrade } from './fleetApply';
import { confirmUpgrade } from './fleetConfirm';
import { askParallel, askSnapshot, pickTemplate } from './fleetQuestions';
import { readFleetSettings } from './fleetSettings';

/** What the user chose, with the health check and retention of the settings. */
async function askParams(template: FleetTemplate): Promise<FleetUpgradeParams | undefined> {
  const settings = readFleetSettings();
  const first = await askSnapshot(template);
  if (!first) return undefined;
  const parallel = await askParallel(settings.parallel);
  if (!parallel) return undefined;
  return {
    uri: template.config!,
    hosts: [template.host],
    ...(first.snapshot ? { snapshot: true as const } : {}),
    parallel,
    ...(settings.healthCommand ? { healthCommand: settings.healthCommand } : {}),
    healthTimeoutSeconds: settings.healthTimeoutSeconds,
    retention: settings.retention,
  };
}

/** `lxdops/fleetPrepare` under a progress notification; blockers are shown and are no plan. */
async function prepareUpgrade(
  ctx: CommandContext,
  template: string,
  params: FleetUpgradeParams,
): Promise<FleetPrepareResult | undefined> {
  try {
    const prepared = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Upgrade Fleet of ${template}: planning…` },
      () => ctx.server.fleetPrepare(params),
    );
    ctx.blockers.clear();
    if (!prepared.blockers.length && prepared.id) return prepared;
    await showBlockers(ctx, 'Upgrade Fleet', prepared.blockers);
  } catch (e) {
    ctx.log.error(`fleet upgrade of ${template}: ${(e as Error).message}`);
    void vscode.window.showErrorMessage(`lxdops Upgrade Fleet of ${template}: ${(e as Error).message}`);
  }
  return undefined;
}

/**
 * Upgrade Fleet: the template (its node, or a pick), a new snapshot first or not, how many at once;
 * the plan in a document, one confirmation (clones, what is deleted, what is kept), then the run
 * with each clone's live status and a summary.
 */
export async function upgradeFleet(ctx: CommandContext, clicked?: unknown): Promise<void> {
  const template = await pickTemplate(ctx, clicked);
  if (!template) return;
  if (!template.config) {
    void vscode.window.showWarningMessage(
      `lxdops Upgrade Fleet: no workspace config defines ${template.instance}; open the folder that has it.`,
    );
    return;
  }
  const params = await askParams(template);
  if (!params) return;
  const prepared = await prepareUpgrade(ctx, template.instance, params);
  if (!prepared) return;
  ctx.log.info(prepared.planText.trimEnd());
  await ctx.fleetPlans.show(prepared.id!, template.instance, prepared.planText);
  if (!prepared.clones.length && !params.snapshot) {
    void vscode.window.showInformationMessage(
      `Upgrade Fleet of ${template.instance}: every clone is current.`,
    );
    return;
  }
  if (!(await confirmUpgrade(template.instance, params.parallel!, prepared))) return;
  await applyUpgrade(ctx, template.instance, prepared.id!, prepared.clones.length);
}
