import { type Hover, type HoverParams, MarkupKind } from 'vscode-languageserver';
import { hover } from '../../../core/src/language/hover';
import type { ServerState } from '../serverState';
import { withDocument } from './withDocument';

export function onHover(state: ServerState, params: HoverParams): Hover | null {
  return withDocument<Hover | null>(
    state,
    params.textDocument.uri,
    { enabled: state.settings.hover.enable, sync: true, fallback: null },
    (ctx, parsed) => {
      const h = hover(ctx, parsed, state.positions.offset(parsed.path, params.position));
      return h
        ? {
            contents: { kind: MarkupKind.Markdown, value: h.markdown },
            range: state.positions.range(parsed.path, h.span),
          }
        : null;
    },
  );
}
