import type { Position, Range } from 'vscode-languageserver';
import { LineIndex } from '../../core/src/text/lineIndex';
import type { Span } from '../../core/src/text/origin';

/** Offset ↔ position conversion, one LineIndex per text (cached by text identity). */
export class Positions {
  private readonly indexes = new Map<string, { text: string; index: LineIndex }>();

  constructor(private readonly textOf: (path: string) => string | undefined) {}

  private index(path: string): LineIndex {
    const text = this.textOf(path) ?? '';
    const hit = this.indexes.get(path);
    if (hit && hit.text === text) return hit.index;
    const index = new LineIndex(text);
    this.indexes.set(path, { text, index });
    return index;
  }

  range(path: string, span: Span): Range {
    const i = this.index(path);
    return { start: i.positionAt(span.start), end: i.positionAt(span.end) };
  }

  offset(path: string, position: Position): number {
    return this.index(path).offsetAt(position);
  }

  span(path: string, range: Range): Span {
    const i = this.index(path);
    return { start: i.offsetAt(range.start), end: i.offsetAt(range.end) };
  }
}
