import type { CST } from 'yaml';

/**
 * How deep collections may nest. Configs and cloud-config files need a handful of levels; past this
 * the file is reported instead of checked, so that no walk over it (ours or `yaml`'s composer, which
 * recurses) can run out of stack.
 */
export const MAX_NESTING = 64;

/** The tokens nested directly in a CST token (a document's value, a collection's keys and values). */
function nestedTokens(token: CST.Token): CST.Token[] {
  const out: CST.Token[] = [];
  if (token.type === 'document' && token.value) out.push(token.value);
  if (token.type === 'block-map' || token.type === 'block-seq' || token.type === 'flow-collection') {
    for (const item of token.items) {
      if ('key' in item && item.key) out.push(item.key);
      if (item.value) out.push(item.value);
    }
  }
  return out;
}

const isCollection = (t: CST.Token) =>
  t.type === 'block-map' || t.type === 'block-seq' || t.type === 'flow-collection';

/** The offset of the first collection nested deeper than `limit`, or undefined. Iterative. */
export function tooDeepAt(tokens: readonly CST.Token[], limit = MAX_NESTING): number | undefined {
  const stack: { token: CST.Token; depth: number }[] = tokens.map((token) => ({ token, depth: 0 }));
  let first: number | undefined;
  while (stack.length > 0) {
    const { token, depth } = stack.pop()!;
    const here = isCollection(token) ? depth + 1 : depth;
    if (here > limit) {
      first = Math.min(first ?? token.offset, token.offset);
      continue;
    }
    for (const child of nestedTokens(token)) stack.push({ token: child, depth: here });
  }
  return first;
}

/**
 * Where a line's own indicators (indentation, `- `, `? `, `[`, `{`) first exceed the limit: a rough
 * place to point at when `yaml`'s parser itself ran out of stack (it recurses on compact
 * collections such as `- - - - …` on one line). The start of the file when no line stands out.
 */
export function roughlyTooDeepAt(text: string, limit = MAX_NESTING): number {
  let lineStart = 0;
  while (lineStart <= text.length) {
    const end = text.indexOf('\n', lineStart);
    const lineEnd = end === -1 ? text.length : end;
    let depth = 0;
    for (let i = lineStart; i < lineEnd; i++) {
      const ch = text[i];
      if (ch === ' ' || ch === '[' || ch === '{') depth++;
      else if ((ch === '-' || ch === '?') && text[i + 1] === ' ') depth++;
      else break;
      if (depth > limit) return i;
    }
    if (end === -1) break;
    lineStart = end + 1;
  }
  return 0;
}
