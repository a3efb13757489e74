import { firstLineSpan } from '../../document/header';
import { type Diagnostic, diagnostic } from '../../diagnostics/diagnostic';
import { suggest } from '../../format/suggest';
import type { Origin } from '../../text/origin';
import type { RootContext } from './rootContext';
import * as lxopsRules from './ostypeRules';

export const KNOWN_OS = ['alpine', 'debian', 'ubuntu'] as const;

/** The root file's first line: where problems of the whole config are shown. */
export function headerOrigin(ctx: RootContext): Origin {
  const parsed = ctx.ws.parsed(ctx.root);
  return { file: ctx.root, ...firstLineSpan(parsed.ok ? parsed.value.text : '') };
}

/** Launching from an image needs `os.image` (or an `origin` to copy instead). */
export function missingImage(ctx: RootContext): Diagnostic[] {
  const c = ctx.config;
  if (c.format === 'lxops') return lxopsRules.missingImage(ctx);
  if ((c.os.image && c.os.image.value !== '') || (c.origin && c.origin.value !== '')) return [];
  const rootOs = ctx.tree.preOrder[0]?.os;
  const at = rootOs?.keyOrigin ?? headerOrigin(ctx);
  return [
    diagnostic(
      'missing-image',
      at,
      'This config has neither `os.image` nor `origin`, so there is nothing to launch from: set `os.image` (e.g. `images:alpine/3.19`) or `origin` (e.g. `template/copy`).',
    ),
  ];
}

/** lxdops needs a known OS to launch from an image and to apply cloud-config files. */
export function unknownOs(ctx: RootContext): Diagnostic[] {
  const c = ctx.config;
  if (c.format === 'lxops') return lxopsRules.unknownOstype(ctx);
  const usesCloudConfig = c.cloudConfigFiles.length > 0;
  const fromImage = !(c.origin && c.origin.value !== '') && !!c.os.image && c.os.image.value !== '';
  if (!usesCloudConfig && !fromImage) return [];
  const why = usesCloudConfig ? 'to apply cloud-config files' : 'to launch from an image';
  const name = c.os.name?.value ?? '';
  if (name === '') {
    const at = c.os.keyOrigin ?? headerOrigin(ctx);
    return [
      diagnostic('unknown-os', at, `lxdops needs \`os.name\` (${KNOWN_OS.join(', ')}) ${why}; set it.`),
    ];
  }
  if ((KNOWN_OS as readonly string[]).includes(name)) return [];
  const s = suggest(name, KNOWN_OS);
  const at = c.os.name!.origin;
  return [
    diagnostic(
      'unknown-os',
      at,
      `\`os.name: ${name}\` is not an OS lxdops knows ${why}${s ? `: did you mean \`${s}\`?` : ''}; use ${KNOWN_OS.join(', ')}.`,
      s ? { fixes: [{ kind: 'edit', title: `Change to ${s}`, file: at.file, span: at, newText: s }] } : {},
    ),
  ];
}
