import { isMap, isPair, isScalar, isSeq, type Node, type Pair, type Scalar, type YAMLMap } from 'yaml';
import type { ParsedFile } from '../document/parsedFile';
import type { Span } from '../text/origin';

export type CursorPath = (string | number)[];

/** What the cursor is on, found from the YAML tree (indentation only decides among ancestors). */
export type Cursor =
  /** On a key, or typing a new key in the mapping at `path` (`span` is the word to replace). */
  | { kind: 'key'; path: CursorPath; span: Span; existing: Set<string>; keyNode?: Scalar }
  /** On (or typing) the value at `path`; `node` is the scalar, when there is one. */
  | { kind: 'value'; path: CursorPath; span: Span; node?: Scalar }
  | { kind: 'none' };

/** The column (0-based) of an offset, and the indentation of its line. */
function lineInfo(
  text: string,
  offset: number,
): { column: number; indent: number; lineStart: number; blankBefore: boolean } {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  const indent = before.length - before.trimStart().length;
  return {
    column: offset - lineStart,
    indent,
    lineStart,
    blankBefore: before.trim() === '' || /^\s*-\s*$/.test(before),
  };
}

function keysOf(map: YAMLMap | null | undefined): Set<string> {
  const s = new Set<string>();
  if (map) for (const p of map.items) if (isScalar(p.key)) s.add(String(p.key.value));
  return s;
}

function contains(node: Node | null | undefined, offset: number): boolean {
  const r = node?.range;
  return !!r && r[0] <= offset && offset <= r[1];
}

/** The word around the cursor in a plain scalar or blank area (what a completion replaces). */
function wordSpan(text: string, offset: number): Span {
  let s = offset;
  while (s > 0 && /[^\s:{}[\],#"']/.test(text[s - 1]!)) s--;
  let e = offset;
  while (e < text.length && /[^\s:{}[\],#"']/.test(text[e]!)) e++;
  return { start: s, end: e };
}

export function cursorAt(parsed: ParsedFile, offset: number): Cursor {
  const text = parsed.text;
  const line = lineInfo(text, offset);
  const root = parsed.doc.contents as Node | null;
  const firstNl = text.indexOf('\n');
  if (firstNl === -1 || offset <= firstNl) return { kind: 'none' }; // the header line
  if (root === null || (isScalar(root) && root.value === null))
    return { kind: 'key', path: [], span: wordSpan(text, offset), existing: new Set() };
  if (isScalar(root))
    return contains(root, offset)
      ? { kind: 'key', path: [], span: wordSpan(text, offset), existing: new Set() }
      : { kind: 'none' };
  return walk(root, [], text, offset, line) ?? { kind: 'none' };
}

function columnOf(text: string, offset: number): number {
  return offset - (text.lastIndexOf('\n', offset - 1) + 1);
}

function walk(
  node: Node,
  path: CursorPath,
  text: string,
  offset: number,
  line: ReturnType<typeof lineInfo>,
): Cursor | undefined {
  if (isMap(node)) return walkMap(node, path, text, offset, line);
  if (isSeq(node)) {
    const items = node.items as (Node | null)[];
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      if (item && contains(item, offset))
        return (
          walk(item, [...path, i], text, offset, line) ??
          (isScalar(item)
            ? { kind: 'value', path: [...path, i], span: spanOfScalar(item), node: item }
            : undefined)
        );
    }
    // a blank line deeper than the dash belongs to the last item before it (`  - path: x\n    |`)
    const dashCol = node.range ? columnOf(text, node.range[0]) : 0;
    if (line.blankBefore && !/^\s*-/.test(text.slice(line.lineStart, offset)) && line.indent > dashCol) {
      let last = -1;
      for (let i = 0; i < items.length; i++) if (items[i]?.range && items[i]!.range![0] < offset) last = i;
      const item = last === -1 ? undefined : items[last];
      if (item && (isMap(item) || isSeq(item))) {
        const inner = walk(item, [...path, last], text, offset, line);
        if (inner) return inner;
      }
    }
    // `- ` on a new line of this list, or a dash with nothing after it
    if (/^\s*-\s*$/.test(text.slice(line.lineStart, offset)) || (node.flow && contains(node, offset))) {
      const idx = items.findIndex((it) => it && it.range && it.range[0] >= offset);
      return {
        kind: 'value',
        path: [...path, idx === -1 ? items.length : idx],
        span: { start: offset, end: offset },
      };
    }
    return undefined;
  }
  if (isScalar(node) && contains(node, offset))
    return { kind: 'value', path, span: spanOfScalar(node), node };
  return undefined;
}

function spanOfScalar(node: Scalar): Span {
  return { start: node.range![0], end: node.range![1] };
}

function walkMap(
  map: YAMLMap,
  path: CursorPath,
  text: string,
  offset: number,
  line: ReturnType<typeof lineInfo>,
): Cursor | undefined {
  const pairs = map.items as Pair<Node, Node | null>[];
  for (const pair of pairs) {
    if (!isPair(pair)) continue;
    const key = pair.key;
    if (contains(key, offset) && isScalar(key)) {
      return {
        kind: 'key',
        path,
        span: { start: key.range![0], end: key.range![1] },
        existing: keysOf(map),
        keyNode: key,
      };
    }
    const value = pair.value;
    const keyName = isScalar(key) ? String(key.value) : '';
    if (value && contains(value, offset)) {
      // A plain scalar where a mapping belongs (`os:\n  na|`) is a key being typed.
      const inner = walk(value, [...path, keyName], text, offset, line);
      if (inner) return inner;
    }
    // `name: |` : the key on this line has no value yet.
    if (
      isScalar(key) &&
      key.range &&
      (value === null ||
        (isScalar(value) && value.value === null && value.range && value.range[0] >= key.range[1])) &&
      key.range[1] < offset
    ) {
      const between = text.slice(key.range[1], offset);
      if (/^\s*:[ \t]*[^\n]*$/.test(between) && !between.includes('\n'))
        return { kind: 'value', path: [...path, keyName], span: wordSpan(text, offset) };
    }
  }
  if (map.flow && contains(map, offset))
    return { kind: 'key', path, span: wordSpan(text, offset), existing: keysOf(map) };
  if (!line.blankBefore && !isPlainWordLine(text, line, offset)) return undefined;
  // A blank (or word-only) line: which mapping does its indentation belong to?
  const firstKey = pairs.find((p) => isPair(p) && isScalar(p.key))?.key as Scalar | undefined;
  const col = firstKey?.range ? columnOf(text, firstKey.range[0]) : -1;
  // (a blank line before the first key, e.g. right after the header, belongs to the top mapping)
  if (line.indent === col && (offset >= (map.range?.[0] ?? 0) || path.length === 0)) {
    return { kind: 'key', path, span: wordSpan(text, offset), existing: keysOf(map) };
  }
  if (line.indent > col) {
    // the last pair before the cursor owns deeper lines
    let last: Pair<Node, Node | null> | undefined;
    for (const p of pairs)
      if (isPair(p) && p.key && (p.key as Node).range && (p.key as Node).range![0] < offset) last = p;
    if (!last || !isScalar(last.key)) return undefined;
    const name = String(last.key.value);
    const v = last.value;
    if (v === null || (isScalar(v) && v.value === null))
      return { kind: 'key', path: [...path, name], span: wordSpan(text, offset), existing: new Set() };
    if (isMap(v) || isSeq(v)) return walk(v, [...path, name], text, offset, line);
  }
  return undefined;
}

function isPlainWordLine(text: string, line: ReturnType<typeof lineInfo>, offset: number): boolean {
  return /^\s*[\w.-]*$/.test(text.slice(line.lineStart, offset));
}
