import * as vscode from 'vscode';
import type { OperationCommand, PrepareResult } from '../../../core/src/protocol';

export const PLAN_SCHEME = 'lxdops-plan';

interface ShownPlan {
  command: OperationCommand;
  prepared: PrepareResult;
  /** What changed since the plan the user saw last (after a replan). */
  changes?: string[];
}

function planText(plan: ShownPlan): string {
  const head = [
    // not `# lxdops …`: that first line would make the document an lxdops config
    `# Plan of ${plan.command}: ${plan.prepared.instances.map((i) => i.instance).join(', ')}`,
    '# Nothing has changed yet. "Apply Plan" (editor title) runs exactly this plan, after re-checking',
    '# that LXD and ZFS are still as planned.',
  ];
  if (plan.changes)
    head.push(
      '#',
      '# LXD or ZFS changed since the plan you saw; nothing ran. What changed:',
      ...plan.changes.map((c) => `#   ${c}`),
    );
  const warnings = plan.prepared.instances.flatMap((i) =>
    i.warnings.map((w) => `# ⚠ ${i.instance}: line ${w.line + 1}: ${w.message}`),
  );
  return `${[...head, ...warnings, ''].join('\n')}\n${plan.prepared.instances.map((i) => i.planText.trimEnd()).join('\n\n')}\n`;
}

/** Lines only in the old plan (−) or only in the new one (+). */
export function planChanges(before: PrepareResult, after: PrepareResult): string[] {
  const lines = (p: PrepareResult) =>
    p.instances.flatMap((i) =>
      i.planText
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean),
    );
  const was = new Set(lines(before));
  const now = new Set(lines(after));
  return [
    ...[...was].filter((l) => !now.has(l)).map((l) => `− ${l}`),
    ...[...now].filter((l) => !was.has(l)).map((l) => `+ ${l}`),
  ];
}

/**
 * Read-only documents `lxdops-plan:/launch web.plan?id` showing a prepared plan; the Apply Plan
 * command applies the prepared operation behind the document, not a new one.
 */
export class PlanDocuments implements vscode.TextDocumentContentProvider {
  private readonly plans = new Map<string, ShownPlan>();

  provideTextDocumentContent(uri: vscode.Uri): string {
    const plan = this.plans.get(uri.query);
    return plan ? planText(plan) : '# This plan is no longer available: run Show Plan again.\n';
  }

  planOf(uri: vscode.Uri): ShownPlan | undefined {
    return uri.scheme === PLAN_SCHEME ? this.plans.get(uri.query) : undefined;
  }

  async show(plan: ShownPlan): Promise<void> {
    const id = plan.prepared.id!;
    this.plans.set(id, plan);
    const name = `${plan.command} ${plan.prepared.instances.map((i) => i.instance).join(' ')}.plan`;
    const uri = vscode.Uri.from({ scheme: PLAN_SCHEME, path: `/${name}`, query: id });
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.languages.setTextDocumentLanguage(doc, 'plaintext');
    await vscode.window.showTextDocument(doc, { preview: false });
  }

  showReplanned(command: OperationCommand, before: PrepareResult, after: PrepareResult): Promise<void> {
    void vscode.window.showWarningMessage(
      `lxdops ${command}: LXD or ZFS changed since the plan was made; nothing ran. Review the new plan.`,
    );
    return this.show({ command, prepared: after, changes: planChanges(before, after) });
  }
}
