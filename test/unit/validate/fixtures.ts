// Small builders shared by the validate tests (not a test file itself).
import type { CheckResult } from '../../../core/src/check/checkFiles';
import type { Diagnostic } from '../../../core/src/diagnostics/diagnostic';

/** An `#lxdops` file made of the given lines. */
export const lx = (...lines: string[]): string => `#lxdops\n${lines.map((l) => `${l}\n`).join('')}`;

/** A `#cloud-config` file made of the given lines. */
export const cc = (...lines: string[]): string => `#cloud-config\n${lines.map((l) => `${l}\n`).join('')}`;

/** `os` lines that launch an alpine image: no missing-image, no unknown-os. */
export const OS = ['os:', '  name: alpine', '  image: images:alpine/3.19'];

/** One zfs filesystem `host`. */
export const FS = ['filesystems:', '  host:', '    pattern: z/demo/host/(instance)'];

/** A complete, correct root config. */
export const CLEAN = lx(
  ...OS,
  'profile-pattern: (instance).lxdops',
  'properties:',
  '  fsroot: z/demo',
  'filesystems:',
  '  host:',
  '    pattern: (fsroot)/host/(instance)',
  '    destroy: true',
  '  log:',
  '    pattern: (fsroot)/log/(instance)',
  'devices:',
  '  home:',
  '    path: /home',
  '    filesystem: host',
  '  log:',
  '    path: /var/log',
  '    filesystem: log',
  '    dir: .',
  'profiles: [default]',
);

/** Codes of a result, in order. */
export const codes = (r: CheckResult): string[] => r.diagnostics.map((d) => d.code);

/** The text a diagnostic points at. */
export const textAt = (files: Record<string, string>, d: Diagnostic): string =>
  (files[d.file] ?? '').slice(d.span.start, d.span.end);

/** Applies an `edit` fix to a text. */
export function applyEdit(text: string, fix: NonNullable<Diagnostic['fixes']>[number]): string {
  if (fix.kind !== 'edit') throw new Error(`not an edit: ${fix.kind}`);
  return text.slice(0, fix.span.start) + fix.newText + text.slice(fix.span.end);
}

/** The expected located form of `needle` inside the first occurrence of `context` (for needles that occur elsewhere too). */
export function within(
  code: string,
  file: string,
  text: string,
  context: string,
  needle: string,
): { code: string; file: string; start: number; end: number } {
  const c = text.indexOf(context);
  if (c === -1) throw new Error(`${JSON.stringify(context)} not found`);
  const n = context.indexOf(needle);
  if (n === -1) throw new Error(`${JSON.stringify(needle)} not in ${JSON.stringify(context)}`);
  return { code, file, start: c + n, end: c + n + needle.length };
}
