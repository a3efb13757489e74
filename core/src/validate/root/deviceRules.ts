import { basename } from 'node:path';
import { type Diagnostic, diagnostic } from '../../diagnostics/diagnostic';
import { suggest } from '../../format/suggest';
import type { Located } from '../../text/origin';
import type { RootContext } from './rootContext';

/** Each device must name a filesystem of the merged config. */
export function unknownFilesystems(ctx: RootContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  const ids = [...ctx.config.filesystems.values()].filter((f) => !f.isNull).map((f) => f.id);
  const available = ids.length
    ? `Filesystems of this config: ${ids.join(', ')}.`
    : 'This config defines no filesystems.';
  for (const d of ctx.config.devices.values()) {
    if (d.isNull) continue;
    const id = d.filesystem?.value ?? '';
    // an `#lxops-v1` device may have no filesystem: its `dir` is then an absolute host path
    if (id === '' && ctx.config.format === 'lxops') continue;
    const fs = ctx.config.filesystems.get(id);
    if (fs && !fs.isNull) continue;
    const at = d.filesystem?.origin ?? d.keyOrigin;
    if (id === '') {
      out.push(
        diagnostic('unknown-filesystem', at, `Device \`${d.name}\` has no \`filesystem\`. ${available}`),
      );
      continue;
    }
    const s = suggest(id, ids);
    out.push(
      diagnostic(
        'unknown-filesystem',
        at,
        `Device \`${d.name}\` uses filesystem \`${id}\`, which this config does not define${s ? `: did you mean \`${s}\`?` : '.'} ${available} Define it under \`filesystems\` or include the file that does.`,
        s ? { fixes: [{ kind: 'edit', title: `Change to ${s}`, file: at.file, span: at, newText: s }] } : {},
      ),
    );
  }
  return out;
}

/** Two devices cannot mount at the same path; the later one (in merge order) is reported. */
export function duplicateDevicePaths(ctx: RootContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  const seen = new Map<string, { name: string; path: Located<string> }>();
  for (const d of ctx.config.devices.values()) {
    if (!d.path) continue;
    const first = seen.get(d.path.value);
    if (!first) {
      seen.set(d.path.value, { name: d.name, path: d.path });
      continue;
    }
    out.push(
      diagnostic(
        'duplicate-device-path',
        d.path.origin,
        `Devices \`${first.name}\` (${basename(first.path.origin.file)}) and \`${d.name}\` both mount at \`${d.path.value}\`; give one of them another path.`,
        {
          related: [
            { origin: first.path.origin, message: `\`${first.name}\` mounts at ${d.path.value} here` },
          ],
        },
      ),
    );
  }
  return out;
}
