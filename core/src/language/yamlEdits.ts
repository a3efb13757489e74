import { isMap, isScalar, isSeq, type Node, type Pair } from 'yaml';
import type { ParsedFile } from '../document/parsedFile';
import type { Span } from '../text/origin';

/** The start of the line that holds an offset. */
export function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** The offset just after the line that holds an offset (after its newline). */
export function lineEndOf(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl === -1 ? text.length : nl + 1;
}

export function topLevelPair(parsed: ParsedFile, key: string): Pair<Node, Node | null> | undefined {
  const root = parsed.doc.contents;
  if (!isMap(root)) return undefined;
  return root.items.find((p) => isScalar(p.key) && String(p.key.value) === key) as
    Pair<Node, Node | null> | undefined;
}

/** The whole lines of a top-level pair, from its key to the end of its value. */
export function pairLines(parsed: ParsedFile, pair: Pair<Node, Node | null>): Span {
  const key = pair.key as Node;
  const end = pair.value?.range ? pair.value.range[1] : key.range![1];
  return {
    start: lineStartOf(parsed.text, key.range![0]),
    end: lineEndOf(parsed.text, Math.max(end - 1, key.range![1])),
  };
}

/** Text to append at the end of the file, on a line of its own. */
function appendAtEnd(text: string, block: string): { span: Span; newText: string } {
  const sep = text.length && !text.endsWith('\n') ? '\n' : '';
  return { span: { start: text.length, end: text.length }, newText: `${sep}${block}` };
}

/** Adds `- item` to a top-level block list, creating the key at the end when it is missing. */
export function addListItem(
  parsed: ParsedFile,
  key: string,
  item: string,
): { span: Span; newText: string } | undefined {
  const pair = topLevelPair(parsed, key);
  if (!pair || pair.value === null || (isScalar(pair.value) && pair.value.value === null)) {
    if (pair) {
      const at = lineEndOf(parsed.text, (pair.key as Node).range![1]);
      const lines = pairLines(parsed, pair);
      return { span: { start: lines.start, end: at }, newText: `${key}:\n  - ${item}\n` };
    }
    return appendAtEnd(parsed.text, `${key}:\n  - ${item}\n`);
  }
  const v = pair.value;
  if (!isSeq(v) || v.flow || v.items.length === 0) return undefined;
  const last = v.items[v.items.length - 1] as Node;
  const at = lineEndOf(parsed.text, last.range![1] - 1);
  const first = v.items[0] as Node;
  const indent = first.range![0] - lineStartOf(parsed.text, first.range![0]) - 2;
  return { span: { start: at, end: at }, newText: `${' '.repeat(Math.max(0, indent))}- ${item}\n` };
}

/** Adds `key: value` to a top-level block map, creating the map at the end when it is missing. */
export function addMapEntry(
  parsed: ParsedFile,
  mapKey: string,
  key: string,
  value: string,
): { span: Span; newText: string } | undefined {
  const pair = topLevelPair(parsed, mapKey);
  if (!pair) return appendAtEnd(parsed.text, `${mapKey}:\n  ${key}: ${value}\n`);
  const v = pair.value;
  if (!isMap(v) || v.flow || v.items.length === 0) return undefined;
  const last = v.items[v.items.length - 1]!;
  const lastEnd = (last.value as Node | null)?.range?.[1] ?? (last.key as Node).range![1];
  const at = lineEndOf(parsed.text, lastEnd - 1);
  const firstKey = v.items[0]!.key as Node;
  const indent = firstKey.range![0] - lineStartOf(parsed.text, firstKey.range![0]);
  return { span: { start: at, end: at }, newText: `${' '.repeat(indent)}${key}: ${value}\n` };
}
