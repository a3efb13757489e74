import {
  type DefinitionParams,
  type DocumentLink,
  type DocumentLinkParams,
  type DocumentSymbol,
  type DocumentSymbolParams,
  type Location,
  type ReferenceParams,
  SymbolKind,
} from 'vscode-languageserver';
import { definition, documentLinks, documentSymbols, references } from '../../../core/src/language/navigation';
import type { DocumentSymbol as CoreSymbol, Location as CoreLocation, SymbolKind as CoreKind } from '../../../core/src/language/types';
import type { ServerState } from '../serverState';
import { pathToUri } from '../uris';

function toLocation(state: ServerState, l: CoreLocation): Location {
  return { uri: pathToUri(l.file), range: state.positions.range(l.file, l.span) };
}

export function onDefinition(state: ServerState, params: DefinitionParams): Location[] {
  if (!state.settings.navigation.enable) return [];
  state.sync();
  const ctx = state.languageContext();
  const parsed = state.parsed(params.textDocument.uri, ctx);
  if (!parsed) return [];
  return definition(ctx, parsed, state.positions.offset(parsed.path, params.position)).map((l) => toLocation(state, l));
}

export function onReferences(state: ServerState, params: ReferenceParams): Location[] {
  if (!state.settings.navigation.enable) return [];
  state.sync();
  const ctx = state.languageContext();
  const parsed = state.parsed(params.textDocument.uri, ctx);
  if (!parsed) return [];
  return references(ctx, parsed, state.positions.offset(parsed.path, params.position), params.context?.includeDeclaration ?? false).map((l) => toLocation(state, l));
}

export function onDocumentLinks(state: ServerState, params: DocumentLinkParams): DocumentLink[] {
  if (!state.settings.navigation.enable) return [];
  const ctx = state.languageContext();
  const parsed = state.parsed(params.textDocument.uri, ctx);
  if (!parsed) return [];
  return documentLinks(ctx, parsed).map((l) => ({ range: state.positions.range(parsed.path, l.span), target: pathToUri(l.target), ...(l.tooltip ? { tooltip: l.tooltip } : {}) }));
}

const KINDS: Record<CoreKind, SymbolKind> = {
  key: SymbolKind.Property,
  object: SymbolKind.Object,
  array: SymbolKind.Array,
  filesystem: SymbolKind.Struct,
  device: SymbolKind.Field,
  property: SymbolKind.Variable,
  module: SymbolKind.Module,
  file: SymbolKind.File,
  user: SymbolKind.Object,
};

export function onDocumentSymbols(state: ServerState, params: DocumentSymbolParams): DocumentSymbol[] {
  if (!state.settings.navigation.enable) return [];
  const ctx = state.languageContext();
  const parsed = state.parsed(params.textDocument.uri, ctx);
  if (!parsed) return [];
  const convert = (s: CoreSymbol): DocumentSymbol => ({
    name: s.name || '""',
    ...(s.detail ? { detail: s.detail } : {}),
    kind: KINDS[s.kind],
    range: state.positions.range(parsed.path, s.span),
    selectionRange: state.positions.range(parsed.path, s.selectionSpan),
    children: s.children.map(convert),
  });
  return documentSymbols(parsed).map(convert);
}
