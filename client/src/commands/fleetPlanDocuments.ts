import * as vscode from 'vscode';

export const FLEET_PLAN_SCHEME = 'lxdops-fleet-plan';

/**
 * Read-only documents `lxdops-fleet-plan:/upgrade TEMPLATE.plan?id` with the plan of a fleet
 * upgrade (every step of the template part and of every clone, as `--dry-run` prints it). The
 * confirmation that follows applies it; the document only shows it.
 */
export class FleetPlanDocuments implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.query) ?? '# This plan is no longer available: run Upgrade Fleet again.\n';
  }

  async show(id: string, template: string, planText: string): Promise<void> {
    const head = [
      // not `# lxdops …`: that first line would make the document an lxdops config
      `# Plan of Upgrade Fleet of ${template}`,
      '# Nothing has changed yet: the confirmation that follows lists the clones, what is deleted and',
      '# what is kept, then runs exactly this plan.',
      '',
    ];
    this.texts.set(id, `${head.join('\n')}\n${planText.trimEnd()}\n`);
    const uri = vscode.Uri.from({ scheme: FLEET_PLAN_SCHEME, path: `/upgrade ${template}.plan`, query: id });
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.languages.setTextDocumentLanguage(doc, 'plaintext');
    await vscode.window.showTextDocument(doc, { preview: false });
  }
}
