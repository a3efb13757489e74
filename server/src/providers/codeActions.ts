import {
  type CodeAction,
  CodeActionKind,
  type CodeActionParams,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import { codeActions } from '../../../core/src/language/codeActions';
import type { ServerState } from '../serverState';
import { pathToUri, uriToPath } from '../uris';

export function onCodeAction(state: ServerState, params: CodeActionParams): CodeAction[] {
  if (!state.settings.codeActions.enable) return [];
  state.sync();
  const ctx = state.languageContext();
  // any file we report on, even one whose header is missing (the fix adds it)
  const read = ctx.ws.parsed(uriToPath(params.textDocument.uri));
  if (!read.ok) return [];
  const parsed = read.value;
  const span = state.positions.span(parsed.path, params.range);
  const diagnostics = state.checker.diagnosticsOf(parsed.path);
  return codeActions(ctx, parsed, span, diagnostics).map((a) => {
    const edit: WorkspaceEdit = { documentChanges: [] };
    for (const f of a.createFiles) {
      edit.documentChanges!.push({
        kind: 'create',
        uri: pathToUri(f.file),
        options: { ignoreIfExists: true },
      });
      edit.documentChanges!.push({
        textDocument: { uri: pathToUri(f.file), version: null },
        edits: [
          { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: f.text },
        ],
      });
    }
    const byFile = new Map<string, typeof a.edits>();
    for (const e of a.edits) byFile.set(e.file, [...(byFile.get(e.file) ?? []), e]);
    for (const [file, edits] of byFile) {
      edit.documentChanges!.push({
        textDocument: { uri: pathToUri(file), version: null },
        edits: edits.map((e) => ({ range: state.positions.range(file, e.span), newText: e.newText })),
      });
    }
    const matching = (params.context.diagnostics ?? []).filter((d) => a.fixes.includes(String(d.code)));
    return {
      title: a.title,
      kind: a.kind === 'quickfix' ? CodeActionKind.QuickFix : CodeActionKind.Refactor,
      ...(matching.length ? { diagnostics: matching } : {}),
      ...(a.isPreferred ? { isPreferred: true } : {}),
      edit,
    };
  });
}
