import * as vscode from 'vscode';
import type { FleetPrepareResult } from '../../../core/src/protocol';
import { upgradeLines } from '../model/fleetUpgradeLines';

/** A modal taller than the window hides its buttons: past this many lines, a count stands in. */
const MAX_LINES = 28;

function capped(lines: string[]): string[] {
  if (lines.length <= MAX_LINES) return lines;
  const shown = lines.slice(0, MAX_LINES - 1);
  return [...shown, `… and ${lines.length - shown.length} more (the plan document lists every step)`];
}

/** One modal question before anything runs; Upgrade is the only way on. */
export async function confirmUpgrade(
  template: string,
  parallel: number,
  prepared: FleetPrepareResult,
): Promise<boolean> {
  const n = prepared.clones.length;
  const button = 'Upgrade';
  const answer = await vscode.window.showWarningMessage(
    `Upgrade Fleet of ${template}: rebuild ${n} clone${n === 1 ? '' : 's'}, ${parallel} at a time?`,
    { modal: true, detail: capped(upgradeLines(prepared)).join('\n') },
    button,
  );
  return answer === button;
}
