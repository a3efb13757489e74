import type { ParsedFile } from '../document/parsedFile';
import { type Diagnostic, diagnostic } from '../diagnostics/diagnostic';
import { type ExpectedHeader, firstLineSpan, HEADER_OF, type Header } from '../document/header';
import { origin } from '../text/origin';

const KIND_OF = { '#lxdops': 'lxdops', '#cloud-config': 'cloud-config', '#lxops-v1': 'lxops' } as const;
const WHAT: Record<ExpectedHeader, string> = {
  '#lxdops': 'an lxdops config',
  '#cloud-config': 'a cloud-config file',
  '#lxops-v1': 'an lxops config',
};

/** What is wrong with the first line of a file checked as `expected`. */
function headerMessage(h: Header, expected: ExpectedHeader): string {
  const kindOf = KIND_OF[expected];
  if (h.problem && h.kind === kindOf)
    return `The first line must be exactly \`${expected}\`: this one ${h.problem.reason}.`;
  if (expected === '#lxops-v1') {
    if (h.kind === 'unknown') return 'The first line must be exactly `#lxops-v1`; add it as the first line.';
    return `This file is used as an lxops config but starts with \`${HEADER_OF[h.kind]}\`; its first line must be \`#lxops-v1\`.`;
  }
  if (h.kind === 'lxops')
    return `This is an lxops (\`#lxops-v1\`) file; an lxdops ${kindOf === 'lxdops' ? 'config' : 'cloud-config file'} must start with the line \`${expected}\`.`;
  if (h.kind === 'unknown')
    return `The first line must be exactly \`${expected}\`; add it as the first line.`;
  return `This file is used as ${WHAT[expected]} but starts with \`${h.kind === 'lxdops' ? '#lxdops' : '#cloud-config'}\`; its first line must be \`${expected}\`.`;
}

/** Header, syntax and duplicate-key problems of any file we check, as `expected` kind. */
export function checkFileBasics(parsed: ParsedFile, expected: ExpectedHeader): Diagnostic[] {
  const out: Diagnostic[] = [];
  const file = parsed.path;
  const h = parsed.header;
  const firstLineEnd = firstLineSpan(parsed.text).end;
  const kindOf = KIND_OF[expected];
  if (h.kind !== kindOf || !h.exact) {
    const span = h.problem?.span ?? { start: 0, end: firstLineEnd };
    const message = headerMessage(h, expected);
    const replacesLine = h.problem !== undefined || h.kind === 'lxops';
    out.push(
      diagnostic('header', origin(file, span), message, {
        fixes: [
          replacesLine
            ? {
                kind: 'edit',
                title: `Replace the first line with ${expected}`,
                file,
                span: { start: 0, end: span.end },
                newText: expected,
              }
            : {
                kind: 'edit',
                title: `Insert ${expected} as the first line`,
                file,
                span: { start: 0, end: 0 },
                newText: `${expected}\n`,
              },
        ],
      }),
    );
  }
  for (const e of parsed.syntaxErrors) {
    if (e.yamlCode === 'FILE_TOO_LARGE')
      out.push(diagnostic('file-too-large', origin(file, e.span), `Not checked: ${e.message}.`));
    else if (e.yamlCode === 'NESTING_TOO_DEEP')
      out.push(
        diagnostic(
          'nesting-too-deep',
          origin(file, e.span),
          `Not checked: ${e.message}. Flatten the data: nothing in the format nests that deep.`,
        ),
      );
    else if (e.yamlCode === 'ALIAS_CYCLE')
      out.push(
        diagnostic(
          'alias-cycle',
          origin(file, e.span),
          `YAML cannot be read: ${e.message}. Anchor a node that does not contain the alias, or write the value out.`,
        ),
      );
    else out.push(diagnostic('yaml-syntax', origin(file, e.span), `YAML syntax error: ${e.message}`));
  }
  for (const e of parsed.duplicateKeys) {
    out.push(
      diagnostic(
        'duplicate-key',
        origin(file, e.span),
        'This key appears twice in the same mapping; the last one wins. Remove one of them.',
      ),
    );
  }
  return out;
}
