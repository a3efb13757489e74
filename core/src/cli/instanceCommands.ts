import { instanceSpec } from '../engine/instanceSpec';
import { type ConfigFlags, UsageError } from './cliOptions';
import { loadRoot } from './configCommands';

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return (
    rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ')).join('\n') +
    '\n'
  );
}

/** `lxdops instance filesystems|devices CONFIG`: the substituted filesystems or devices. */
export function runInstanceList(
  what: 'filesystems' | 'devices',
  config: string,
  flags: ConfigFlags & { format: string },
  out: (s: string) => void,
): number {
  if (flags.format !== 'text' && flags.format !== 'json')
    throw new UsageError(`--format ${flags.format}: use text or json`);
  const spec = instanceSpec(loadRoot(config, flags));
  if (what === 'filesystems') {
    if (flags.format === 'json') out(`${JSON.stringify(spec.filesystems, null, 2)}\n`);
    else
      out(
        table([
          ['FILESYSTEM', 'PATH', 'DIR', 'DESTROY', 'TRANSIENT'],
          ...spec.filesystems.map((f) => [
            f.id,
            f.dataset ?? f.dir,
            f.dir,
            String(f.destroy),
            String(f.transient),
          ]),
        ]),
      );
  } else if (flags.format === 'json') out(`${JSON.stringify(spec.devices, null, 2)}\n`);
  else
    out(
      table([
        ['SOURCE', 'PATH', 'NAME', 'FILESYSTEM'],
        ...[...spec.devices]
          .sort((a, b) => a.source.localeCompare(b.source))
          .map((d) => [d.source, d.path, d.name, d.filesystem]),
      ]),
    );
  return 0;
}
