import { isMap, isPair, isScalar, isSeq, type Node, type Pair, type Scalar, type YAMLMap } from 'yaml';
import type { Span } from '../text/origin';

/** The span of a node's value (without trailing comments), or an empty span at 0. */
export function spanOf(node: Node | null | undefined): Span {
  const r = node?.range;
  return r ? { start: r[0], end: r[1] } : { start: 0, end: 0 };
}

/** A map's pairs whose keys are scalars, with the key as text. */
export function* entries(map: YAMLMap): Generator<{ key: string; keyNode: Scalar; value: Node | null; pair: Pair }> {
  for (const pair of map.items) {
    if (!isScalar(pair.key)) continue;
    yield { key: String(pair.key.value), keyNode: pair.key, value: (pair.value as Node | null) ?? null, pair };
  }
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
export function nodeAtPath(root: Node | null, path: readonly (string | number)[]): NodeAt {
  let node: Node | null = root;
  let key: Scalar | undefined;
  let depth = 0;
  for (const step of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(step));
      if (!pair) break;
      key = pair.key as Scalar;
      node = (pair.value as Node | null) ?? null;
    } else if (isSeq(node) && typeof step === 'number' || (isSeq(node) && /^\d+$/.test(String(step)))) {
      const item = (node as { items: unknown[] }).items[Number(step)];
      if (item === undefined) break;
      key = undefined;
      node = (item as Node | null) ?? null;
    } else break;
    depth++;
  }
  return { node, ...(key ? { key } : {}), depth };
}
