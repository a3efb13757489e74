/** Line arithmetic on a file's text: the converter edits whole lines and line starts. */

/** The start of the line that holds an offset. */
export function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** The offset just after the line that holds an offset (after its `\n`), or the end of the text. */
export function lineEnd(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl === -1 ? text.length : nl + 1;
}

/** 1-based line number of an offset. */
export function lineNumber(text: string, offset: number): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** The file's line break: CRLF when its first line ends so, else LF. */
export function lineBreak(text: string): string {
  const nl = text.indexOf('\n');
  return nl > 0 && text[nl - 1] === '\r' ? '\r\n' : '\n';
}

/** How many spaces start the line that begins at `start`. */
export function leadingSpaces(text: string, start: number): number {
  let i = start;
  while (text[i] === ' ') i++;
  return i - start;
}

/** True when the line at `start` holds only white space (or nothing). */
export function isBlankLine(text: string, start: number): boolean {
  const end = lineEnd(text, start);
  return text.slice(start, end).trim() === '';
}

/** True when the line at `start` holds only a comment. */
export function isCommentLine(text: string, start: number): boolean {
  return text.slice(start, lineEnd(text, start)).trimStart().startsWith('#');
}

/** The starts of the lines from the one holding `from` up to (not including) offset `to`. */
export function lineStarts(text: string, from: number, to: number): number[] {
  const out: number[] = [];
  for (let s = lineStart(text, from); s < to; s = lineEnd(text, s)) {
    out.push(s);
    if (lineEnd(text, s) === s) break;
  }
  return out;
}
