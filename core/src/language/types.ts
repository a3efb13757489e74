import type { Span } from '../text/origin';

export type CompletionKind =
  'key' | 'value' | 'property' | 'file' | 'folder' | 'filesystem' | 'module' | 'profile' | 'enum';

/** A completion, in offsets; the server turns it into an LSP CompletionItem. */
export interface Completion {
  label: string;
  kind: CompletionKind;
  detail?: string;
  documentation?: string;
  /** Text to insert; a snippet when `snippet` is true. Defaults to the label. */
  insertText?: string;
  snippet?: boolean;
  /** The span the completion replaces. */
  span: Span;
  sortText?: string;
}

export interface Hover {
  span: Span;
  markdown: string;
}

export interface Location {
  file: string;
  span: Span;
}

export interface DocumentLink {
  span: Span;
  target: string;
  tooltip?: string;
}

export type SymbolKind =
  'key' | 'object' | 'array' | 'filesystem' | 'device' | 'property' | 'module' | 'file' | 'user';

export interface DocumentSymbol {
  name: string;
  detail?: string;
  kind: SymbolKind;
  span: Span;
  selectionSpan: Span;
  children: DocumentSymbol[];
}

export interface TextEdit {
  file: string;
  span: Span;
  newText: string;
}

export interface CodeAction {
  title: string;
  kind: 'quickfix' | 'refactor';
  /** The diagnostic codes this action fixes (empty for refactors). */
  fixes: string[];
  edits: TextEdit[];
  createFiles: { file: string; text: string }[];
  isPreferred?: boolean;
}
