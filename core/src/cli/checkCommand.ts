import { checkFiles } from '../check/checkFiles';
import { ConfigWorkspace } from '../config/configWorkspace';
import { sortAndDedupe } from '../diagnostics/diagnostic';
import { DiskFileSystem } from '../fs/diskFileSystem';
import { type ConfigFlags, checkOptionsFrom, UsageError } from './cliOptions';
import { formatText, toCliDiagnostics } from './output';
import { scanPaths } from '../fs/scanPaths';

export interface CheckFlags extends ConfigFlags {
  format: string;
}

/** `lxdops check`: exit 0 without errors, 1 with errors; usage and I/O problems throw UsageError. */
export function runCheck(paths: string[], flags: CheckFlags, out: (s: string) => void): number {
  if (flags.format !== 'text' && flags.format !== 'json')
    throw new UsageError(`--format ${flags.format}: use text or json`);
  const scan = scanPaths(paths);
  if (scan.errors.length) throw new UsageError(scan.errors.join('\n'));
  const ws = new ConfigWorkspace(new DiskFileSystem());
  const { options, diagnostics: propertyProblems } = checkOptionsFrom(flags, ws);
  const result = checkFiles(scan.files, ws, options);
  const all = sortAndDedupe([...propertyProblems, ...result.diagnostics]);
  const list = toCliDiagnostics(all, (f) => {
    const r = ws.read(f);
    return r.ok ? r.text : undefined;
  });
  if (flags.format === 'json')
    out(`${JSON.stringify({ files: result.files.length, diagnostics: list }, null, 2)}\n`);
  else {
    out(formatText(list));
    const errors = list.filter((d) => d.severity === 'error').length;
    const warnings = list.filter((d) => d.severity === 'warning').length;
    out(`${result.files.length} files checked: ${errors} errors, ${warnings} warnings\n`);
  }
  return all.some((d) => d.severity === 'error') ? 1 : 0;
}
