import {
  type Document,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  type Node,
  type Pair,
  type Scalar,
  type YAMLMap,
} from 'yaml';
import type { Span } from '../text/origin';

/** The span of a node's value (without trailing comments), or an empty span at 0. */
export function spanOf(node: Node | null | undefined): Span {
  const r = node?.range;
  return r ? { start: r[0], end: r[1] } : { start: 0, end: 0 };
}

/** An alias replaced by the node it points to (null when unresolved); other nodes as they are. */
export function resolveAlias(node: Node | null | undefined, doc: Document | undefined): Node | null {
  if (!node) return null;
  if (!isAlias(node)) return node;
  if (!doc) return null;
  try {
    return (node.resolve(doc) as Node | undefined) ?? null;
  } catch {
    // yaml throws for an alias whose anchor is missing or cyclic; the parser reports it already
    return null;
  }
}

/** `<<`: the YAML 1.1 merge key, as upstream's yaml.v2 applies it. */
export function isMergeKey(key: unknown): boolean {
  return isScalar(key) && key.source === '<<';
}

/**
 * The text of a map key as upstream reads it: its source for plain scalars (`on` stays "on" even
 * though YAML 1.1 makes it a boolean), its value for quoted ones.
 */
export function keyText(key: unknown): string | undefined {
  if (!isScalar(key)) return undefined;
  return scalarText(key) ?? (key.value === null ? '' : String(key.value));
}

export interface Entry {
  key: string;
  keyNode: Scalar;
  value: Node | null;
  pair: Pair;
}

/**
 * A map's entries with scalar keys. With the document, aliases are resolved and `<<` merge keys
 * expanded (merged entries first, so that the map's own keys, which come after, win).
 */
export function* entries(map: YAMLMap, doc?: Document, depth = 0): Generator<Entry> {
  const own: Entry[] = [];
  for (const pair of map.items) {
    if (!isPair(pair)) continue;
    if (isMergeKey(pair.key)) {
      if (!doc || depth > 20) continue;
      const v = pair.value as Node | null;
      const sources = isSeq(v) ? (v.items as Node[]) : [v];
      for (const s of sources) {
        const m = resolveAlias(s, doc);
        if (isMap(m)) yield* entries(m, doc, depth + 1);
      }
      continue;
    }
    const key = keyText(pair.key);
    if (key === undefined) continue;
    own.push({
      key,
      keyNode: pair.key as Scalar,
      value: doc ? resolveAlias(pair.value as Node | null, doc) : ((pair.value as Node | null) ?? null),
      pair,
    });
  }
  yield* own;
}

/**
 * The text of a scalar as upstream's yaml.v2 reads it into a string field: the literal source of a
 * plain scalar (`3.10` stays "3.10"), the value of a quoted one; undefined for null and non-scalars.
 */
export function scalarText(node: Node | null | undefined): string | undefined {
  if (!isScalar(node) || node.value === null || node.value === undefined) return undefined;
  if (typeof node.value === 'string') return node.value;
  if (node.type === 'PLAIN' && typeof node.source === 'string') return node.source;
  return String(node.value);
}

export function scalarBoolean(node: Node | null | undefined): boolean | undefined {
  return isScalar(node) && typeof node.value === 'boolean' ? node.value : undefined;
}

/** True for a missing value, `~`, `null` or an empty value: upstream's "not set". */
export function isNullish(node: Node | null | undefined): boolean {
  return node === null || node === undefined || (isScalar(node) && node.value === null);
}

export interface NodeAt {
  node: Node | null;
  /** The key scalar when the last path element is a map key. */
  key?: Scalar;
  /** How many path elements were found (all of them unless the path leaves the document). */
  depth: number;
}

/** Walks a decoded JSON path (strings for map keys, numbers for list items) down the AST. */
export function nodeAtPath(root: Node | null, path: readonly (string | number)[], doc?: Document): NodeAt {
  let node: Node | null = root;
  let key: Scalar | undefined;
  let depth = 0;
  for (const step of path) {
    node = resolveAlias(node, doc);
    if (isMap(node)) {
      let found: Entry | undefined;
      for (const e of entries(node, doc)) if (e.key === String(step)) found = e;
      if (!found) break;
      key = found.keyNode;
      node = found.value;
    } else if (isSeq(node) && /^\d+$/.test(String(step))) {
      const item = node.items[Number(step)] as Node | null | undefined;
      if (item === undefined) break;
      key = undefined;
      node = item ?? null;
    } else break;
    depth++;
  }
  return { node, ...(key ? { key } : {}), depth };
}
