import { relative } from 'node:path';
import type { Diagnostic } from '../diagnostics/diagnostic';
import { LineIndex } from '../text/lineIndex';

/** A diagnostic with 1-based positions, as the CLI prints it. */
export interface CliDiagnostic {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: Diagnostic['severity'];
  code: string;
  message: string;
}

/** Shows paths relative to the working directory when they are below it. */
export function displayPath(file: string, cwd: string = process.cwd()): string {
  const r = relative(cwd, file);
  return r && !r.startsWith('..') ? r : file;
}

export function toCliDiagnostics(
  list: readonly Diagnostic[],
  textOf: (file: string) => string | undefined,
): CliDiagnostic[] {
  const indexes = new Map<string, LineIndex>();
  return list.map((d) => {
    let idx = indexes.get(d.file);
    if (!idx) {
      idx = new LineIndex(textOf(d.file) ?? '');
      indexes.set(d.file, idx);
    }
    const s = idx.positionAt(d.span.start);
    const e = idx.positionAt(d.span.end);
    return {
      file: displayPath(d.file),
      line: s.line + 1,
      column: s.character + 1,
      endLine: e.line + 1,
      endColumn: e.character + 1,
      severity: d.severity,
      code: d.code,
      message: d.message,
    };
  });
}

export function formatText(list: readonly CliDiagnostic[]): string {
  return list.map((d) => `${d.file}:${d.line}:${d.column}: ${d.severity} ${d.code}: ${d.message}\n`).join('');
}
