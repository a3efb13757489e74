import { basename } from 'node:path';
import { isScalar } from 'yaml';
import type { RootResult } from '../check/resolveRoot';
import { patternRefs, substitute } from '../config/substitute';
import type { ParsedFile } from '../document/parsedFile';
import { isConfigKind } from '../document/header';
import { configKey, isSubstitutablePathIn, OS_KEYS } from '../format/keyTable';
import { deref, objectSchema, schemaAt } from '../schema/jsonSchema';
import { LineIndex } from '../text/lineIndex';
import type { Located, Origin } from '../text/origin';
import { cursorAt } from './cursor';
import { contextsOf, type LanguageContext, schemaFor } from './languageContext';
import type { Hover } from './types';

const MAX_CONTEXTS = 5;

/** `base.yaml:3`: a place as a user reads it. */
export function placeOf(ctx: LanguageContext, o: Origin): string {
  const p = ctx.ws.parsed(o.file);
  const line = p.ok ? new LineIndex(p.value.text).positionAt(o.start).line + 1 : 0;
  return `${basename(o.file)}:${line}`;
}

/** The description of a key, the substituted value of a pattern, and where inherited values come from. */
export function hover(ctx: LanguageContext, parsed: ParsedFile, offset: number): Hover | undefined {
  const schema = schemaFor(parsed);
  if (!schema) return undefined;
  const kind = parsed.header.kind;
  const cursor = cursorAt(parsed, offset);
  if (cursor.kind === 'key' && cursor.keyNode) {
    const key = String(cursor.keyNode.value);
    const path = [...cursor.path, key];
    const s = deref(schema.schema, schemaAt(schema.schema, path));
    const parts: string[] = [];
    if (s?.description) parts.push(`**${key}**: ${s.description}`);
    if (isConfigKind(kind)) parts.push(...inheritance(ctx, parsed.path, path));
    return parts.length ? { span: cursor.span, markdown: parts.join('\n\n') } : undefined;
  }
  if (
    cursor.kind === 'value' &&
    cursor.node &&
    isConfigKind(kind) &&
    isSubstitutablePathIn(kind, cursor.path)
  ) {
    const raw = typeof cursor.node.value === 'string' ? cursor.node.value : String(cursor.node.source ?? '');
    const refs = patternRefs(raw, kind);
    if (!refs.length) return undefined;
    const contexts = contextsOf(ctx, parsed.path).slice(0, MAX_CONTEXTS);
    const lines: string[] = [];
    for (const r of contexts) {
      const s = substitute(raw, (k) => r.properties.value(k), kind);
      const label =
        contexts.length > 1 || r.root !== parsed.path ? ` for **${r.instance}** (${basename(r.root)})` : '';
      lines.push(`\`${raw}\` → \`${s.value}\`${label}`);
      for (const ref of refs) {
        const p = r.properties.get(ref.key);
        const from = !p
          ? '**not defined**'
          : p.source === 'built-in'
            ? 'built-in'
            : p.source === 'command-line'
              ? '-P'
              : p.origin
                ? `${p.source === 'global' ? 'global properties' : 'properties'}, ${placeOf(ctx, p.origin)}`
                : p.source;
        lines.push(`- \`(${ref.key})\` = ${p ? `\`${p.value}\`` : '—'} (${from})`);
      }
    }
    return { span: cursor.span, markdown: lines.join('\n') };
  }
  if (
    cursor.kind === 'value' &&
    cursor.node &&
    isConfigKind(kind) &&
    cursor.path[0] === 'include' &&
    cursor.path.length === 2
  ) {
    const summary = includeSummary(ctx, parsed, cursor.path[1] as number);
    if (summary) return { span: cursor.span, markdown: summary };
  }
  if (cursor.kind === 'value' && cursor.node && isScalar(cursor.node)) {
    const parent = objectSchema(schema.schema, schemaAt(schema.schema, cursor.path.slice(0, -1)));
    const key = cursor.path[cursor.path.length - 1];
    const s = typeof key === 'string' ? deref(schema.schema, parent?.properties?.[key]) : undefined;
    return s?.description ? { span: cursor.span, markdown: `**${key}**: ${s.description}` } : undefined;
  }
  return undefined;
}

/** For a key of the config: the effective value in each root, and which file set it, when not this one. */
function inheritance(ctx: LanguageContext, file: string, path: (string | number)[]): string[] {
  const out: string[] = [];
  for (const r of contextsOf(ctx, file).slice(0, MAX_CONTEXTS)) {
    const eff = effectiveOrigin(r, path);
    if (!eff || eff.origin.file === file) continue;
    out.push(
      `In **${r.instance}** (${basename(r.root)}): ${eff.describe} set in ${placeOf(ctx, eff.origin)}${eff.overrides ? ', overriding this file' : ''}.`,
    );
  }
  return out;
}

function effectiveOrigin(
  r: RootResult,
  path: (string | number)[],
): { origin: Origin; describe: string; overrides: boolean } | undefined {
  const c = r.config;
  const [a, b] = path;
  const scalar = (l: { value: unknown; origin: Origin } | undefined) =>
    l ? { origin: l.origin, describe: `\`${String(l.value)}\``, overrides: true } : undefined;
  if (path.length === 1 && c.format === 'lxops' && (a === 'ostype' || a === 'image'))
    return scalar(a === 'ostype' ? c.os.name : c.os.image);
  if (path.length === 1) {
    const spec = configKey(String(a));
    if (spec?.type !== 'string') return undefined;
    return scalar((c as unknown as Record<string, Located<string> | undefined>)[spec.field]);
  }
  if (path.length === 2 && a === 'os')
    return OS_KEYS.some((spec) => spec.key === b)
      ? scalar(c.os[b as 'name' | 'image' | 'version'])
      : undefined;
  if (path.length === 2 && a === 'properties') return scalar(c.properties.get(String(b))?.value);
  if (path.length === 2 && a === 'filesystems') {
    const f = c.filesystems.get(String(b));
    return f
      ? {
          origin: f.keyOrigin,
          describe: `filesystem \`${f.id}\`${f.pattern ? ` (\`${f.pattern.value}\`)` : ''}`,
          overrides: true,
        }
      : undefined;
  }
  if (path.length === 2 && a === 'devices') {
    const d = c.devices.get(String(b));
    return d
      ? {
          origin: d.keyOrigin,
          describe: `device \`${d.name}\`${d.path ? ` (\`${d.path.value}\`)` : ''}`,
          overrides: true,
        }
      : undefined;
  }
  return undefined;
}

/** What an included file brings: its filesystems, devices, properties and other keys. */
function includeSummary(ctx: LanguageContext, parsed: ParsedFile, index: number): string | undefined {
  const own = ctx.ws.config(parsed.path);
  const entry = own.ok ? own.value.model.include[index] : undefined;
  if (!entry) return undefined;
  const target = ctx.ws.config(entry.resolved);
  if (!target.ok) return `\`${entry.raw}\`: not found (${entry.resolved})`;
  const m = target.value.model;
  const lines = [`**${entry.raw}** (${entry.resolved})`];
  const list = (label: string, items: string[]) =>
    items.length && lines.push(`- ${label}: ${items.map((i) => `\`${i}\``).join(', ')}`);
  // each listed key with what the file sets under it; every other key it sets comes last
  const listed: [string, string[]][] = [
    ['filesystems', m.filesystems.map((f) => f.id)],
    ['devices', m.devices.map((d) => d.name)],
    ['properties', m.properties.map((p) => `${p.key}=${p.value.value}`)],
    ['profiles', m.profiles.map((p) => p.value)],
    ['include', m.include.map((i) => i.raw)],
    ['cloud-config-files', m.cloudConfigFiles.map((c) => c.raw)],
  ];
  for (const [key, items] of listed) list(key === 'include' ? 'includes' : key, items);
  const other = [...m.keys.keys()].filter((k) => !listed.some(([key]) => key === k));
  list('also sets', other);
  return lines.join('\n');
}
