import type { Node, Pair } from 'yaml';
import type { ParsedFile } from '../document/parsedFile';
import { keyText, scalarText } from '../document/yamlNodes';
import { topPairs } from './blockers';
import { lineNumber, lineStart } from './lines';
import type { MigrationNote, TextChange } from './types';

/** The profile name lxdops gives by default; lxops' default is `(instance).lxops`. */
export const LXDOPS_PROFILE_PATTERN = '(instance).lxdops';

const KEPT_MESSAGE = `so that the instance profile keeps its name (lxops' default is (instance).lxops)`;

/** The file's own `profile-pattern` pair, if it has one. */
function ownProfilePattern(parsed: ParsedFile): Pair<Node, Node | null> | undefined {
  return topPairs(parsed).find((p) => keyText(p.key) === 'profile-pattern');
}

/** An empty `profile-pattern:` of the file itself, given the lxdops default in its place. */
function fillProfilePattern(parsed: ParsedFile, pair: Pair<Node, Node | null>) {
  const { text } = parsed;
  const key = pair.key.range!;
  const end =
    pair.value?.range && pair.value.range[1] > key[1] ? pair.value.range[1] : text.indexOf(':', key[1]) + 1;
  const change = { span: { start: key[0], end }, newText: `profile-pattern: ${LXDOPS_PROFILE_PATTERN}` };
  const line = lineNumber(text, key[0]);
  const message = `set the empty \`profile-pattern\` to ${LXDOPS_PROFILE_PATTERN}, ${KEPT_MESSAGE}`;
  return { change, note: { code: 'profile-pattern-kept' as const, file: parsed.path, line, message } };
}

/**
 * `profile-pattern: (instance).lxdops` for a root whose tree relied on lxdops' default: at the end
 * of the file, or in place of its own empty one. Nothing when the file names a profile itself.
 */
export function keepProfilePattern(
  parsed: ParsedFile,
  eol: string,
): { change: TextChange; note: MigrationNote } | undefined {
  const own = ownProfilePattern(parsed);
  if (own && scalarText(own.value)) return undefined;
  if (own) return fillProfilePattern(parsed, own);
  const { text } = parsed;
  const first = parsed.doc.contents?.range?.[0];
  const indent = first === undefined ? '' : ' '.repeat(first - lineStart(text, first));
  const sep = text.endsWith('\n') ? '' : eol;
  const newText = `${sep}${indent}# the lxdops profile name, kept: lxops' default is (instance).lxops${eol}${indent}profile-pattern: ${LXDOPS_PROFILE_PATTERN}${eol}`;
  const note: MigrationNote = {
    code: 'profile-pattern-kept',
    file: parsed.path,
    line: lineNumber(text, text.length) + (sep ? 1 : 0) + 1,
    message: `added \`profile-pattern: ${LXDOPS_PROFILE_PATTERN}\` at the end, ${KEPT_MESSAGE}`,
  };
  return { change: { span: { start: text.length, end: text.length }, newText }, note };
}
