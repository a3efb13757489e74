import { firstLineSpan } from '../../document/header';
import { type Diagnostic, diagnostic } from '../../diagnostics/diagnostic';
import { suggest } from '../../format/suggest';
import type { Origin } from '../../text/origin';
import type { RootContext } from './rootContext';

/** lxops' OS types (its `ostypes` command); ubuntu uses the debian handler, openwrt has no cloud-config. */
export const LXOPS_OSTYPES = ['alpine', 'debian', 'ubuntu', 'openwrt'] as const;

function rootHeader(ctx: RootContext): Origin {
  const parsed = ctx.ws.parsed(ctx.root);
  return { file: ctx.root, ...firstLineSpan(parsed.ok ? parsed.value.text : '') };
}

const hasOrigin = (ctx: RootContext) => !!ctx.config.origin && ctx.config.origin.value !== '';

/** `#lxops-v1`: launching from an image needs `image` (or an `origin` to copy instead). */
export function missingImage(ctx: RootContext): Diagnostic[] {
  const c = ctx.config;
  if ((c.os.image && c.os.image.value !== '') || hasOrigin(ctx)) return [];
  return [
    diagnostic(
      'missing-image',
      ctx.tree.preOrder[0]?.keys.get('ostype') ?? rootHeader(ctx),
      'This config has neither `image` nor `origin`, so there is nothing to launch from: set `image` (e.g. `images:alpine/3.19`) or `origin` (e.g. `template/copy`).',
    ),
  ];
}

/** `#lxops-v1`: `ostype` must be one lxops knows where it is needed; openwrt cannot take cloud-config. */
export function unknownOstype(ctx: RootContext): Diagnostic[] {
  const c = ctx.config;
  const usesCloudConfig = c.cloudConfigFiles.length > 0;
  const fromImage = !hasOrigin(ctx) && !!c.os.image && c.os.image.value !== '';
  if (!usesCloudConfig && !fromImage) return [];
  const why = usesCloudConfig ? 'to apply cloud-config files' : 'to launch from an image';
  const name = c.os.name?.value ?? '';
  if (name === '')
    return [
      diagnostic(
        'unknown-os',
        c.os.keyOrigin ?? rootHeader(ctx),
        `lxops needs \`ostype\` (${LXOPS_OSTYPES.join(', ')}) ${why}; set it.`,
      ),
    ];
  const at = c.os.name!.origin;
  if (name === 'openwrt' && usesCloudConfig)
    return [
      diagnostic(
        'cloud-config-unsupported',
        c.cloudConfigFiles[0]!.origin,
        `lxops does not apply cloud-config files to \`ostype: openwrt\` (set in ${at.file === c.cloudConfigFiles[0]!.origin.file ? 'this file' : at.file}): remove \`cloud-config-files\`, or configure the instance another way.`,
        { related: [{ origin: at, message: '`ostype: openwrt` set here' }] },
      ),
    ];
  if ((LXOPS_OSTYPES as readonly string[]).includes(name)) return [];
  const s = suggest(name, LXOPS_OSTYPES);
  return [
    diagnostic(
      'unknown-os',
      at,
      `\`ostype: ${name}\` is not an OS type lxops knows ${why}${s ? `: did you mean \`${s}\`?` : ''}; use ${LXOPS_OSTYPES.join(', ')}.`,
      s ? { fixes: [{ kind: 'edit', title: `Change to ${s}`, file: at.file, span: at, newText: s }] } : {},
    ),
  ];
}
