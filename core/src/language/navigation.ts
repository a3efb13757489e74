import { isMap, isScalar, isSeq, type Node } from 'yaml';
import { conditionalPaths } from '../config/conditionalPaths';
import { patternRefs } from '../config/substitute';
import type { PathEntry } from '../config/model';
import { type ConfigKind, isConfigKind } from '../document/header';
import type { ParsedFile } from '../document/parsedFile';
import { entries, spanOf } from '../document/yamlNodes';
import { configKey } from '../format/keyTable';
import type { Span } from '../text/origin';
import { refOrigin } from '../validate/root/patternSpans';
import { patternValues } from '../validate/root/undefinedProperties';
import { cursorAt } from './cursor';
import { contextsOf, type LanguageContext } from './languageContext';
import type { DocumentLink, DocumentSymbol, Location, SymbolKind } from './types';

const START: Span = { start: 0, end: 0 };

const formatOf = (parsed: ParsedFile): ConfigKind => (parsed.header.kind === 'lxops' ? 'lxops' : 'lxdops');

/** The path entries of a config file (include, cloud-config-files, source-config). */
function pathEntries(ctx: LanguageContext, file: string): PathEntry[] {
  const m = ctx.ws.config(file);
  if (!m.ok || !isConfigKind(m.value.parsed.header.kind)) return [];
  const model = m.value.model;
  // `#lxops-v1` conditional entries lead where they are substituted to (dropped ones lead nowhere)
  const paths = (list: PathEntry[], what: 'include' | 'cloud-config-files') =>
    model.format === 'lxops' ? conditionalPaths(file, list, what, ctx.checker.conditionLookup()).kept : list;
  return [
    ...paths(model.include, 'include'),
    ...paths(model.cloudConfigFiles, 'cloud-config-files'),
    ...(model.sourceConfig ? [model.sourceConfig] : []),
  ];
}

/** Go to definition: path entries → the file; a device's filesystem → its entry; `(key)` → the property. */
export function definition(ctx: LanguageContext, parsed: ParsedFile, offset: number): Location[] {
  if (!isConfigKind(parsed.header.kind)) return [];
  for (const e of pathEntries(ctx, parsed.path)) {
    if (e.origin.start <= offset && offset <= e.origin.end)
      return ctx.ws.exists(e.resolved) ? [{ file: e.resolved, span: START }] : [];
  }
  const cursor = cursorAt(parsed, offset);
  if (cursor.kind !== 'value' || !cursor.node) return [];
  const contexts = contextsOf(ctx, parsed.path);
  if (cursor.path[0] === 'devices' && cursor.path[2] === 'filesystem' && cursor.path.length === 3) {
    const id = String(cursor.node.value);
    const out = new Map<string, Location>();
    for (const r of contexts) {
      const fs = r.config.filesystems.get(id);
      if (fs)
        out.set(`${fs.keyOrigin.file}:${fs.keyOrigin.start}`, {
          file: fs.keyOrigin.file,
          span: fs.keyOrigin,
        });
    }
    return [...out.values()];
  }
  const raw = typeof cursor.node.value === 'string' ? cursor.node.value : '';
  const rel = offset - cursor.node.range![0] - (cursor.node.type === 'PLAIN' ? 0 : 1);
  const ref = patternRefs(raw, formatOf(parsed)).find((r) => r.index <= rel && rel <= r.index + r.length);
  if (!ref) return [];
  const out = new Map<string, Location>();
  for (const r of contexts) {
    const p = r.properties.get(ref.key);
    const at = p?.keyOrigin ?? p?.origin;
    if (at) out.set(`${at.file}:${at.start}`, { file: at.file, span: at });
  }
  return [...out.values()];
}

/** Every include or cloud-config-files entry in the workspace that names this file. */
export function references(
  ctx: LanguageContext,
  parsed: ParsedFile,
  offset: number,
  includeDeclaration = false,
): Location[] {
  const out: Location[] = [];
  const cursor = isConfigKind(parsed.header.kind) ? cursorAt(parsed, offset) : { kind: 'none' as const };
  // on a filesystem id: the devices that use it, in every context
  if (
    cursor.kind === 'key' &&
    cursor.keyNode &&
    cursor.path.length === 1 &&
    cursor.path[0] === 'filesystems'
  ) {
    const id = String(cursor.keyNode.value);
    const seen = new Set<string>();
    if (includeDeclaration) out.push({ file: parsed.path, span: spanOf(cursor.keyNode) });
    for (const r of contextsOf(ctx, parsed.path)) {
      for (const d of r.config.devices.values()) {
        if (
          d.filesystem?.value === id &&
          !seen.has(`${d.filesystem.origin.file}:${d.filesystem.origin.start}`)
        ) {
          seen.add(`${d.filesystem.origin.file}:${d.filesystem.origin.start}`);
          out.push({ file: d.filesystem.origin.file, span: d.filesystem.origin });
        }
      }
    }
    return out;
  }
  // on a property key: the patterns that use it
  if (
    cursor.kind === 'key' &&
    cursor.keyNode &&
    cursor.path.length === 1 &&
    cursor.path[0] === 'properties'
  ) {
    const key = String(cursor.keyNode.value);
    const seen = new Set<string>();
    if (includeDeclaration) out.push({ file: parsed.path, span: spanOf(cursor.keyNode) });
    for (const r of contextsOf(ctx, parsed.path)) {
      for (const f of usesOf(r.config)) {
        for (const ref of patternRefs(f.value, r.config.format)) {
          if (ref.key !== key) continue;
          const o = refOrigin(ctx.ws, f, ref);
          const k = `${o.file}:${o.start}`;
          if (!seen.has(k)) {
            seen.add(k);
            out.push({ file: o.file, span: o });
          }
        }
      }
    }
    return out;
  }
  for (const file of ctx.checker.candidateFiles) {
    for (const e of pathEntries(ctx, file))
      if (e.resolved === parsed.path) out.push({ file, span: e.origin });
  }
  return out;
}

/** The values of the merged config that go through substitution (from the key table). */
function usesOf(c: ReturnType<typeof contextsOf>[number]['config']) {
  return patternValues(c).map((p) => p.value);
}

/** Links for every path entry whose file exists. */
export function documentLinks(ctx: LanguageContext, parsed: ParsedFile): DocumentLink[] {
  return pathEntries(ctx, parsed.path)
    .filter((e) => ctx.ws.exists(e.resolved))
    .map((e) => ({ span: e.origin, target: e.resolved, tooltip: `Open ${e.raw}` }));
}

/** The outline: top-level keys, with filesystems, devices, properties and list items as children. */
export function documentSymbols(parsed: ParsedFile): DocumentSymbol[] {
  const root = parsed.doc.contents as Node | null;
  if (!isMap(root)) return [];
  const cloud = parsed.header.kind === 'cloud-config';
  return [...entries(root)].map((e) =>
    symbolOf(e.key, e.keyNode, e.value, cloud ? 'module' : 'key', 0, cloud),
  );
}

function childKind(parentKey: string, cloud: boolean): SymbolKind {
  if (cloud) return parentKey === 'users' ? 'user' : parentKey === 'write_files' ? 'file' : 'key';
  if (parentKey === 'filesystems') return 'filesystem';
  if (parentKey === 'devices') return 'device';
  if (parentKey === 'properties') return 'property';
  if (configKey(parentKey)?.type === 'path-list') return 'file';
  return 'key';
}

function symbolOf(
  name: string,
  keyNode: Node,
  value: Node | null,
  kind: SymbolKind,
  depth: number,
  cloud: boolean,
): DocumentSymbol {
  const selectionSpan = spanOf(keyNode);
  const end = value?.range ? value.range[1] : selectionSpan.end;
  const children: DocumentSymbol[] = [];
  if (depth < 2 && isMap(value)) {
    for (const e of entries(value))
      children.push(
        symbolOf(e.key, e.keyNode, e.value, depth === 0 ? childKind(name, cloud) : 'key', depth + 1, cloud),
      );
  } else if (depth === 0 && isSeq(value)) {
    (value.items as Node[]).forEach((item, i) => {
      const label = isScalar(item)
        ? String(item.value)
        : isMap(item)
          ? (labelOfItem(item) ?? `[${i}]`)
          : `[${i}]`;
      children.push({
        name: label,
        kind: childKind(name, cloud),
        span: spanOf(item),
        selectionSpan: spanOf(item),
        children: [],
      });
    });
  }
  const detail = isScalar(value) ? String(value.value ?? '') : undefined;
  return {
    name,
    ...(detail ? { detail } : {}),
    kind: isMap(value)
      ? kind === 'key'
        ? 'object'
        : kind
      : isSeq(value)
        ? kind === 'key'
          ? 'array'
          : kind
        : kind,
    span: { start: selectionSpan.start, end },
    selectionSpan,
    children,
  };
}

function labelOfItem(item: Node): string | undefined {
  if (!isMap(item)) return undefined;
  for (const e of entries(item))
    if ((e.key === 'name' || e.key === 'path') && isScalar(e.value)) return String(e.value.value);
  return undefined;
}
