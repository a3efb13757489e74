import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { isMap, isScalar, type Document, type Node } from 'yaml';
import { nodeAtPath, spanOf } from '../document/yamlNodes';
import type { Span } from '../text/origin';
import { admitsType, deref, type JsonSchema, jsonType, objectSchema, schemaAt } from './jsonSchema';
import { YamlDataError, type YamlDataReason, yamlToData } from './yamlToData';

export type Path = readonly (string | number)[];

/** Schema issues reported per file at most: past a hundred, the first ones say what is wrong. */
export const MAX_SCHEMA_ISSUES = 100;

/** One schema problem, already located on the YAML node it is about. */
export type SchemaIssue =
  | { kind: 'unknown-key'; path: Path; key: string; span: Span; allowed: string[] }
  | { kind: 'type'; path: Path; span: Span; expected: string[]; actual: string }
  | { kind: 'null'; path: Path; span: Span }
  | { kind: 'required'; path: Path; span: Span; missing: string }
  | { kind: 'other'; path: Path; span: Span; message: string }
  /** The YAML cannot be read as data: an unresolved alias, or aliases that expand without end. */
  | { kind: 'unreadable'; path: Path; span: Span; message: string; reason: YamlDataReason };

/** Decodes an ajv instancePath (a JSON Pointer: `~1` is `/`, `~0` is `~`). */
export function decodePointer(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Validates YAML documents against one JSON schema and maps every error to its node. */
export class SchemaValidator {
  private readonly validate: ValidateFunction;

  constructor(readonly schema: JsonSchema) {
    // No coercion: yamlToData already reads scalars the way upstream does.
    const ajv = new Ajv({ allErrors: true, strict: true, verbose: true });
    this.validate = ajv.compile(schema);
  }

  check(doc: Document.Parsed): SchemaIssue[] {
    let data: unknown;
    try {
      data = doc.contents === null ? {} : yamlToData(doc, this.schema);
    } catch (e) {
      if (e instanceof YamlDataError)
        return [{ kind: 'unreadable', path: [], span: e.span, message: e.message, reason: e.reason }];
      throw e;
    }
    if (this.validate(data)) return [];
    // Locating an issue walks its mapping: a file with 60,000 unknown keys would take an hour.
    const errors = this.collapseAnyOf(this.validate.errors ?? []).slice(0, MAX_SCHEMA_ISSUES);
    const issues: SchemaIssue[] = [];
    for (const e of errors) {
      const issue = this.locate(doc, e);
      if (issue) issues.push(issue);
    }
    return issues;
  }

  /**
   * anyOf errors list every branch's failures. When the value's type selects one branch, keep
   * that branch's errors (they are precise); otherwise keep one "must be X or Y" error.
   */
  private collapseAnyOf(errors: ErrorObject[]): ErrorObject[] {
    let list = errors;
    const anyOfs = list
      .filter((e) => e.keyword === 'anyOf')
      .sort((a, b) => b.schemaPath.length - a.schemaPath.length);
    for (const a of anyOfs) {
      const branches = (a.schema as JsonSchema[]) ?? [];
      const t = jsonType(a.data);
      const matching = branches.map((b, i) => (admitsType(this.schema, b, t) ? i : -1)).filter((i) => i >= 0);
      const prefix = `${a.schemaPath}/`;
      const inBranch = (e: ErrorObject) =>
        e.schemaPath.startsWith(prefix) && e.instancePath.startsWith(a.instancePath);
      if (matching.length === 1) {
        const keep = `${prefix}${matching[0]}/`;
        list = list.filter((e) => e !== a && (!inBranch(e) || e.schemaPath.startsWith(keep)));
      } else {
        list = list.filter((e) => !inBranch(e));
      }
    }
    // One type error per place is enough (a `type` list yields one, anyOf leftovers may add more).
    const seen = new Set<string>();
    return list.filter((e) => {
      const k = `${e.instancePath}\0${e.keyword}\0${e.keyword === 'additionalProperties' ? String(e.params.additionalProperty) : ''}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
  }

  private locate(doc: Document.Parsed, e: ErrorObject): SchemaIssue | undefined {
    const root = doc.contents as Node | null;
    const path = decodePointer(e.instancePath);
    const at = nodeAtPath(root, path, doc);
    const found = at.depth === path.length;
    const valueSpan = found && at.node ? spanOf(at.node) : at.key ? spanOf(at.key) : spanOf(at.node ?? root);
    switch (e.keyword) {
      case 'additionalProperties': {
        const key = String(e.params.additionalProperty);
        const keyAt = nodeAtPath(root, [...path, key], doc);
        const span = keyAt.depth === path.length + 1 && keyAt.key ? spanOf(keyAt.key) : valueSpan;
        const parent = objectSchema(this.schema, schemaAt(this.schema, path));
        return { kind: 'unknown-key', path, key, span, allowed: Object.keys(parent?.properties ?? {}) };
      }
      case 'type':
      case 'anyOf': {
        const actual = jsonType(e.data);
        if (e.data === null)
          return { kind: 'null', path, span: found && at.key ? spanOf(at.key) : valueSpan };
        const expected =
          e.keyword === 'type'
            ? [String(e.params.type)].flatMap((t) => t.split(','))
            : ((e.schema as JsonSchema[]) ?? []).flatMap((b) => describeBranch(this.schema, b));
        return {
          kind: 'type',
          path,
          span: valueSpan,
          expected: expected.filter((t) => t !== 'null'),
          actual,
        };
      }
      case 'required': {
        const missing = String(e.params.missingProperty);
        return {
          kind: 'required',
          path,
          span: found && at.key ? spanOf(at.key) : (firstKeySpan(at.node) ?? valueSpan),
          missing,
        };
      }
      default:
        return { kind: 'other', path, span: valueSpan, message: e.message ?? 'is not valid' };
    }
  }
}

function firstKeySpan(node: Node | null): Span | undefined {
  if (!isMap(node)) return undefined;
  const k = node.items[0]?.key;
  return isScalar(k) ? spanOf(k) : undefined;
}

function describeBranch(root: JsonSchema, b: JsonSchema): string[] {
  const d = deref(root, b) ?? b;
  if (d.type === 'array' && d.minItems === 2 && d.maxItems === 2) return ['[name, version] pair'];
  if (d.type === undefined) return d.anyOf ? d.anyOf.flatMap((x) => describeBranch(root, x)) : [];
  return Array.isArray(d.type) ? d.type : [d.type];
}
