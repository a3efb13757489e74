import { basename } from 'node:path';

/** The instance name of a config: the file's base name without its last extension (reference §1.4). */
export function instanceNameOf(file: string): string {
  // Go's filepath.Ext: from the last dot, so `.yaml` has the extension `.yaml` and an empty name.
  const base = basename(file);
  const dot = base.lastIndexOf('.');
  return dot === -1 ? base : base.slice(0, dot);
}

/**
 * Why a name is not a valid LXD instance name, or undefined when it is: 1 to 63 characters,
 * letters, digits and hyphens, not starting with a digit or hyphen, not ending with a hyphen.
 */
export function instanceNameProblem(name: string): string | undefined {
  if (name === '') return 'it is empty';
  if (name.length > 63) return 'it is longer than 63 characters';
  const bad = name.match(/[^A-Za-z0-9-]/);
  if (bad) return `it contains \`${bad[0]}\`; use only letters, digits and hyphens`;
  if (/^[0-9-]/.test(name)) return 'it must start with a letter';
  if (name.endsWith('-')) return 'it must not end with a hyphen';
  return undefined;
}
