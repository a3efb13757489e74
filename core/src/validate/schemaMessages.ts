import { type Diagnostic, diagnostic } from '../diagnostics/diagnostic';
import { suggest } from '../format/suggest';
import type { Path, SchemaIssue } from '../schema/schemaValidator';
import { origin } from '../text/origin';

/** `filesystems.host.destroy`, `profiles[1]`: a path as a user reads it. */
export function pathLabel(path: Path): string {
  let s = '';
  for (const p of path)
    s += typeof p === 'number' || /^\d+$/.test(String(p)) ? `[${p}]` : s ? `.${p}` : String(p);
  return s || 'the file';
}

const TYPE_WORDS: Record<string, string> = {
  string: 'a string',
  boolean: 'a boolean (true or false)',
  object: 'a mapping',
  array: 'a list',
  integer: 'an integer',
  number: 'a number',
  null: 'empty',
};
const word = (t: string) => TYPE_WORDS[t] ?? t;

export function listWords(items: string[]): string {
  const u = [...new Set(items)];
  return u.length <= 1 ? (u[0] ?? '') : `${u.slice(0, -1).join(', ')} or ${u[u.length - 1]}`;
}

/** The message for an unknown key, with a "did you mean" and a replacement fix when one is close. */
export function unknownKeyDiagnostic(
  file: string,
  issue: Extract<SchemaIssue, { kind: 'unknown-key' }>,
  where: string,
): Diagnostic {
  const s = suggest(issue.key, issue.allowed);
  const at = origin(file, issue.span);
  return s
    ? diagnostic('unknown-key', at, `Unknown key \`${issue.key}\` in ${where}: did you mean \`${s}\`?`, {
        fixes: [{ kind: 'edit', title: `Change to \`${s}\``, file, span: issue.span, newText: s }],
      })
    : diagnostic(
        'unknown-key',
        at,
        `Unknown key \`${issue.key}\` in ${where}; it is ignored. Valid keys here: ${issue.allowed.join(', ')}.`,
      );
}

/** Messages for the schema issues every file kind shares (types, nulls, required keys, others). */
export function commonSchemaDiagnostic(
  file: string,
  issue: Exclude<SchemaIssue, { kind: 'unknown-key' }>,
): Diagnostic {
  const at = origin(file, issue.span);
  const label = pathLabel(issue.path);
  switch (issue.kind) {
    case 'type':
      return diagnostic(
        'type-mismatch',
        at,
        `\`${label}\` must be ${listWords(issue.expected.map(word))}, not ${word(issue.actual)}.`,
      );
    case 'null':
      return diagnostic('null-entry', at, `\`${label}\` has no value; give it its keys or remove it.`);
    case 'required':
      return diagnostic('missing-key', at, `\`${label || 'this item'}\` needs the key \`${issue.missing}\`.`);
    case 'other':
      return diagnostic('type-mismatch', at, `\`${label}\` ${issue.message}.`);
    case 'unreadable':
      return unreadableDiagnostic(at, issue);
  }
}

function unreadableDiagnostic(
  at: ReturnType<typeof origin>,
  issue: Extract<SchemaIssue, { kind: 'unreadable' }>,
): Diagnostic {
  switch (issue.reason) {
    case 'cycle':
      return diagnostic('alias-cycle', at, `YAML cannot be read: ${issue.message}; anchor another node.`);
    case 'limit':
      return diagnostic(
        'alias-limit',
        at,
        `Not checked further: ${issue.message}. Write the data out, or use fewer levels of aliases.`,
      );
    case 'unresolved':
      return diagnostic('yaml-syntax', at, `YAML cannot be read: ${issue.message}.`);
  }
}
