import { resolve } from 'node:path';
import { type RootResult, resolveRoot } from '../check/checkFiles';
import { ConfigWorkspace } from '../config/configWorkspace';
import { renderEffectiveConfig } from '../config/renderConfig';
import { isConfigKind } from '../document/header';
import { DiskFileSystem } from '../fs/diskFileSystem';
import { scanPaths } from '../fs/scanPaths';
import { convertTree } from '../migrate/convertTree';
import { conversionDiff, conversionListing, writeConverted } from './convertFiles';
import { type ConfigFlags, checkOptionsFrom, UsageError } from './cliOptions';
import { displayPath } from './output';

/** Reads one root config for the config and instance commands. */
export function loadRoot(config: string, flags: ConfigFlags): RootResult {
  const ws = new ConfigWorkspace(new DiskFileSystem());
  const path = resolve(config);
  const p = ws.parsed(path);
  if (!p.ok) throw new UsageError(p.failure.message);
  if (!isConfigKind(p.value.header.kind) || !p.value.header.exact)
    throw new UsageError(`${config}: first line should be: #lxdops (or #lxops-v1)`);
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

/** The files to convert: each file as given, folders searched for configs; a missing path is a usage error. */
function convertTargets(paths: string[], ws: ConfigWorkspace): string[] {
  const scan = scanPaths(paths);
  if (scan.errors.length) throw new UsageError(scan.errors.join('\n'));
  for (const p of paths) {
    const abs = resolve(p);
    const read = ws.parsed(abs);
    if (!read.ok) continue; // a folder
    if (read.value.header.kind === 'unknown')
      throw new UsageError(`${p}: not an lxdops config (its first line should be #lxdops)`);
  }
  return scan.files;
}

/**
 * `lxdops config convert [--dry-run] PATH...`: every `#lxdops` file among the paths and the files
 * they include → `#lxops-v1`, as text changes. All files are converted or none: a file that cannot
 * be (YAML errors, …) is reported and nothing is written (exit 1). `--dry-run` prints the diff.
 */
export function runConfigConvert(
  paths: string[],
  flags: { dryRun?: boolean },
  out: (s: string) => void,
): number {
  const ws = new ConfigWorkspace(new DiskFileSystem());
  const tree = convertTree(convertTargets(paths, ws), ws);
  const converted = tree.files.filter((f) => f.status === 'converted');
  const failed = tree.files.filter((f) => f.status === 'error');
  if (flags.dryRun) for (const f of converted) out(conversionDiff(f));
  for (const line of conversionListing(tree)) out(`${line}\n`);
  const count = (s: string) => tree.files.filter((f) => f.status === s).length;
  const tally = `${converted.length} to convert, ${count('already')} already #lxops-v1, ${count('skipped')} not lxdops configs`;
  if (failed.length) {
    out(`${failed.length} files cannot be converted: nothing written (${tally})\n`);
    return 1;
  }
  if (flags.dryRun) {
    out(`dry run: nothing written (${tally})\n`);
    return 0;
  }
  // included files first: after an interruption, the roots still name them, so a second run
  // still knows which files are roots
  const order = [...converted].sort((a, b) => +tree.roots.includes(a.file) - +tree.roots.includes(b.file));
  for (const [i, f] of order.entries()) {
    try {
      writeConverted(f);
    } catch (e) {
      out(`${displayPath(f.file)}: cannot write: ${(e as Error).message}\n`);
      out(`${i} of ${order.length} files converted; run the command again to convert the rest\n`);
      return 1;
    }
    out(`converted ${displayPath(f.file)}\n`);
  }
  const dropped = converted.reduce((n, f) => n + f.dropped.length, 0);
  out(`${converted.length} files converted, ${dropped} keys commented out (${tally})\n`);
  return 0;
}
