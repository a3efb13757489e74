import * as vscode from 'vscode';
import { readHeader } from '../../core/src/document/header';

/** The language a document should have from its first line, or undefined to leave it alone. */
export function languageFromHeader(firstLines: string): 'lxdops' | 'cloud-config' | undefined {
  const h = readHeader(firstLines);
  // `#lxops-v1` configs share the language (and so the language server) of `#lxdops` ones
  if (h.kind === 'lxdops' || h.kind === 'lxops') return 'lxdops';
  if (h.kind === 'cloud-config') return 'cloud-config';
  return undefined;
}

const CANDIDATE_LANGUAGES = new Set(['yaml', 'plaintext', 'properties', 'ini', 'shellscript']);

/**
 * Gives `#lxdops` and `#cloud-config` files (and near misses, so that they get their header
 * diagnostic and quick fix) our languages, whatever their extension, so that the YAML extension
 * does not report them a second time.
 */
export function registerLanguageDetection(context: vscode.ExtensionContext): void {
  const detect = (doc: vscode.TextDocument) => {
    if (!CANDIDATE_LANGUAGES.has(doc.languageId) || doc.uri.scheme === 'lxdops-effective') return;
    const head = doc.getText(new vscode.Range(0, 0, Math.min(doc.lineCount, 5), 0));
    const lang = languageFromHeader(head);
    if (lang && lang !== doc.languageId) void vscode.languages.setTextDocumentLanguage(doc, lang);
  };
  vscode.workspace.textDocuments.forEach(detect);
  context.subscriptions.push(vscode.workspace.onDidOpenTextDocument(detect));
}
