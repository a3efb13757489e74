import { substitute } from '../../config/substitute';
import { type Diagnostic, diagnostic } from '../../diagnostics/diagnostic';
import { shownPattern } from './resolvedFilesystems';
import type { RootContext } from './rootContext';

/**
 * `#lxops-v1`: a device without a filesystem binds a host directory the user owns, so its `dir`
 * must be absolute (lxops: "device %s has no filesystem but relative dir").
 */
export function deviceWithoutFilesystem(ctx: RootContext): Diagnostic[] {
  if (ctx.config.format !== 'lxops') return [];
  const out: Diagnostic[] = [];
  for (const d of ctx.config.devices.values()) {
    if (d.isNull || (d.filesystem && d.filesystem.value !== '')) continue;
    const raw = d.dir?.value ?? '';
    const s = substitute(raw, (k) => ctx.properties.value(k), 'lxops');
    if (s.missing.length || s.value.startsWith('/')) continue;
    const shown = raw === '' ? `(the device name \`${d.name}\`)` : shownPattern(raw, s.value);
    out.push(
      diagnostic(
        'device-dir-relative',
        d.dir?.origin ?? d.keyOrigin,
        `Device \`${d.name}\` has no filesystem but a relative dir ${shown}: give it a \`filesystem\`, or an absolute host directory as \`dir\` (e.g. \`/srv/${d.name}\`).`,
      ),
    );
  }
  return out;
}
