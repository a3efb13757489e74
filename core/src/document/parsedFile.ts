import { type Document, LineCounter, parseDocument } from 'yaml';
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
  lineCounter: LineCounter;
  /** Syntax errors, except duplicate keys. */
  syntaxErrors: YamlProblem[];
  duplicateKeys: YamlProblem[];
}

/** Configs are a few kilobytes; larger files are not parsed, so that the editor stays responsive. */
export const MAX_FILE_SIZE = 2 * 1024 * 1024;

function tooLarge(path: string, text: string): ParsedFile {
  const lineCounter = new LineCounter();
  const doc = parseDocument('', { lineCounter });
  const problem = { span: { start: 0, end: 0 }, message: `the file is ${(text.length / 1048576).toFixed(1)} MB; files over 2 MB are not checked`, yamlCode: 'FILE_TOO_LARGE' };
  return { path, text, header: readHeader(text), doc, lineCounter, syntaxErrors: [problem], duplicateKeys: [] };
}

/**
 * Parses with YAML 1.1 rules, as upstream's yaml.v2 does: `yes`/`on`/`off` are booleans.
 * Never throws: errors are values on the result.
 */
export function parseFile(path: string, text: string): ParsedFile {
  if (text.length > MAX_FILE_SIZE) return tooLarge(path, text);
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { version: '1.1', lineCounter, prettyErrors: false, keepSourceTokens: false });
  const syntaxErrors: YamlProblem[] = [];
  const duplicateKeys: YamlProblem[] = [];
  for (const e of doc.errors) {
    const problem = { span: { start: e.pos[0], end: Math.max(e.pos[1], e.pos[0] + 1) }, message: e.message, yamlCode: e.code };
    (e.code === 'DUPLICATE_KEY' ? duplicateKeys : syntaxErrors).push(problem);
  }
  return { path, text, header: readHeader(text), doc, lineCounter, syntaxErrors, duplicateKeys };
}
