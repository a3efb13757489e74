import { posix } from 'node:path';

// What a substituted value may be before it becomes an operand of a host command or a name sent
// to LXD. Each function returns why a value is unsafe (a phrase that completes "it ..."), or
// undefined when it is fine. Pure: `check` and the instance spec share them.

const CONTROL = /[\u0000-\u001f\u007f]/;

/** Control characters (a newline, an escape sequence) in a value. */
export function controlProblem(value: string): string | undefined {
  const control = CONTROL.exec(value);
  return control
    ? `contains the control character U+${control[0].charCodeAt(0).toString(16).padStart(4, '0')}`
    : undefined;
}

/** Control characters, a leading `-` (read as an option by zfs, rm, chown), or a `..` component. */
export function operandProblem(value: string): string | undefined {
  const control = controlProblem(value);
  if (control) return control;
  if (value.startsWith('-')) return 'starts with `-`, which a command would read as an option';
  if (value.split('/').includes('..')) return 'has a `..` component, which leaves the directory it names';
  return undefined;
}

/** A ZFS component: letters, digits, `_ - : .`; never `.` or `..`. */
const ZFS_COMPONENT = /^[A-Za-z0-9_.:-]+$/;

/** Why a name is not a valid ZFS dataset name (`pool/a/b`), or undefined. */
export function datasetNameProblem(name: string): string | undefined {
  if (name === '') return 'is empty';
  if (name.length > 255) return 'is longer than 255 characters';
  const parts = name.split('/');
  if (parts.some((p) => p === '')) return 'has an empty component (a leading, trailing or double `/`)';
  const bad = parts.find((p) => p === '.' || p === '..' || !ZFS_COMPONENT.test(p));
  if (bad !== undefined)
    return `has the component \`${bad}\`; ZFS allows letters, digits, \`_\`, \`-\`, \`:\` and \`.\` (not \`.\` or \`..\` alone)`;
  if (!/^[A-Za-z]/.test(parts[0]!)) return 'must start with a letter (the pool name)';
  return undefined;
}

/** A snapshot name (`-s`): the part after `@`, so never `@`, `/`, a leading `-` or `.`/`..`. */
export const SNAPSHOT_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** Why a snapshot name cannot be used, or undefined; checked before any zfs command sees it. */
export function snapshotNameProblem(name: string): string | undefined {
  if (name.length > 200) return 'is longer than 200 characters';
  return SNAPSHOT_NAME.test(name)
    ? undefined
    : "must start with a letter or digit and hold only letters, digits, '.', '_' and '-'";
}

/** The instance name (the `(instance)` property): never empty, `.`, `..`, nor with `/` or control characters. */
export function instanceValueProblem(name: string): string | undefined {
  if (name === '' || name === '.' || name === '..') return `is \`${name}\`, which names no instance`;
  if (name.includes('/')) return 'contains `/`';
  return operandProblem(name);
}

/** An absolute path with `.`, `//` and a trailing `/` removed (`..` is refused before this). */
export function normalisedPath(path: string): string {
  const n = posix.normalize(path);
  return n.length > 1 && n.endsWith('/') ? n.slice(0, -1) : n;
}

/** True when `inner` is `outer` or lies below it (both normalised absolute paths). */
export function isAtOrBelow(inner: string, outer: string): boolean {
  return inner === outer || inner.startsWith(outer === '/' ? '/' : `${outer}/`);
}

/** True when a relative `dir` normalises to a path outside the directory it is relative to. */
export function escapesFilesystem(dir: string): boolean {
  const base = '/filesystem';
  return !isAtOrBelow(posix.normalize(posix.join(base, dir)), base);
}
