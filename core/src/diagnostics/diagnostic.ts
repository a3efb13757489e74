import type { Origin, Span } from '../text/origin';
import { type DiagnosticCode, type Severity, defaultSeverity } from './codes';

/** A change that fixes a diagnostic: replace a span of a file, or create a file. */
export type Fix =
  | { kind: 'edit'; title: string; file: string; span: Span; newText: string }
  | { kind: 'create-file'; title: string; file: string; text: string };

/** One problem, in offsets; lines and columns are computed at the edge (CLI, LSP). */
export interface Diagnostic {
  file: string;
  span: Span;
  severity: Severity;
  code: DiagnosticCode;
  message: string;
  /** Other places that explain this one (the first definition of a duplicate, ...). */
  related?: { origin: Origin; message: string }[];
  fixes?: Fix[];
}

export function diagnostic(
  code: DiagnosticCode,
  at: Origin,
  message: string,
  extra: Partial<Pick<Diagnostic, 'related' | 'fixes' | 'severity'>> = {},
): Diagnostic {
  return {
    file: at.file,
    span: { start: at.start, end: at.end },
    severity: extra.severity ?? defaultSeverity(code),
    code,
    message,
    ...(extra.related ? { related: extra.related } : {}),
    ...(extra.fixes ? { fixes: extra.fixes } : {}),
  };
}

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, information: 2, hint: 3 };

/** Sorts by file, then position, then severity; drops exact duplicates. */
export function sortAndDedupe(list: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  for (const d of list) {
    const key = `${d.file}\0${d.span.start}\0${d.span.end}\0${d.code}\0${d.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(d);
  }
  return out.sort(
    (a, b) =>
      (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
      a.span.start - b.span.start ||
      SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
      (a.code < b.code ? -1 : a.code > b.code ? 1 : 0),
  );
}
