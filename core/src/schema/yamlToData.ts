import { type Document, isAlias, isMap, isScalar, isSeq, type Node } from 'yaml';
import { entries, spanOf } from '../document/yamlNodes';
import type { Span } from '../text/origin';
import { admitsType, deref, type JsonSchema, schemaAt } from './jsonSchema';

/** Aliases that expand to more nodes than this are refused (a "billion laughs" document). */
const MAX_NODES = 1_000_000;

export class YamlDataError extends Error {
  override readonly name = 'YamlDataError';
  constructor(
    message: string,
    readonly span: Span,
  ) {
    super(message);
  }
}

function ownTypes(s: JsonSchema | undefined): string[] {
  return s?.type === undefined ? [] : Array.isArray(s.type) ? s.type : [s.type];
}

/**
 * The document as JSON data for the schema, read the way upstream's yaml.v2 reads YAML into typed
 * fields: keys by their source text, a plain scalar in a string field as its literal text
 * (`version: 3.10` → "3.10"), an empty value as the field's zero value; aliases and `<<` merge
 * keys resolved. No other coercion: `stop: "true"` stays a string and fails a boolean field.
 */
export function yamlToData(doc: Document, root: JsonSchema): unknown {
  let budget = MAX_NODES;
  const convert = (node: Node | null, path: (string | number)[], s: JsonSchema | undefined): unknown => {
    if (--budget < 0)
      throw new YamlDataError('aliases expand to too many nodes (more than 1,000,000)', spanOf(node));
    if (node && isAlias(node)) {
      const target = node.resolve(doc) as Node | undefined;
      if (!target) throw new YamlDataError(`unresolved alias *${node.source}`, spanOf(node));
      return convert(target, path, s);
    }
    const d = deref(root, s);
    if (isMap(node)) {
      const out: Record<string, unknown> = {};
      for (const e of entries(node, doc))
        out[e.key] = convert(e.value, [...path, e.key], schemaAt(root, [...path, e.key]));
      return out;
    }
    if (isSeq(node))
      return (node.items as (Node | null)[]).map((item, i) =>
        convert(item ?? null, [...path, i], schemaAt(root, [...path, i])),
      );
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
  };
  return convert(doc.contents as Node | null, [], root);
}
