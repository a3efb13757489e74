import type { Span } from '../text/origin';

export type FileKind = 'lxdops' | 'cloud-config' | 'lxops' | 'unknown';
export type ExpectedHeader = '#lxdops' | '#cloud-config' | '#lxops-v1';

/** The two kinds of config file: lxdops' `#lxdops` and its successor lxops' `#lxops-v1`. */
export type ConfigKind = 'lxdops' | 'lxops';

/** Whether a file of this kind is a config (of either format), as opposed to cloud-config or other. */
export function isConfigKind(kind: string | undefined): kind is ConfigKind {
  return kind === 'lxdops' || kind === 'lxops';
}

/** The exact header of each kind that has one. */
export const HEADER_OF: Readonly<Record<'lxdops' | 'cloud-config' | 'lxops', ExpectedHeader>> = {
  lxdops: '#lxdops',
  'cloud-config': '#cloud-config',
  lxops: '#lxops-v1',
};

export interface Header {
  /** What the first line makes of the file; a near miss counts as the kind it almost is. */
  kind: FileKind;
  /** True when the first line is exactly the header, as upstream requires. */
  exact: boolean;
  /** For a near miss: the line that holds the header text and what is wrong with it. */
  problem?: { span: Span; expected: ExpectedHeader; reason: string };
}

const HEADERS: readonly ExpectedHeader[] = ['#lxdops', '#cloud-config'];

function isExact(text: string, header: string): boolean {
  if (!text.startsWith(header)) return false;
  const next = text[header.length];
  return next === undefined || next === '\n' || next === '\r';
}

/** Reads the first line the way upstream does (exact bytes), and recognises near misses. */
export function readHeader(text: string): Header {
  for (const h of HEADERS)
    if (isExact(text, h)) return { kind: h === '#lxdops' ? 'lxdops' : 'cloud-config', exact: true };
  if (isExact(text, '#lxops-v1')) return { kind: 'lxops', exact: true };

  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let lineStart = bom;
  // Skip blank lines before the header text.
  for (;;) {
    const nl = text.indexOf('\n', lineStart);
    const line = text.slice(lineStart, nl === -1 ? text.length : nl);
    if (line.trim() !== '' || nl === -1) break;
    lineStart = nl + 1;
  }
  const nl = text.indexOf('\n', lineStart);
  let lineEnd = nl === -1 ? text.length : nl;
  if (text[lineEnd - 1] === '\r') lineEnd--;
  const line = text.slice(lineStart, lineEnd);
  const normal = line.trim().toLowerCase().replace(/^#\s+/, '#');
  const span = { start: lineStart, end: lineEnd };
  const lxops = lxopsNearMiss(normal, line, bom, lineStart);
  if (lxops) return { kind: 'lxops', exact: false, problem: { span, expected: '#lxops-v1', reason: lxops } };
  const expected = HEADERS.find(
    (h) =>
      normal === h ||
      (normal.startsWith(h) && !/^[-\w]/.test(normal.slice(h.length))) ||
      normal.startsWith(`${h}-v`),
  );
  if (!expected || normal.startsWith('#cloud-config-archive') || normal.startsWith('#cloud-config-jsonp')) {
    return { kind: 'unknown', exact: false };
  }
  const reason = layoutReason(line, bom, lineStart, expected);
  return {
    kind: expected === '#lxdops' ? 'lxdops' : 'cloud-config',
    exact: false,
    problem: { span, expected, reason },
  };
}

/** What is wrong with the way a header line is written (shared by every kind). */
function layoutReason(line: string, bom: number, lineStart: number, expected: string): string {
  return bom > 0
    ? 'starts with a byte-order mark'
    : lineStart > 0
      ? 'has blank lines before it'
      : /^\s/.test(line)
        ? 'has spaces before it'
        : /^#\s/.test(line)
          ? 'has a space after `#`'
          : line.trimEnd() !== line
            ? 'has trailing spaces'
            : line.slice(0, expected.length) !== expected
              ? 'is not in lower case'
              : `has extra text after \`${expected}\``;
}

/**
 * A near miss of `#lxops-v1` (`#lxops`, `#lxops-v2`, `#LXOPS-V1`, `# lxops-v1`, with a BOM...):
 * the reason, or undefined when the line is not one. lxops reads only `#lxops-v1` (and migrates
 * `#lxdops`); any other first line is "no migration from config type".
 */
function lxopsNearMiss(normal: string, line: string, bom: number, lineStart: number): string | undefined {
  const m = /^#lxops(?:-v(\d*))?(?=$|[^-\w])/.exec(normal);
  if (!m) return undefined;
  if (m[1] === undefined) return 'has no version: lxops reads `#lxops-v1`';
  if (m[1] !== '1') return `names version \`v${m[1]}\`, which lxops does not read (it reads \`#lxops-v1\`)`;
  return layoutReason(line, bom, lineStart, '#lxops-v1');
}

/** The span of the first line, without its line break (`\r\n` or `\n`). */
export function firstLineSpan(text: string): Span {
  const nl = text.indexOf('\n');
  let end = nl === -1 ? text.length : nl;
  if (text[end - 1] === '\r') end--;
  return { start: 0, end };
}
