import { type Document, parseDocument } from 'yaml';
import type { Span } from '../text/origin';
import { type Header, readHeader } from './header';

export interface YamlProblem {
  span: Span;
  message: string;
  /** The `yaml` package's error code, e.g. BAD_INDENT, DUPLICATE_KEY. */
  yamlCode: string;
}

/** One file's text parsed once: header, YAML document with source ranges, problems. */
export interface ParsedFile {
  path: string;
  text: string;
  header: Header;
  doc: Document.Parsed;
  /** Syntax errors, except duplicate keys. */
  syntaxErrors: YamlProblem[];
  duplicateKeys: YamlProblem[];
  /** Over MAX_FILE_SIZE: not parsed, not checked beyond saying so. */
  tooLarge: boolean;
}

/** Configs are a few kilobytes; larger files are not parsed, so that the editor stays responsive. */
export const MAX_FILE_SIZE = 2 * 1024 * 1024;

function tooLarge(path: string, text: string): ParsedFile {
  const doc = parseDocument('');
  const problem = {
    span: { start: 0, end: 0 },
    message: `the file is ${(text.length / 1048576).toFixed(1)} MB; files over 2 MB are not checked`,
    yamlCode: 'FILE_TOO_LARGE',
  };
  return {
    path,
    text,
    header: readHeader(text),
    doc,
    syntaxErrors: [problem],
    duplicateKeys: [],
    tooLarge: true,
  };
}

/**
 * Parses with YAML 1.1 rules, as upstream's yaml.v2 does: `yes`/`on`/`off` are booleans.
 * Never throws: errors are values on the result.
 */
export function parseFile(path: string, text: string): ParsedFile {
  if (text.length > MAX_FILE_SIZE) return tooLarge(path, text);
  const doc = parseDocument(text, { version: '1.1', prettyErrors: false, keepSourceTokens: false });
  const syntaxErrors: YamlProblem[] = [];
  const duplicateKeys: YamlProblem[] = [];
  for (const e of doc.errors) {
    // keep spans inside the text (an error at the end of the file points after it)
    const start = Math.min(e.pos[0], text.length);
    const end =
      e.code === 'DUPLICATE_KEY'
        ? start + keyLength(text, start)
        : Math.min(Math.max(e.pos[1], start + 1), text.length);
    (e.code === 'DUPLICATE_KEY' ? duplicateKeys : syntaxErrors).push({
      span: { start, end: Math.max(start, end) },
      message: e.message,
      yamlCode: e.code,
    });
  }
  return { path, text, header: readHeader(text), doc, syntaxErrors, duplicateKeys, tooLarge: false };
}

/** The length of the key that starts at an offset: a quoted string, or plain text up to `:`. */
function keyLength(text: string, start: number): number {
  const m = /^("(?:[^"\\\n]|\\.)*"|'(?:[^'\n]|'')*'|[^:\n,{}[\]#]*[^:\s,{}[\]#])/.exec(
    text.slice(start, start + 1024),
  );
  return m ? m[0].length : 1;
}
