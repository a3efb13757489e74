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
import {
  definition,
  documentLinks,
  documentSymbols,
  references,
} from '../../../core/src/language/navigation';
import type {
  DocumentSymbol as CoreSymbol,
  Location as CoreLocation,
  SymbolKind as CoreKind,
} from '../../../core/src/language/types';
import type { ServerState } from '../serverState';
import { pathToUri } from '../uris';
import { withDocument } from './withDocument';

function toLocation(state: ServerState, l: CoreLocation): Location {
  return { uri: pathToUri(l.file), range: state.positions.range(l.file, l.span) };
}

const nav = <R>(state: ServerState, uri: string, sync: boolean, f: Parameters<typeof withDocument<R[]>>[3]) =>
  withDocument<R[]>(state, uri, { enabled: state.settings.navigation.enable, sync, fallback: [] }, f);

export function onDefinition(state: ServerState, params: DefinitionParams): Location[] {
  return nav(state, params.textDocument.uri, true, (ctx, parsed) =>
    definition(ctx, parsed, state.positions.offset(parsed.path, params.position)).map((l) =>
      toLocation(state, l),
    ),
  );
}

export function onReferences(state: ServerState, params: ReferenceParams): Location[] {
  return nav(state, params.textDocument.uri, true, (ctx, parsed) =>
    references(
      ctx,
      parsed,
      state.positions.offset(parsed.path, params.position),
      params.context?.includeDeclaration ?? false,
    ).map((l) => toLocation(state, l)),
  );
}

export function onDocumentLinks(state: ServerState, params: DocumentLinkParams): DocumentLink[] {
  return nav(state, params.textDocument.uri, false, (ctx, parsed) =>
    documentLinks(ctx, parsed).map((l) => ({
      range: state.positions.range(parsed.path, l.span),
      target: pathToUri(l.target),
      ...(l.tooltip ? { tooltip: l.tooltip } : {}),
    })),
  );
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
  return nav(state, params.textDocument.uri, false, (_ctx, parsed) => {
    const convert = (s: CoreSymbol): DocumentSymbol => ({
      name: s.name || '""',
      ...(s.detail ? { detail: s.detail } : {}),
      kind: KINDS[s.kind],
      range: state.positions.range(parsed.path, s.span),
      selectionRange: state.positions.range(parsed.path, s.selectionSpan),
      children: s.children.map(convert),
    });
    return documentSymbols(parsed).map(convert);
  });
}
