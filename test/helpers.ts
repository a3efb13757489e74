import { type CheckOptions, type CheckResult, checkFiles } from '../core/src/check/checkFiles';
import { ConfigWorkspace } from '../core/src/config/configWorkspace';
import type { Property } from '../core/src/config/properties';
import type { Diagnostic } from '../core/src/diagnostics/diagnostic';
import { MemoryFileSystem } from '../core/src/fs/fileSystem';
import type { Span } from '../core/src/text/origin';

/** An in-memory workspace: file paths are absolute (`/ws/web.yaml`). */
export function workspace(files: Record<string, string>): { fs: MemoryFileSystem; ws: ConfigWorkspace } {
  const fs = new MemoryFileSystem(files);
  return { fs, ws: new ConfigWorkspace(fs) };
}

/** Checks every file of an in-memory workspace, as `lxdops check` does for a folder. */
export function check(files: Record<string, string>, options: CheckOptions = {}): CheckResult {
  const { ws } = workspace(files);
  return checkFiles(Object.keys(files), ws, options);
}

/** The span of the nth occurrence of `needle` in `text` (throws when absent, so tests fail loudly). */
export function spanOf(text: string, needle: string, nth = 0): Span {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    if (at === -1)
      throw new Error(`${JSON.stringify(needle)} (#${nth}) not found in ${JSON.stringify(text)}`);
  }
  return { start: at, end: at + needle.length };
}

/** The diagnostics reduced to what tests compare: code, file, exact span. */
export function located(
  list: readonly Diagnostic[],
): { code: string; file: string; start: number; end: number }[] {
  return list.map((d) => ({ code: d.code, file: d.file, start: d.span.start, end: d.span.end }));
}

/** The expected form for `located`. */
export function at(
  code: string,
  file: string,
  text: string,
  needle: string,
  nth = 0,
): { code: string; file: string; start: number; end: number } {
  const s = spanOf(text, needle, nth);
  return { code, file, start: s.start, end: s.end };
}

/** Diagnostics of one code only. */
export function only(list: readonly Diagnostic[], code: string): Diagnostic[] {
  return list.filter((d) => d.code === code);
}

/** A global properties set for tests. */
export function globalProps(
  file: string,
  values: Record<string, string>,
): { file: string; properties: Map<string, Property> } {
  return {
    file,
    properties: new Map(
      Object.entries(values).map(([key, value]) => [key, { key, value, source: 'global' as const }]),
    ),
  };
}
