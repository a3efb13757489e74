import { dirname, relative } from 'node:path';
import { Document, isMap, isNode, isPair, isScalar, isSeq, type Node } from 'yaml';
import type { Located, Origin } from '../text/origin';
import type { EffectiveConfig } from './effectiveConfig';
import { type KeySpec, keysOf, type NestedKeySpec } from '../format/keyTable';
import type { MapEntry, PathEntry } from './model';

export interface RenderOptions {
  /** Add `# from: <file>:<line>` comments naming where each value was set. */
  origins?: boolean;
  /** Turns an origin into the text of the comment (default: the path relative to the root's folder). */
  describe?: (o: Origin) => string;
}

/** A top-level value of the merged config; `#lxops-v1` `ostype` and `image` are held in `os`. */
function valueOf(c: EffectiveConfig, spec: KeySpec): unknown {
  if (c.format === 'lxops' && spec.key === 'ostype') return c.os.name;
  if (c.format === 'lxops' && spec.key === 'image') return c.os.image;
  return (c as unknown as Record<string, unknown>)[spec.field];
}

/**
 * The merged config as YAML that starts with its header (`#lxdops` or `#lxops-v1`), so it can be read back. Paths are written
 * relative to the root config's folder; empty keys are left out.
 */
export function renderEffectiveConfig(c: EffectiveConfig, options: RenderOptions = {}): string {
  const base = dirname(c.root);
  const rel = (p: string) => relative(base, p) || '.';
  const describe = options.describe ?? ((o: Origin) => rel(o.file));
  const v = <T>(l: Located<T> | undefined): T | undefined => l?.value;
  const map = (entries: Iterable<MapEntry>) => {
    const out: Record<string, string> = {};
    for (const e of entries) out[e.key] = e.value.value;
    return Object.keys(out).length ? out : undefined;
  };
  const list = (l: Located<string>[] | undefined) => (l && l.length ? l.map((x) => x.value) : undefined);

  const fields = (o: object) => o as Record<string, unknown>;
  const nested = (keys: readonly NestedKeySpec[], o: object) =>
    Object.fromEntries(
      keys.map((spec) => {
        const value = fields(o)[spec.key];
        return [
          spec.key,
          spec.type === 'string-map' ? map(value as MapEntry[]) : v(value as Located<unknown>),
        ];
      }),
    );
  const t = keysOf(c.format);
  const render = (spec: KeySpec): unknown => {
    const value = valueOf(c, spec);
    switch (spec.type) {
      case 'string':
      case 'boolean':
        return v(value as Located<unknown> | undefined);
      case 'string-map':
        return map((value as Map<string, MapEntry>).values());
      case 'string-list':
        return list(value as Located<string>[] | undefined);
      case 'path':
        return value ? rel((value as PathEntry).resolved) : undefined;
      case 'path-list': // `include` is not kept in the merged config
        return (value as PathEntry[] | undefined)?.length
          ? (value as PathEntry[]).map((e) => rel(e.resolved))
          : undefined;
      case 'os':
        return c.os.name || c.os.image || c.os.version ? nested(t.osKeys, c.os) : undefined;
      case 'filesystems':
      case 'devices': {
        const entries = value as Map<string, object>;
        const keys = spec.type === 'filesystems' ? t.filesystemKeys : t.deviceKeys;
        return entries.size
          ? Object.fromEntries([...entries].map(([id, e]) => [id, nested(keys, e)]))
          : undefined;
      }
    }
  };
  const obj = Object.fromEntries(t.configKeys.map((spec) => [spec.key, render(spec)]));
  const doc = new Document(prune(obj));
  if (options.origins) annotate(doc, c, describe);
  return `${c.format === 'lxops' ? '#lxops-v1' : '#lxdops'}\n${doc.toString({ lineWidth: 0 })}`;
}

function prune(o: unknown): unknown {
  if (Array.isArray(o)) return o;
  if (o && typeof o === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, val] of Object.entries(o)) {
      const p = prune(val);
      if (p !== undefined) out[k] = p;
    }
    return Object.keys(out).length ? out : undefined;
  }
  return o;
}

/** Puts `from:` comments on top-level values, list items, map entries and filesystem/device entries. */
function annotate(doc: Document, c: EffectiveConfig, describe: (o: Origin) => string): void {
  const top = doc.contents;
  if (!isMap(top)) return;
  const scalarOrigins: Record<string, Origin | undefined> = {};
  const itemOrigins: Record<string, Origin[]> = {};
  const entryOrigins: Record<string, Map<string, Origin>> = {};
  for (const spec of keysOf(c.format).configKeys) {
    const value = valueOf(c, spec);
    if (spec.type === 'string' || spec.type === 'boolean' || spec.type === 'path')
      scalarOrigins[spec.key] = (value as Located<unknown> | undefined)?.origin;
    else if (spec.type === 'string-list' || spec.type === 'path-list')
      itemOrigins[spec.key] = ((value as Located<unknown>[] | undefined) ?? []).map((x) => x.origin);
    else if (spec.type === 'string-map')
      entryOrigins[spec.key] = new Map(
        [...(value as Map<string, MapEntry>).values()].map((e) => [e.key, e.keyOrigin]),
      );
    else if (spec.type === 'filesystems' || spec.type === 'devices')
      entryOrigins[spec.key] = new Map(
        [...(value as Map<string, { keyOrigin: Origin }>)].map(([id, e]) => [id, e.keyOrigin]),
      );
  }
  const note = (n: unknown, o: Origin | undefined) => {
    if (o && isNode(n)) (n as Node).comment = ` from: ${describe(o)}`;
  };
  for (const pair of top.items) {
    if (!isPair(pair) || !isScalar(pair.key)) continue;
    const key = String(pair.key.value);
    if (key === 'os') {
      if (isMap(pair.value)) {
        for (const p of pair.value.items) {
          const k = isScalar(p.key) ? String(p.key.value) : '';
          note(
            p.value,
            k === 'name' ? c.os.name?.origin : k === 'image' ? c.os.image?.origin : c.os.version?.origin,
          );
        }
      }
    } else if (scalarOrigins[key] !== undefined) note(pair.value, scalarOrigins[key]);
    else if (itemOrigins[key] && isSeq(pair.value))
      pair.value.items.forEach((item, i) => note(item, itemOrigins[key]![i]));
    else if (entryOrigins[key] && isMap(pair.value)) {
      for (const p of pair.value.items) {
        if (!isScalar(p.key)) continue;
        const o = entryOrigins[key]!.get(String(p.key.value));
        if (isMap(p.value)) p.key.commentBefore = o ? ` from: ${describe(o)}` : undefined;
        else note(p.value, o);
      }
    }
  }
}
