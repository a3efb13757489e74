import { type Document, isAlias, isMap, isScalar, isSeq, type Node } from 'yaml';
import { aliasTarget, writtenNodeCount } from '../document/anchors';
import { MAX_NESTING } from '../document/nesting';
import { entries, spanOf } from '../document/yamlNodes';
import type { Span } from '../text/origin';
import { admitsType, deref, type JsonSchema, schemaStep } from './jsonSchema';

/** How many nodes aliases may add to the document's own (a "billion laughs" document adds millions). */
export const MAX_EXPANDED_NODES = 20_000;

export type YamlDataReason = 'unresolved' | 'cycle' | 'limit';

export class YamlDataError extends Error {
  override readonly name = 'YamlDataError';
  constructor(
    message: string,
    readonly span: Span,
    readonly reason: YamlDataReason,
  ) {
    super(message);
  }
}

function ownTypes(s: JsonSchema | undefined): string[] {
  return s?.type === undefined ? [] : Array.isArray(s.type) ? s.type : [s.type];
}

/** One node still to convert: where its value goes, its schema, how deep it sits once expanded. */
interface Pending {
  node: Node | null;
  schema: JsonSchema | undefined;
  depth: number;
  store: (value: unknown) => void;
  /** The first alias followed on the way here: where a limit is reported. */
  via?: Node;
}

/** The node an alias names, or a YamlDataError (the parse reports these too; this stays safe alone). */
function followAlias(node: Node | null, doc: Document): Node | null {
  if (!node || !isAlias(node)) return node;
  const target = aliasTarget(node, doc);
  if (target.recursive)
    throw new YamlDataError(`alias *${node.source} is inside the node it names`, spanOf(node), 'cycle');
  if (!target.node) throw new YamlDataError(`unresolved alias *${node.source}`, spanOf(node), 'unresolved');
  return target.node;
}

/**
 * The document as JSON data for the schema, read the way upstream's yaml.v2 reads YAML into typed
 * fields: keys by their source text, a plain scalar in a string field as its literal text
 * (`version: 3.10` → "3.10"), an empty value as the field's zero value; aliases and `<<` merge
 * keys resolved. No other coercion: `stop: "true"` stays a string and fails a boolean field.
 * Iterative, with a budget of nodes and of depth, so that aliases cannot make it run away.
 */
export function yamlToData(doc: Document, root: JsonSchema): unknown {
  let budget = writtenNodeCount(doc) + MAX_EXPANDED_NODES;
  let result: unknown = null;
  const stack: Pending[] = [
    { node: doc.contents as Node | null, schema: root, depth: 0, store: (v) => (result = v) },
  ];
  while (stack.length > 0) {
    const item = stack.pop()!;
    if (--budget < 0 || item.depth > MAX_NESTING) {
      const what = budget < 0 ? `more than ${MAX_EXPANDED_NODES} nodes` : `deeper than ${MAX_NESTING} levels`;
      throw new YamlDataError(`aliases expand to ${what}`, spanOf(item.via ?? item.node), 'limit');
    }
    const node = followAlias(item.node, doc);
    const d = deref(root, item.schema);
    const via = item.via ?? (node !== item.node ? (item.node ?? undefined) : undefined);
    const child = (value: Node | null, step: string | number, store: (v: unknown) => void): Pending => ({
      node: value,
      schema: schemaStep(root, d, step),
      depth: item.depth + 1,
      store,
      ...(via ? { via } : {}),
    });
    const children: Pending[] = [];
    if (isMap(node)) {
      const out: Record<string, unknown> = {};
      item.store(out);
      for (const e of entries(node, doc))
        children.push(child((e.pair.value as Node | null) ?? null, e.key, (v) => (out[e.key] = v)));
    } else if (isSeq(node)) {
      const items = node.items as (Node | null)[];
      const out: unknown[] = new Array<unknown>(items.length).fill(null);
      item.store(out);
      items.forEach((it, i) => children.push(child(it ?? null, i, (v) => (out[i] = v))));
    } else item.store(scalarData(node, d, root));
    // reversed, so that entries are stored in document order and the last of duplicate keys wins
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
  return result;
}

/** A scalar (or an empty value) as the data a field of schema `d` reads. */
function scalarData(node: Node | null, d: JsonSchema | undefined, root: JsonSchema): unknown {
  const value = isScalar(node) ? node.value : null;
  if (value === null || value === undefined) {
    if (!d || admitsType(root, d, 'null')) return null;
    const t = ownTypes(d);
    if (t.includes('string')) return '';
    if (t.length === 1 && t[0] === 'boolean') return false;
    return null;
  }
  if (
    (typeof value === 'number' || typeof value === 'boolean') &&
    d &&
    !admitsType(
      root,
      d,
      typeof value === 'number' ? (Number.isInteger(value) ? 'integer' : 'number') : 'boolean',
    )
  ) {
    if (ownTypes(d).includes('string') && isScalar(node) && node.type === 'PLAIN')
      return node.source ?? String(value);
  }
  // A number whose text says more than its value (`0644` is 420 to YAML 1.1) keeps its text where
  // a string is allowed: upstream reads the literal text.
  if (
    typeof value === 'number' &&
    d &&
    isScalar(node) &&
    node.type === 'PLAIN' &&
    typeof node.source === 'string' &&
    node.source !== String(value) &&
    admitsType(root, d, 'string')
  ) {
    return node.source;
  }
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  return value;
}
