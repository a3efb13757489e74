import { basename, dirname, relative } from 'node:path';
import { renderEffectiveConfig } from '../config/renderConfig';
import { LineIndex } from '../text/lineIndex';
import { contextsOf, type LanguageContext } from './languageContext';

/** The merged config of a file's first context, with `# from:` comments, for a read-only view. */
export function effectiveConfigText(ctx: LanguageContext, file: string): string | undefined {
  const contexts = contextsOf(ctx, file);
  const r = contexts[0];
  if (!r) return undefined;
  const base = dirname(r.root);
  const lines = new Map<string, LineIndex>();
  const describe = (o: { file: string; start: number }) => {
    let idx = lines.get(o.file);
    if (!idx) {
      const p = ctx.ws.parsed(o.file);
      idx = new LineIndex(p.ok ? p.value.text : '');
      lines.set(o.file, idx);
    }
    return `${relative(base, o.file) || basename(o.file)}:${idx.positionAt(o.start).line + 1}`;
  };
  const others = contexts.slice(1).map((c) => basename(c.root));
  const head = [
    `# Effective config of instance ${r.instance} (${basename(r.root)}), project ${r.project}.`,
    ...(r.root !== file
      ? [
          `# ${basename(file)} is included by ${[basename(r.root), ...others].join(', ')}; shown for ${basename(r.root)}.`,
        ]
      : []),
    '# Read-only: edit the files named in the `from:` comments.',
  ];
  const body = renderEffectiveConfig(r.config, { origins: true, describe });
  return body.replace(/^#lxdops\n/, `#lxdops\n${head.join('\n')}\n`);
}
