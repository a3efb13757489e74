import { isMap, isScalar } from 'yaml';
import type { ParsedFile } from '../document/parsedFile';
import { entries, scalarText, spanOf } from '../document/yamlNodes';
import type { Fix } from '../diagnostics/diagnostic';

/**
 * The quick fix of `removed-key` on `os` in an `#lxops-v1` file: `os: {name, image}` becomes
 * `ostype:` and `image:` lines, as lxops' own migrator does. Offered only for a plain top-level
 * mapping of scalars with no comment inside (the edit rewrites the whole block, so nothing is lost).
 */
export function osToOstypeFix(parsed: ParsedFile): Fix | undefined {
  const root = parsed.doc.contents;
  if (!isMap(root)) return undefined;
  const pair = root.items.find((p) => isScalar(p.key) && p.key.value === 'os');
  if (!pair || !isScalar(pair.key) || !isMap(pair.value)) return undefined;
  const values = new Map<string, string>();
  for (const e of entries(pair.value, parsed.doc)) {
    const v = scalarText(e.value);
    if (v === undefined || !['name', 'image', 'version'].includes(e.key)) return undefined;
    values.set(e.key, v);
  }
  // a block mapping's range takes its line break: the edit keeps it
  let end = spanOf(pair.value).end;
  while (end > 0 && /\s/.test(parsed.text[end - 1]!)) end--;
  const span = { start: spanOf(pair.key).start, end };
  if (parsed.text.slice(span.start, span.end).includes('#')) return undefined;
  if (root.items.some((p) => isScalar(p.key) && (p.key.value === 'ostype' || p.key.value === 'image')))
    return undefined;
  const lines = [
    ...(values.has('name') ? [`ostype: ${quoted(values.get('name')!)}`] : []),
    ...(values.has('image') ? [`image: ${quoted(values.get('image')!)}`] : []),
  ];
  return {
    kind: 'edit',
    title: 'Replace os with ostype and image',
    file: parsed.path,
    span,
    newText: lines.join('\n'),
  };
}

/** A plain scalar when YAML reads it back as the same string, else double-quoted. */
function quoted(v: string): string {
  return /^[A-Za-z0-9_./()-][A-Za-z0-9_./():-]*$/.test(v) && !/: /.test(v) ? v : JSON.stringify(v);
}
