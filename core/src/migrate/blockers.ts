import { isAlias, isCollection, isMap, isScalar, type Node, type Pair, visit } from 'yaml';
import type { ParsedFile } from '../document/parsedFile';
import { keyText } from '../document/yamlNodes';
import { DROPPED_KEYS } from './droppedKeys';
import { lineNumber, lineStart } from './lines';
import type { ConvertProblem, ProblemCode } from './types';

export function problem(
  parsed: ParsedFile,
  code: ProblemCode,
  offset: number,
  message: string,
): ConvertProblem {
  return { code, file: parsed.path, line: lineNumber(parsed.text, offset), message };
}

/** Why the file cannot be converted as text edits, if it cannot. */
export function blocker(parsed: ParsedFile): ConvertProblem | undefined {
  const h = parsed.header;
  if (h.kind === 'lxdops' && !h.exact)
    return problem(
      parsed,
      'header-near-miss',
      0,
      `the first line ${h.problem!.reason}: make it exactly #lxdops first`,
    );
  const syntax = parsed.syntaxErrors[0];
  if (syntax)
    return problem(
      parsed,
      'yaml-errors',
      syntax.span.start,
      `${syntax.message}: fix the YAML first (\`lxdops check\`)`,
    );
  const dup = parsed.duplicateKeys[0];
  if (dup)
    return problem(
      parsed,
      'duplicate-keys',
      dup.span.start,
      'a key is written twice here: keep one, then convert',
    );
  const root = parsed.doc.contents;
  if (root !== null && (!isMap(root) || root.flow))
    return problem(
      parsed,
      'not-a-mapping',
      root.range?.[0] ?? 0,
      'the config is not a block mapping of keys',
    );
  return undefined;
}

/** The top-level pairs of a (checked) config. */
export function topPairs(parsed: ParsedFile): Pair<Node, Node | null>[] {
  const root = parsed.doc.contents;
  return isMap(root) ? (root.items as Pair<Node, Node | null>[]) : [];
}

function hasAnchor(node: Node | null): boolean {
  if (!node) return false;
  if (node.anchor) return true;
  let found = false;
  if (isCollection(node))
    visit(node, (_k, n) => {
      if ((isScalar(n) || isCollection(n)) && n.anchor) found = true;
    });
  return found;
}

/** Checks on the keys the conversion moves or comments out. */
export function keyBlocker(parsed: ParsedFile, pairs: Pair<Node, Node | null>[]): ConvertProblem | undefined {
  const { text } = parsed;
  const names = new Set(pairs.map((p) => keyText(p.key)));
  for (const p of pairs) {
    const key = keyText(p.key) ?? '';
    if (key !== 'os' && !DROPPED_KEYS.has(key)) continue;
    const at = p.key.range![0];
    if (text.slice(lineStart(text, at), at).trim() !== '')
      return problem(
        parsed,
        'unusual-key-syntax',
        at,
        `write \`${key}:\` on a line of its own, as a plain key, first`,
      );
    if (isAlias(p.value) || hasAnchor(p.value))
      return problem(
        parsed,
        'anchor-in-changed-key',
        at,
        `\`${key}\` uses an anchor or alias: write it out in full first`,
      );
    if (key !== 'os') continue;
    if (names.has('ostype') || names.has('image'))
      return problem(parsed, 'os-and-ostype', at, 'the file has both `os` and `ostype`/`image`: keep one');
    if (p.value && !isMap(p.value) && !(isScalar(p.value) && p.value.value === null))
      return problem(parsed, 'os-not-a-mapping', at, '`os` is not a mapping: fix it first (`lxdops check`)');
  }
  return undefined;
}
