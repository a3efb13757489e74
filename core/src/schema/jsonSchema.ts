/** The part of JSON Schema draft-07 that our schemas use, for walking them (docs, keys, types). */
export interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  description?: string;
  default?: unknown;
  examples?: unknown[];
  enum?: unknown[];
  properties?: Record<string, JsonSchema>;
  additionalProperties?: boolean | JsonSchema;
  required?: string[];
  items?: JsonSchema | JsonSchema[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  definitions?: Record<string, JsonSchema>;
  minItems?: number;
  maxItems?: number;
}

/** Follows a local `#/definitions/x` reference. */
export function deref(root: JsonSchema, s: JsonSchema | undefined): JsonSchema | undefined {
  let cur = s;
  for (let i = 0; cur?.$ref && i < 10; i++) {
    const name = cur.$ref.replace(/^#\/definitions\//, '');
    cur = root.definitions?.[name];
  }
  return cur;
}

function typesOf(s: JsonSchema): string[] {
  return s.type === undefined ? [] : Array.isArray(s.type) ? s.type : [s.type];
}

/** The JSON type name of a value, as JSON Schema names it. */
export function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

/** Whether a schema's `type` admits a value of this JSON type (a schema without `type` admits all). */
export function admitsType(root: JsonSchema, s: JsonSchema, type: string): boolean {
  const d = deref(root, s) ?? s;
  const t = typesOf(d);
  if (t.length === 0) return d.anyOf ? d.anyOf.some((b) => admitsType(root, b, type)) : true;
  return t.includes(type) || (type === 'integer' && t.includes('number'));
}

/** The sub-schema for a path of keys and indexes, following properties, items, anyOf branches. */
export function schemaAt(root: JsonSchema, path: readonly (string | number)[]): JsonSchema | undefined {
  let cur: JsonSchema | undefined = root;
  for (const step of path) {
    cur = deref(root, cur);
    if (!cur) return undefined;
    cur = childSchema(root, cur, step);
  }
  return deref(root, cur);
}

/** One step of `schemaAt`: the (dereferenced) sub-schema of a schema already found for a path. */
export function schemaStep(
  root: JsonSchema,
  parent: JsonSchema | undefined,
  step: string | number,
): JsonSchema | undefined {
  const d = deref(root, parent);
  return d ? deref(root, childSchema(root, d, step)) : undefined;
}

function childSchema(root: JsonSchema, s: JsonSchema, step: string | number): JsonSchema | undefined {
  if (typeof step === 'number' || /^\d+$/.test(step)) {
    if (s.items && !Array.isArray(s.items)) return s.items;
  }
  if (typeof step === 'string') {
    if (s.properties?.[step]) return s.properties[step];
    if (typeof s.additionalProperties === 'object') return s.additionalProperties;
  }
  for (const b of s.anyOf ?? s.oneOf ?? []) {
    const d = deref(root, b);
    const c = d && childSchema(root, d, step);
    if (c) return c;
  }
  return undefined;
}

/** The object branch of a schema (itself, or the first anyOf branch that has properties). */
export function objectSchema(root: JsonSchema, s: JsonSchema | undefined): JsonSchema | undefined {
  const d = deref(root, s);
  if (!d) return undefined;
  if (d.properties || typesOf(d).includes('object')) return d;
  for (const b of d.anyOf ?? d.oneOf ?? []) {
    const o = objectSchema(root, b);
    if (o) return o;
  }
  return undefined;
}
