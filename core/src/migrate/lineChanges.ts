import { isBlankLine, isCommentLine, leadingSpaces } from './lines';
import type { TextChange } from './types';

export interface LineRewrite {
  /** Spaces taken off the start of each line (at most those it has). */
  dedent: number;
  /** Put `# ` in each line that is not blank or a comment already, at this column of its new indentation. */
  commentOut: boolean;
  commentColumn?: number;
  /** A comment line put above the first line, at its new indentation. */
  note?: string;
  eol: string;
}

/**
 * Changes to the indentation of whole lines (given by their starts): the rest of each line, its
 * content, quotes and trailing comment, is kept byte for byte. Blank lines are left alone.
 */
export function rewriteLines(text: string, starts: readonly number[], how: LineRewrite): TextChange[] {
  const out: TextChange[] = [];
  starts.forEach((ls, i) => {
    if (isBlankLine(text, ls)) return;
    const spaces = leadingSpaces(text, ls);
    const indent = ' '.repeat(spaces - Math.min(how.dedent, spaces));
    const hash = how.commentOut && !isCommentLine(text, ls) ? '# ' : '';
    const at = Math.min(how.commentColumn ?? indent.length, indent.length);
    const note = i === 0 && how.note !== undefined ? `${indent.slice(0, at)}${how.note}${how.eol}` : '';
    const newText = `${note}${indent.slice(0, at)}${hash}${indent.slice(at)}`;
    if (newText !== text.slice(ls, ls + spaces)) out.push({ span: { start: ls, end: ls + spaces }, newText });
  });
  return out;
}

/** Applies sorted, non-overlapping changes to a text. */
export function applyChanges(text: string, changes: readonly TextChange[]): string {
  let out = '';
  let at = 0;
  for (const c of changes) {
    out += text.slice(at, c.span.start) + c.newText;
    at = c.span.end;
  }
  return out + text.slice(at);
}

/** Sorts changes by offset; throws on an overlap, which would be a bug of the converter. */
export function sortChanges(changes: readonly TextChange[]): TextChange[] {
  const sorted = [...changes].sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  for (let i = 1; i < sorted.length; i++)
    if (sorted[i]!.span.start < sorted[i - 1]!.span.end)
      throw new Error(`overlapping changes at ${sorted[i]!.span.start}`);
  return sorted;
}
