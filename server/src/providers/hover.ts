import { type Hover, type HoverParams, MarkupKind } from 'vscode-languageserver';
import { hover } from '../../../core/src/language/hover';
import type { ServerState } from '../serverState';

export function onHover(state: ServerState, params: HoverParams): Hover | null {
  if (!state.settings.hover.enable) return null;
  state.sync();
  const ctx = state.languageContext();
  const parsed = state.parsed(params.textDocument.uri, ctx);
  if (!parsed) return null;
  const h = hover(ctx, parsed, state.positions.offset(parsed.path, params.position));
  return h ? { contents: { kind: MarkupKind.Markdown, value: h.markdown }, range: state.positions.range(parsed.path, h.span) } : null;
}
