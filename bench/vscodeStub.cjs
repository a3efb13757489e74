// A stand-in for the `vscode` module, for the activation benchmark only (not a test double):
// the names the bundle uses, each a callable, constructible no-op whose properties are more of the
// same; `then` is absent so that awaiting one does not hang. It lets `activate` run its
// registrations outside VS Code.
'use strict';
/* global exports */
function stub(name) {
  const target = function () {};
  return new Proxy(target, {
    get(_t, key) {
      if (key === 'then') return undefined;
      if (key === Symbol.toPrimitive) return () => name;
      if (key === Symbol.iterator) return function* () {};
      if (key === 'prototype') return {};
      return stub(`${name}.${String(key)}`);
    },
    apply: () => stub(`${name}()`),
    construct: () => stub(`new ${name}`),
  });
}
const NAMES = [
  'CallHierarchyIncomingCall',
  'CallHierarchyItem',
  'CallHierarchyOutgoingCall',
  'CancellationError',
  'CancellationTokenSource',
  'CodeAction',
  'CodeActionKind',
  'CodeActionTriggerKind',
  'CodeLens',
  'Color',
  'ColorInformation',
  'ColorPresentation',
  'CompletionItem',
  'CompletionItemKind',
  'CompletionItemTag',
  'CompletionList',
  'CompletionTriggerKind',
  'Diagnostic',
  'DiagnosticRelatedInformation',
  'DiagnosticSeverity',
  'DiagnosticTag',
  'Disposable',
  'DocumentHighlight',
  'DocumentHighlightKind',
  'DocumentLink',
  'DocumentSymbol',
  'EventEmitter',
  'FileType',
  'FoldingRange',
  'FoldingRangeKind',
  'Hover',
  'InlayHint',
  'InlayHintLabelPart',
  'InlineCompletionItem',
  'InlineCompletionList',
  'InlineCompletionTriggerKind',
  'InlineValueEvaluatableExpression',
  'InlineValueText',
  'InlineValueVariableLookup',
  'LinkedEditingRanges',
  'Location',
  'LogLevel',
  'MarkdownString',
  'NotebookCellKind',
  'ParameterInformation',
  'Position',
  'ProgressLocation',
  'Range',
  'RelativePattern',
  'SelectionRange',
  'SemanticTokens',
  'SemanticTokensEdit',
  'SemanticTokensEdits',
  'SignatureHelp',
  'SignatureHelpTriggerKind',
  'SignatureInformation',
  'SnippetString',
  'SnippetTextEdit',
  'SymbolInformation',
  'SymbolKind',
  'SymbolTag',
  'TabInputCustom',
  'TabInputNotebook',
  'TabInputText',
  'TabInputTextDiff',
  'TextDocumentSaveReason',
  'TextEdit',
  'ThemeColor',
  'ThemeIcon',
  'TreeItem',
  'TreeItemCollapsibleState',
  'TypeHierarchyItem',
  'Uri',
  'ViewColumn',
  'WorkspaceEdit',
  'commands',
  'env',
  'languages',
  'open',
  'version',
  'window',
  'workspace',
];
for (const name of NAMES) exports[name] = stub(name);
// vscode-languageclient checks the engine version
exports.version = '1.100.0';
