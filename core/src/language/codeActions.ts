import { basename, dirname, extname, join } from 'node:path';
import { Document } from 'yaml';
import type { Diagnostic } from '../diagnostics/diagnostic';
import type { ParsedFile } from '../document/parsedFile';
import type { Span } from '../text/origin';
import { convertActions } from './convertActions';
import type { LanguageContext } from './languageContext';
import type { CodeAction } from './types';
import { addListItem, addMapEntry, pairLines, topLevelPair } from './yamlEdits';

const overlaps = (a: Span, b: Span) => a.start <= b.end && b.start <= a.end;

/** Quick fixes for the diagnostics under a range, and the refactors that go with them. */
export function codeActions(
  ctx: LanguageContext,
  parsed: ParsedFile,
  range: Span,
  diagnostics: readonly Diagnostic[],
): CodeAction[] {
  const out: CodeAction[] = [];
  for (const d of diagnostics) {
    if (d.file !== parsed.path || !overlaps(d.span, range)) continue;
    for (const f of d.fixes ?? []) {
      out.push(
        f.kind === 'edit'
          ? {
              title: f.title,
              kind: 'quickfix',
              fixes: [d.code],
              edits: [{ file: f.file, span: f.span, newText: f.newText }],
              createFiles: [],
              isPreferred: true,
            }
          : {
              title: f.title,
              kind: 'quickfix',
              fixes: [d.code],
              edits: [],
              createFiles: [{ file: f.file, text: f.text }],
              isPreferred: true,
            },
      );
    }
    if (d.code === 'undefined-property') {
      const key = parsed.text.slice(d.span.start + 1, d.span.end - 1);
      const edit = addMapEntry(parsed, 'properties', key, '""');
      if (edit)
        out.push({
          title: `Define property \`${key}\` in ${basename(parsed.path)}`,
          kind: 'quickfix',
          fixes: [d.code],
          edits: [{ file: parsed.path, ...edit }],
          createFiles: [],
        });
    }
    if (d.code === 'removed-key') {
      const a = moveToCloudConfig(ctx, parsed, parsed.text.slice(d.span.start, d.span.end));
      if (a) out.push(a);
    }
  }
  out.push(...convertActions(ctx, parsed, range));
  return out;
}

/** A v1 key → the same data in a new `#cloud-config` file, listed under `cloud-config-files`. */
function moveToCloudConfig(ctx: LanguageContext, parsed: ParsedFile, key: string): CodeAction | undefined {
  const pair = topLevelPair(parsed, key);
  if (!pair || !pair.value) return undefined;
  const value = pair.value.toJSON() as unknown;
  const converted = convertV1(key, value);
  if (!converted) return undefined;
  const base = basename(parsed.path, extname(parsed.path));
  let name = `${base}-${converted.module.replace('_', '-')}.cfg`;
  for (let i = 2; ctx.ws.exists(join(dirname(parsed.path), name)); i++)
    name = `${base}-${converted.module.replace('_', '-')}-${i}.cfg`;
  const target = join(dirname(parsed.path), name);
  const text = `#cloud-config\n${new Document({ [converted.module]: converted.value }).toString({ lineWidth: 0 })}`;
  const remove = { file: parsed.path, span: pairLines(parsed, pair), newText: '' };
  const add = addListItem(parsed, 'cloud-config-files', name);
  if (!add) return undefined;
  // Both edits touch the same file: list the later one first so that offsets stay valid.
  const edits = [remove, { file: parsed.path, ...add }].sort((a, b) => b.span.start - a.span.start);
  return {
    title: `Move \`${key}\` to a new cloud-config file ${name}`,
    kind: 'quickfix',
    fixes: ['removed-key'],
    edits,
    createFiles: [{ file: target, text }],
  };
}

type Json = Record<string, unknown>;

function convertV1(key: string, value: unknown): { module: string; value: unknown } | undefined {
  const list = Array.isArray(value) ? value : [];
  switch (key) {
    case 'packages':
      return { module: 'packages', value: list.map(String) };
    case 'scripts':
    case 'pre-scripts':
      return {
        module: 'runcmd',
        value: list.flatMap((s) =>
          s && typeof s === 'object' && typeof (s as Json).body === 'string' ? [(s as Json).body] : [],
        ),
      };
    case 'users':
      return {
        module: 'users',
        value: list.map((u) => {
          const x = (u ?? {}) as Json;
          const out: Json = {};
          if (x.name) out.name = x.name;
          if (x.uid) out.uid = String(x.uid);
          if (x.shell) out.shell = x.shell;
          if (x.home) out.homedir = x.home;
          if (Array.isArray(x.groups) && x.groups.length)
            out.groups = (x.groups as unknown[]).map(String).join(',');
          if (x.sudo) out.sudo = true;
          return out;
        }),
      };
    default:
      return undefined;
  }
}
