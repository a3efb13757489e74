import { resolve } from 'node:path';
import { type RootResult, resolveRoot } from '../check/checkFiles';
import { ConfigWorkspace } from '../config/configWorkspace';
import { renderEffectiveConfig } from '../config/renderConfig';
import { DiskFileSystem } from '../fs/diskFileSystem';
import { type ConfigFlags, checkOptionsFrom, UsageError } from './cliOptions';
import { displayPath } from './output';

/** Reads one root config for the config and instance commands. */
export function loadRoot(config: string, flags: ConfigFlags): RootResult {
  const ws = new ConfigWorkspace(new DiskFileSystem());
  const path = resolve(config);
  const p = ws.parsed(path);
  if (!p.ok) throw new UsageError(p.failure.message);
  if (p.value.header.kind !== 'lxdops' || !p.value.header.exact)
    throw new UsageError(`${config}: first line should be: #lxdops`);
  const { options } = checkOptionsFrom(flags, ws);
  const r = resolveRoot(path, ws, options);
  if (!r) throw new UsageError(`${config}: cannot be read`);
  return r.result;
}

/** `lxdops config print CONFIG [--origins]`. */
export function runConfigPrint(
  config: string,
  flags: ConfigFlags & { origins?: boolean },
  out: (s: string) => void,
): number {
  const r = loadRoot(config, flags);
  out(
    renderEffectiveConfig(r.config, {
      origins: flags.origins ?? false,
      describe: (o) => displayPath(o.file),
    }),
  );
  return 0;
}

/** `lxdops instance properties CONFIG`: every resolvable property, its value and its source. */
export function runInstanceProperties(
  config: string,
  flags: ConfigFlags & { format: string },
  out: (s: string) => void,
): number {
  const r = loadRoot(config, flags);
  const all = r.properties.all();
  if (flags.format === 'json') {
    out(
      `${JSON.stringify(
        all.map((p) => ({
          key: p.key,
          value: p.value,
          source: p.source,
          ...(p.origin ? { file: displayPath(p.origin.file) } : {}),
        })),
        null,
        2,
      )}\n`,
    );
    return 0;
  }
  if (flags.format !== 'text') throw new UsageError(`--format ${flags.format}: use text or json`);
  const rows = [['KEY', 'VALUE', 'SOURCE'], ...all.map((p) => [p.key, p.value, p.source])];
  const widths = [0, 1].map((i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const row of rows) out(`${row[0]!.padEnd(widths[0]!)}  ${row[1]!.padEnd(widths[1]!)}  ${row[2]}\n`);
  return 0;
}
