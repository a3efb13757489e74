import { basename, dirname, extname, join } from 'node:path';
import { isScalar } from 'yaml';
import { deref, type JsonSchema, objectSchema, schemaAt } from '../schema/jsonSchema';
import { isConfigKind } from '../document/header';
import type { ParsedFile } from '../document/parsedFile';
import type { Span } from '../text/origin';
import { type Cursor, type CursorPath, cursorAt } from './cursor';
import { contextsOf, type LanguageContext, schemaFor } from './languageContext';
import type { Completion } from './types';

const PATH_KEYS: Record<string, { extensions: string[] }> = {
  include: { extensions: ['.yaml', '.yml'] },
  'cloud-config-files': { extensions: ['.cfg', '.yaml', '.yml'] },
  'source-config': { extensions: ['.yaml', '.yml'] },
};

/** Completions at an offset of a parsed `#lxdops` or `#cloud-config` file. */
export function complete(ctx: LanguageContext, parsed: ParsedFile, offset: number): Completion[] {
  const schema = schemaFor(parsed);
  if (!schema) return [];
  const cursor = cursorAt(parsed, offset);
  if (cursor.kind === 'none') return [];
  // either config format: the schema chosen above gives the keys, these add what the configs know
  const isLxdops = isConfigKind(parsed.header.kind);

  if (cursor.kind === 'value') {
    const text = parsed.text;
    const prop = propertyPrefix(text, cursor, offset);
    if (prop && isLxdops) return propertyCompletions(ctx, parsed.path, prop);
    const target = schemaAt(schema.schema, cursor.path);
    // A word where a mapping belongs (`os:\n  na|`) is a key being typed.
    // (or an empty list item where a mapping belongs: `- |` in write_files)
    const typingKey =
      !cursor.node ||
      (isScalar(cursor.node) && (typeof cursor.node.value === 'string' || cursor.node.value === null));
    if (
      typingKey &&
      objectSchema(schema.schema, target)?.properties &&
      !admitsString(schema.schema, target)
    ) {
      return keyCompletions(schema.schema, cursor.path, cursor.span, new Set(), isLxdops);
    }
    if (isLxdops) {
      const special = lxdopsValueCompletions(ctx, parsed, cursor.path, cursor.span, offset);
      if (special) return special;
    }
    return valueCompletions(schema.schema, target, cursor.span);
  }
  return keyCompletions(
    schema.schema,
    cursor.path,
    cursor.span,
    cursor.existing,
    isLxdops,
    cursor.keyNode ? String(cursor.keyNode.value) : undefined,
  );
}

function admitsString(root: JsonSchema, s: JsonSchema | undefined): boolean {
  const d = deref(root, s);
  if (!d) return false;
  const t = d.type === undefined ? [] : Array.isArray(d.type) ? d.type : [d.type];
  return t.includes('string') || (d.anyOf ?? []).some((b) => admitsString(root, b));
}

function typesOf(root: JsonSchema, s: JsonSchema | undefined): string[] {
  const d = deref(root, s);
  if (!d) return [];
  const t = d.type === undefined ? [] : Array.isArray(d.type) ? d.type : [d.type];
  return [...t, ...(d.anyOf ?? []).flatMap((b) => typesOf(root, b))].filter((x) => x !== 'null');
}

/** The snippet for `key:` shaped by its value: a block for maps and lists, choices for booleans. */
function keySnippet(root: JsonSchema, key: string, s: JsonSchema | undefined): string {
  const d = deref(root, s);
  const types = typesOf(root, s);
  if (types[0] === 'object' && d && typeof d.additionalProperties === 'object' && !d.properties) {
    const inner = objectSchema(root, d.additionalProperties);
    return inner?.properties ? `${key}:\n  \${1:name}:\n    $0` : `${key}:\n  \${1:key}: $0`;
  }
  if (types[0] === 'object') return `${key}:\n  $0`;
  if (types[0] === 'array') return `${key}:\n  - $0`;
  if (types[0] === 'boolean') return `${key}: \${1|true,false|}`;
  const example = d?.examples?.[0] ?? d?.default;
  return typeof example === 'string' ? `${key}: \${1:${example.replace(/[$}\\]/g, '\\$&')}}` : `${key}: $0`;
}

function keyCompletions(
  root: JsonSchema,
  path: CursorPath,
  span: Span,
  existing: Set<string>,
  isLxdops: boolean,
  current?: string,
): Completion[] {
  const at = objectSchema(root, schemaAt(root, path));
  if (!at?.properties) return [];
  const out: Completion[] = [];
  for (const [key, s] of Object.entries(at.properties)) {
    if (existing.has(key) && key !== current) continue;
    if (/-/.test(key) && path.length > 0 && at.properties[key.replace(/-/g, '_')]) continue; // hide deprecated aliases
    out.push({
      label: key,
      kind: path.length === 0 && !isLxdops ? 'module' : 'key',
      ...(deref(root, s)?.description ? { documentation: deref(root, s)!.description! } : {}),
      insertText: keySnippet(root, key, s),
      snippet: true,
      span,
    });
  }
  return out;
}

function valueCompletions(root: JsonSchema, s: JsonSchema | undefined, span: Span): Completion[] {
  const d = deref(root, s);
  if (!d) return [];
  const values = new Set<string>();
  for (const v of [...(d.enum ?? []), ...(d.examples ?? [])])
    if (typeof v === 'string' || typeof v === 'boolean') values.add(String(v));
  if (typesOf(root, s).includes('boolean')) {
    values.add('true');
    values.add('false');
  }
  return [...values].map((v) => ({ label: v, kind: 'enum' as const, span }));
}

/** `(fsr|` : the property key being typed after an unclosed `(`, with the span to replace. */
function propertyPrefix(
  text: string,
  cursor: Extract<Cursor, { kind: 'value' }>,
  offset: number,
): Span | undefined {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(Math.max(cursor.span.start, lineStart), offset);
  const open = before.lastIndexOf('(');
  if (open === -1 || before.indexOf(')', open) !== -1) return undefined;
  const start = Math.max(cursor.span.start, lineStart) + open + 1;
  let end = offset;
  while (end < text.length && /[^()\s"'\n]/.test(text[end]!)) end++;
  return { start, end };
}

function propertyCompletions(ctx: LanguageContext, file: string, span: Span): Completion[] {
  const seen = new Map<string, Completion>();
  for (const r of contextsOf(ctx, file)) {
    for (const p of r.properties.all()) {
      if (seen.has(p.key)) continue;
      seen.set(p.key, {
        label: p.key,
        kind: 'property',
        detail: `${p.value} (${p.source}${r.root !== file ? `, ${basename(r.root)}` : ''})`,
        documentation: `\`(${p.key})\` = \`${p.value}\` — ${p.source === 'built-in' ? 'built-in property' : p.source === 'global' ? 'from the global properties file' : p.source === 'config' ? 'from `properties`' : 'from -P'}`,
        span,
        sortText: `${p.source === 'built-in' ? '1' : '0'}${p.key}`,
      });
    }
  }
  return [...seen.values()];
}

function lxdopsValueCompletions(
  ctx: LanguageContext,
  parsed: ParsedFile,
  path: CursorPath,
  span: Span,
  offset: number,
): Completion[] | undefined {
  const [top, , field] = path;
  if (top === 'devices' && field === 'filesystem' && path.length === 3) {
    const ids = new Map<string, string>();
    for (const r of contextsOf(ctx, parsed.path)) {
      for (const fs of r.config.filesystems.values())
        if (!fs.isNull && !ids.has(fs.id)) ids.set(fs.id, fs.pattern?.value ?? '');
    }
    return [...ids].map(([id, pattern]) => ({
      label: id,
      kind: 'filesystem' as const,
      detail: pattern,
      documentation: `Filesystem \`${id}\`: \`${pattern}\``,
      span,
    }));
  }
  if (typeof top === 'string' && PATH_KEYS[top] && (path.length === 2 || top === 'source-config')) {
    return pathCompletions(ctx, parsed, span, offset, PATH_KEYS[top]!.extensions);
  }
  if ((top === 'profiles' || top === 'profiles-config' || top === 'profiles-run') && path.length === 2) {
    const names = ctx.profiles?.();
    if (!names) return [];
    return names.map((n) => ({ label: n, kind: 'profile' as const, detail: 'LXD profile', span }));
  }
  return undefined;
}

/** Files and folders next to the typed path, relative to the file's folder. */
function pathCompletions(
  ctx: LanguageContext,
  parsed: ParsedFile,
  span: Span,
  offset: number,
  extensions: string[],
): Completion[] {
  if (!ctx.listDirectory) return [];
  const typed = parsed.text.slice(span.start, offset).replace(/^["']/, '');
  const slash = typed.lastIndexOf('/');
  const dirPart = slash === -1 ? '' : typed.slice(0, slash + 1);
  const dir = join(dirname(parsed.path), dirPart);
  const replace = {
    start:
      span.start +
      (parsed.text[span.start] === '"' || parsed.text[span.start] === "'" ? 1 : 0) +
      dirPart.length,
    end: offset,
  };
  const out: Completion[] = [];
  for (const e of ctx.listDirectory(dir)) {
    if (e.name.startsWith('.')) continue;
    if (e.isDirectory)
      out.push({ label: `${e.name}/`, kind: 'folder', span: replace, sortText: `1${e.name}` });
    else if (extensions.includes(extname(e.name)) && join(dir, e.name) !== parsed.path)
      out.push({ label: e.name, kind: 'file', span: replace, sortText: `0${e.name}` });
  }
  if (dirPart === '' || dirPart.endsWith('../') || dirPart === './')
    out.push({ label: '../', kind: 'folder', span: replace, sortText: '2' });
  return out;
}
