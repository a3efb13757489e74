import {
  type CompletionItem,
  CompletionItemKind,
  type CompletionParams,
  InsertTextFormat,
  MarkupKind,
} from 'vscode-languageserver';
import { complete } from '../../../core/src/language/completion';
import type { CompletionKind } from '../../../core/src/language/types';
import type { ServerState } from '../serverState';
import { withDocument } from './withDocument';

const KINDS: Record<CompletionKind, CompletionItemKind> = {
  key: CompletionItemKind.Property,
  value: CompletionItemKind.Value,
  enum: CompletionItemKind.EnumMember,
  property: CompletionItemKind.Variable,
  file: CompletionItemKind.File,
  folder: CompletionItemKind.Folder,
  filesystem: CompletionItemKind.Reference,
  module: CompletionItemKind.Module,
  profile: CompletionItemKind.Reference,
};

export function onCompletion(state: ServerState, params: CompletionParams): CompletionItem[] {
  return withDocument(
    state,
    params.textDocument.uri,
    { enabled: state.settings.completion.enable, sync: true, fallback: [] },
    (ctx, parsed) =>
      complete(ctx, parsed, state.positions.offset(parsed.path, params.position)).map((c) => ({
        label: c.label,
        kind: KINDS[c.kind],
        ...(c.detail ? { detail: c.detail } : {}),
        ...(c.documentation ? { documentation: { kind: MarkupKind.Markdown, value: c.documentation } } : {}),
        ...(c.sortText ? { sortText: c.sortText } : {}),
        insertTextFormat: c.snippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
        textEdit: { range: state.positions.range(parsed.path, c.span), newText: c.insertText ?? c.label },
        ...(c.kind === 'folder'
          ? { command: { title: 'Suggest', command: 'editor.action.triggerSuggest' } }
          : {}),
      })),
  );
}
