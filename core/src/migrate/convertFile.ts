import type { Node, Pair } from 'yaml';
import { decodeConfigFile } from '../config/decodeConfigFile';
import type { ParsedFile } from '../document/parsedFile';
import { keyText } from '../document/yamlNodes';
import { blocker, keyBlocker, topPairs } from './blockers';
import { DROPPED_KEYS, ignoredComment } from './droppedKeys';
import { applyChanges, rewriteLines, sortChanges } from './lineChanges';
import { lineBreak, lineEnd, lineNumber, lineStart, lineStarts } from './lines';
import { semanticNotes } from './notes';
import { convertOs } from './osBlock';
import { keepProfilePattern } from './profilePattern';
import type {
  ConvertOptions,
  ConvertProblem,
  DroppedKey,
  FileConversion,
  MigrationNote,
  TextChange,
} from './types';

export { LXDOPS_PROFILE_PATTERN } from './profilePattern';
export const LXDOPS_HEADER = '#lxdops';
export const LXOPS_HEADER = '#lxops-v1';

/** A file that is not converted, as it is. */
function unchanged(parsed: ParsedFile, status: FileConversion['status'], problems: ConvertProblem[] = []) {
  const { path: file, text } = parsed;
  return { file, status, text, changes: [], output: text, dropped: [], notes: [], problems };
}

/** A dropped top-level key: its lines commented out under the reason. */
function commentOutPair(parsed: ParsedFile, pair: Pair<Node, Node | null>, eol: string) {
  const { text } = parsed;
  const key = keyText(pair.key)!;
  const instead = DROPPED_KEYS.get(key)!;
  const end = pair.value?.range?.[1] ?? pair.key.range![1];
  const starts = lineStarts(text, pair.key.range![0], lineEnd(text, Math.max(end - 1, pair.key.range![1])));
  const column = pair.key.range![0] - lineStart(text, pair.key.range![0]);
  const note = ignoredComment(instead);
  const changes = rewriteLines(text, starts, {
    dedent: 0,
    commentOut: true,
    commentColumn: column,
    note,
    eol,
  });
  const dropped: DroppedKey = { key, file: parsed.path, line: lineNumber(text, pair.key.range![0]), instead };
  return { changes, dropped };
}

interface Collected {
  changes: TextChange[];
  dropped: DroppedKey[];
  notes: MigrationNote[];
}

/** The changes to the top-level keys: `os` moved up, each dropped key commented out. */
function keyChanges(parsed: ParsedFile, eol: string, out: Collected): void {
  for (const pair of topPairs(parsed)) {
    const key = keyText(pair.key) ?? '';
    if (key === 'os') {
      const os = convertOs({ file: parsed.path, text: parsed.text, eol }, pair);
      out.changes.push(...os.changes);
      out.dropped.push(...os.dropped);
      out.notes.push(...os.notes);
    } else if (DROPPED_KEYS.has(key)) {
      const c = commentOutPair(parsed, pair, eol);
      out.changes.push(...c.changes);
      out.dropped.push(c.dropped);
    }
  }
}

/** A `#lxdops` file → the text changes that make it `#lxops-v1`, keeping everything else as written. */
export function convertFile(parsed: ParsedFile, options: ConvertOptions): FileConversion {
  const kind = parsed.header.kind;
  if (kind === 'lxops' && parsed.header.exact) return unchanged(parsed, 'already');
  if (kind !== 'lxdops') return unchanged(parsed, 'skipped');
  const stop = blocker(parsed) ?? keyBlocker(parsed, topPairs(parsed));
  if (stop) return unchanged(parsed, 'error', [stop]);
  const { text } = parsed;
  const eol = lineBreak(text);
  const header = { span: { start: 0, end: LXDOPS_HEADER.length }, newText: LXOPS_HEADER };
  const out: Collected = { changes: [header], dropped: [], notes: [] };
  keyChanges(parsed, eol, out);
  out.notes.push(...semanticNotes(text, decodeConfigFile(parsed)));
  const pattern = options.keepProfilePattern ? keepProfilePattern(parsed, eol) : undefined;
  if (pattern) {
    out.changes.push(pattern.change);
    out.notes.push(pattern.note);
  }
  const changes = sortChanges(out.changes);
  const dropped = out.dropped.sort((a, b) => a.line - b.line);
  const output = applyChanges(text, changes);
  return {
    file: parsed.path,
    status: 'converted',
    text,
    changes,
    output,
    dropped,
    notes: out.notes,
    problems: [],
  };
}
