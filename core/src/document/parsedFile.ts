import { Composer, type CST, type Document, Parser, parseDocument, YAMLParseError } from 'yaml';
import type { Span } from '../text/origin';
import { brokenAliases } from './anchors';
import { duplicateKeyOffsets } from './duplicateKeys';
import { type Header, readHeader } from './header';
import { MAX_NESTING, roughlyTooDeepAt, tooDeepAt } from './nesting';

export interface YamlProblem {
  span: Span;
  message: string;
  /** The `yaml` package's error code, e.g. BAD_INDENT, DUPLICATE_KEY; or FILE_TOO_LARGE, NESTING_TOO_DEEP. */
  yamlCode: string;
}

/** One file's text parsed once: header, YAML document with source ranges, problems. */
export interface ParsedFile {
  path: string;
  text: string;
  header: Header;
  doc: Document.Parsed;
  /**
   * Syntax errors, except duplicate keys. A file with any is reported, not checked: its tree is
   * what `yaml` made of broken text, and rules run on it report problems that are not there.
   */
  syntaxErrors: YamlProblem[];
  duplicateKeys: YamlProblem[];
  /** Over MAX_FILE_SIZE: not parsed, not checked beyond saying so. */
  tooLarge: boolean;
}

/** Configs are a few kilobytes; larger files are not parsed, so that the editor stays responsive. */
export const MAX_FILE_SIZE = 2 * 1024 * 1024;

/** A file that is not composed: an empty document and one problem. */
function notComposed(path: string, text: string, problem: YamlProblem, tooLarge: boolean): ParsedFile {
  return {
    path,
    text,
    header: readHeader(text),
    doc: parseDocument(''),
    syntaxErrors: [problem],
    duplicateKeys: [],
    tooLarge,
  };
}

function tooLargeFile(path: string, text: string, tokens?: number): ParsedFile {
  const message =
    tokens === undefined
      ? `the file is ${(text.length / 1048576).toFixed(1)} MB; files over 2 MB are not checked`
      : `the file has ${tokens} line breaks and YAML indicators; files with over ${MAX_YAML_TOKENS} are not checked`;
  return notComposed(path, text, { span: { start: 0, end: 0 }, message, yamlCode: 'FILE_TOO_LARGE' }, true);
}

function tooDeepFile(path: string, text: string, at: number): ParsedFile {
  const message = `collections nest deeper than ${MAX_NESTING} levels here`;
  const span = { start: at, end: Math.min(at + 1, text.length) };
  return notComposed(path, text, { span, message, yamlCode: 'NESTING_TOO_DEEP' }, false);
}

/** `uniqueKeys: false`: duplicate keys are found by `duplicateKeyOffsets`, in linear time. */
const OPTIONS = { version: '1.1', prettyErrors: false, keepSourceTokens: false, uniqueKeys: false } as const;

/**
 * More line breaks and YAML indicators than this, and the file is not parsed: `yaml` spends a few
 * microseconds per token, so this keeps any file within a second or so. A 1 MB config of ordinary
 * lines has some 20,000; 50,000 bound the worst shapes (100,000 list items or keys) to about a second.
 */
export const MAX_YAML_TOKENS = 50_000;

const INDICATORS = new Set([...'\n[]{},:-?&*!|>#\'"%@`\t'].map((c) => c.charCodeAt(0)));

/** An upper bound, cheaply counted, on how many tokens the YAML lexer would make. */
function roughTokenCount(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) if (INDICATORS.has(text.charCodeAt(i))) count++;
  return count;
}

/** What `parseDocument` does, from tokens already parsed: the first document, an error for more. */
function compose(tokens: readonly CST.Token[], text: string): Document.Parsed {
  const composer = new Composer(OPTIONS);
  let doc: Document.Parsed | undefined;
  for (const next of composer.compose(tokens, true, text.length)) {
    if (!doc) doc = next;
    else {
      const message = 'Source contains multiple documents; please use YAML.parseAllDocuments()';
      doc.errors.push(new YAMLParseError([next.range[0], next.range[1]], 'MULTIPLE_DOCS', message));
      break;
    }
  }
  return doc ?? parseDocument('', OPTIONS);
}

/**
 * Parses with YAML 1.1 rules, as upstream's yaml.v2 does: `yes`/`on`/`off` are booleans.
 * Never throws: errors are values on the result. Collections nested deeper than MAX_NESTING are
 * found on the token stream (the parser is iterative) before the recursive composer sees them.
 */
export function parseFile(path: string, text: string): ParsedFile {
  if (text.length > MAX_FILE_SIZE) return tooLargeFile(path, text);
  const count = roughTokenCount(text);
  if (count > MAX_YAML_TOKENS) return tooLargeFile(path, text, count);
  // `yaml` makes an Error per problem; without stack traces a file with 100,000 of them stays fast
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return parseChecked(path, text);
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
}

function parseChecked(path: string, text: string): ParsedFile {
  const tokens = parseTokens(text);
  if (!tokens) return tooDeepFile(path, text, roughlyTooDeepAt(text));
  const deep = tooDeepAt(tokens);
  if (deep !== undefined) return tooDeepFile(path, text, deep);
  const doc = compose(tokens, text);
  const syntaxErrors: YamlProblem[] = [];
  const duplicateKeys: YamlProblem[] = [];
  for (const start of duplicateKeyOffsets(doc)) {
    const span = { start, end: start + keyLength(text, start) };
    duplicateKeys.push({ span, message: 'Map keys must be unique', yamlCode: 'DUPLICATE_KEY' });
  }
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
  for (const problem of aliasProblems(doc)) syntaxErrors.push(problem);
  return { path, text, header: readHeader(text), doc, syntaxErrors, duplicateKeys, tooLarge: false };
}

/** Aliases that `yaml` accepts but that cannot be read: they make the file as unusable as a syntax error. */
function aliasProblems(doc: Document.Parsed): YamlProblem[] {
  return brokenAliases(doc).map(({ alias, recursive }) => ({
    span: { start: alias.range?.[0] ?? 0, end: alias.range?.[1] ?? 0 },
    message: recursive
      ? `the alias *${alias.source} is inside the node &${alias.source} names, so it never ends`
      : `the alias *${alias.source} names no anchor &${alias.source} before it`,
    yamlCode: recursive ? 'ALIAS_CYCLE' : 'BAD_ALIAS',
  }));
}

/**
 * The CST, or undefined when `yaml`'s parser ran out of stack: it recurses on compact collections
 * (`- - - - …` thousands of times on one line), and this is the one place where that can be caught.
 */
function parseTokens(text: string): CST.Token[] | undefined {
  try {
    return Array.from(new Parser().parse(text));
  } catch (e) {
    if (e instanceof RangeError) return undefined;
    throw e;
  }
}

/** The length of the key that starts at an offset: a quoted string, or plain text up to `:`. */
function keyLength(text: string, start: number): number {
  const m = /^("(?:[^"\\\n]|\\.)*"|'(?:[^'\n]|'')*'|[^:\n,{}[\]#]*[^:\s,{}[\]#])/.exec(
    text.slice(start, start + 1024),
  );
  return m ? m[0].length : 1;
}
