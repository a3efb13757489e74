import { isMap, isPair, type Node, type Pair, type YAMLMap } from 'yaml';
import { isNullish, keyText } from '../document/yamlNodes';
import { ignoredComment, OS_UNKNOWN_INSTEAD, OS_VERSION_INSTEAD } from './droppedKeys';
import { isCommentLine, leadingSpaces, lineEnd, lineNumber, lineStart, lineStarts } from './lines';
import { rewriteLines } from './lineChanges';
import type { DroppedKey, MigrationNote, TextChange } from './types';

export interface OsResult {
  changes: TextChange[];
  dropped: DroppedKey[];
  notes: MigrationNote[];
}

interface OsContext {
  file: string;
  text: string;
  eol: string;
}

/** What becomes of a key inside `os`: renamed to a top-level key, or dropped with its reason. */
function fate(key: string): { rename: string } | { drop: string } {
  if (key === 'name') return { rename: 'ostype' };
  if (key === 'image') return { rename: 'image' };
  return { drop: key === 'version' ? OS_VERSION_INSTEAD : OS_UNKNOWN_INSTEAD };
}

/**
 * `os: {name, image, version}` → top-level `ostype` and `image`, where `os` was; `version` (and
 * anything else under `os`) commented out with the reason. The caller has checked that the value
 * is a map, null or empty, and holds no anchor.
 */
export function convertOs(ctx: OsContext, pair: Pair<Node, Node | null>): OsResult {
  const value = pair.value;
  if (isNullish(value) || (isMap(value) && value.items.length === 0)) return emptyOs(ctx, pair);
  const map = value as YAMLMap;
  return map.flow ? flowOs(ctx, pair.key, map) : blockOs(ctx, pair.key, map);
}

function emptyOs(ctx: OsContext, pair: Pair<Node, Node | null>): OsResult {
  const key = pair.key;
  const end = pair.value?.range?.[1] ?? key.range![1];
  const span = {
    start: lineStart(ctx.text, key.range![0]),
    end: lineEnd(ctx.text, Math.max(end - 1, key.range![1])),
  };
  const line = lineNumber(ctx.text, key.range![0]);
  const note: MigrationNote = {
    code: 'empty-os',
    file: ctx.file,
    line,
    message: '`os` was empty and set nothing; removed',
  };
  return { changes: [{ span, newText: '' }], dropped: [], notes: [note] };
}

/** The comment after `os:` on its own line (`os:   # the OS`), if any. */
function keyLineComment(text: string, key: Node): string | undefined {
  const rest = text.slice(key.range![1], lineEnd(text, key.range![1])).replace(/\r?\n$/, '');
  const m = /^\s*:\s*(#.*)$/.exec(rest);
  return m ? m[1]!.trimEnd() : undefined;
}

interface BlockShape {
  topIndent: number;
  /** How far the entries move left: from under `os` to the top level. */
  dedent: number;
}

/** One entry of a block `os`: moved left, renamed, or commented out under its reason. */
function blockEntry(
  ctx: OsContext,
  item: Pair<Node, Node | null>,
  shape: BlockShape,
  out: OsResult,
): number[] {
  const { text, eol } = ctx;
  const k = item.key;
  const name = keyText(k) ?? '';
  const end = item.value?.range?.[1] ?? k.range![1];
  const starts = lineStarts(text, k.range![0], lineEnd(text, Math.max(end - 1, k.range![1])));
  const f = fate(name);
  if ('rename' in f) {
    out.changes.push(...rewriteLines(text, starts, { dedent: shape.dedent, commentOut: false, eol }));
    if (f.rename !== name)
      out.changes.push({ span: { start: k.range![0], end: k.range![1] }, newText: f.rename });
  } else {
    const note = ignoredComment(f.drop);
    const how = { dedent: shape.dedent, commentOut: true, commentColumn: shape.topIndent, note, eol };
    out.changes.push(...rewriteLines(text, starts, how));
    const line = lineNumber(text, k.range![0]);
    out.dropped.push({ key: `os.${name}`, file: ctx.file, line, instead: f.drop });
  }
  return starts;
}

/** The end of the lines of a block `os`, with the comment lines indented under it after its last entry. */
function blockEnd(text: string, map: YAMLMap, bodyStart: number, topIndent: number): number {
  let end = lineEnd(text, Math.max(map.range![1] - 1, bodyStart));
  while (end < text.length && isCommentLine(text, end) && leadingSpaces(text, end) > topIndent)
    end = lineEnd(text, end);
  return end;
}

function blockOs(ctx: OsContext, key: Node, map: YAMLMap): OsResult {
  const { text, eol } = ctx;
  const keyLine = lineStart(text, key.range![0]);
  const topIndent = key.range![0] - keyLine;
  const firstKey = (map.items[0] as Pair<Node>).key;
  const shape = { topIndent, dedent: firstKey.range![0] - lineStart(text, firstKey.range![0]) - topIndent };
  const inline = keyLineComment(text, key);
  const bodyStart = lineEnd(text, key.range![1]);
  const keyLineChange = {
    span: { start: keyLine, end: bodyStart },
    newText: inline ? `${' '.repeat(topIndent)}${inline}${eol}` : '',
  };
  const out: OsResult = { changes: [keyLineChange], dropped: [], notes: [] };
  const entryLines = new Set<number>();
  for (const item of map.items)
    if (isPair(item))
      blockEntry(ctx, item as Pair<Node, Node | null>, shape, out).forEach((s) => entryLines.add(s));
  // comment lines between the entries keep their place, moved left with them
  const others = lineStarts(text, bodyStart, blockEnd(text, map, bodyStart, topIndent)).filter(
    (s) => !entryLines.has(s),
  );
  out.changes.push(...rewriteLines(text, others, { dedent: shape.dedent, commentOut: false, eol }));
  return out;
}

/** The comments inside a flow map (`{name: a, # x ⏎ image: b}`), outside its keys and values. */
function flowComments(text: string, map: YAMLMap): string[] {
  const taken: [number, number][] = [];
  for (const item of map.items) {
    if (!isPair(item)) continue;
    for (const n of [item.key, item.value] as (Node | null)[])
      if (n?.range) taken.push([n.range[0], n.range[1]]);
  }
  let gaps = '';
  let at = map.range![0];
  for (const [s, e] of taken.sort((a, b) => a[0] - b[0])) {
    gaps += `${text.slice(at, s)} `;
    at = e;
  }
  gaps += text.slice(at, map.range![1]);
  return [...gaps.matchAll(/(?:^|\s)(#[^\r\n]*)/g)].map((m) => m[1]!.trimEnd());
}

function flowOs(ctx: OsContext, key: Node, map: YAMLMap): OsResult {
  const { text, eol } = ctx;
  const indent = ' '.repeat(key.range![0] - lineStart(text, key.range![0]));
  const lines: string[] = [];
  const dropped: DroppedKey[] = [];
  for (const item of map.items) {
    if (!isPair(item)) continue;
    const k = item.key as Node;
    const v = item.value as Node | null;
    const name = keyText(k) ?? '';
    const source = v?.range ? text.slice(v.range[0], v.range[1]) : '';
    const f = fate(name);
    const entry = `${'rename' in f ? f.rename : name}: ${source}`.trimEnd();
    if ('rename' in f) lines.push(entry);
    else {
      lines.push(ignoredComment(f.drop), `# ${entry}`);
      dropped.push({
        key: `os.${name}`,
        file: ctx.file,
        line: lineNumber(text, k.range![0]),
        instead: f.drop,
      });
    }
  }
  lines.push(...flowComments(text, map));
  const span = { start: key.range![0], end: map.range![1] };
  return { changes: [{ span, newText: lines.join(`${eol}${indent}`) }], dropped, notes: [] };
}
