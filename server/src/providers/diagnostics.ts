import { type Diagnostic as LspDiagnostic, DiagnosticSeverity } from 'vscode-languageserver';
import type { Diagnostic } from '../../../core/src/diagnostics/diagnostic';
import type { Positions } from '../positions';
import { pathToUri } from '../uris';

const SEVERITY = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
} as const;

/** A core diagnostic as LSP shows it: range, severity, code with a link to its documentation. */
export function toLspDiagnostic(positions: Positions, d: Diagnostic): LspDiagnostic {
  return {
    range: positions.range(d.file, d.span),
    severity: SEVERITY[d.severity],
    code: d.code,
    source: 'lxdops',
    message: d.message,
    ...(d.related?.length
      ? {
          relatedInformation: d.related.map((r) => ({
            location: { uri: pathToUri(r.origin.file), range: positions.range(r.origin.file, r.origin) },
            message: r.message,
          })),
        }
      : {}),
  };
}
