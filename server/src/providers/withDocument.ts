import type { ParsedFile } from '../../../core/src/document/parsedFile';
import type { LanguageContext } from '../../../core/src/language/languageContext';
import type { ServerState } from '../serverState';

/**
 * The common opening of a request: the feature switch, bringing the checker up to date (for
 * requests that use the roots), a fresh language context and the parsed document.
 */
export function withDocument<R>(
  state: ServerState,
  uri: string,
  o: { enabled: boolean; sync: boolean; fallback: R },
  f: (ctx: LanguageContext, parsed: ParsedFile) => R,
): R {
  if (!o.enabled) return o.fallback;
  if (o.sync) state.sync();
  const ctx = state.languageContext();
  const parsed = state.parsed(uri, ctx);
  return parsed ? f(ctx, parsed) : o.fallback;
}
