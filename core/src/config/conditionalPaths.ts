import { type Diagnostic, diagnostic } from '../diagnostics/diagnostic';
import { resolvePath } from './decodeConfigFile';
import type { ConfigFileModel, PathEntry } from './model';
import type { GlobalProperties } from './properties';
import { substitute } from './substitute';

/** What an `#lxops-v1` `include` / `cloud-config-files` entry is substituted with: `-P` and global properties. */
export type ConditionLookup = (key: string) => string | undefined;

/** lxops reserves these in path entries (its cfg/condition.go filterPath). */
const RESERVED = /[|;,:]/;

/**
 * The lookup of conditional entries: `-P` over the global properties, never the config's own
 * properties nor the built-ins (lxops substitutes these paths before it merges anything), and an
 * empty value counts as undefined.
 */
export function conditionLookup(
  commandLine: ReadonlyMap<string, string>,
  global?: GlobalProperties,
): ConditionLookup {
  return (key) => {
    const v = commandLine.get(key) ?? global?.properties.get(key)?.value;
    return v === undefined || v === '' ? undefined : v;
  };
}

export interface ConditionalPaths {
  kept: PathEntry[];
  problems: Diagnostic[];
}

/**
 * lxops' conditional paths: each entry is substituted; an entry with an undefined (or empty)
 * property is dropped, which is how lxops configs say "include this only when X is set". The
 * resolved path of a kept entry is its substituted text, resolved against the file's directory.
 */
export function conditionalPaths(
  file: string,
  list: readonly PathEntry[],
  what: 'include' | 'cloud-config-files',
  lookup: ConditionLookup,
): ConditionalPaths {
  const kept: PathEntry[] = [];
  const problems: Diagnostic[] = [];
  for (const entry of list) {
    const reserved = RESERVED.exec(entry.raw);
    if (reserved) {
      problems.push(reservedCharacter(entry, what, reserved[0]));
      continue;
    }
    const s = substitute(entry.raw, lookup, 'lxops');
    if (s.missing.length) {
      problems.push(droppedEntry(entry, what, s.missing[0]!.key));
      continue;
    }
    kept.push(s.value === entry.raw ? entry : { ...entry, resolved: resolvePath(file, s.value) });
  }
  return { kept, problems };
}

function reservedCharacter(entry: PathEntry, what: string, char: string): Diagnostic {
  return diagnostic(
    'path-reserved-character',
    entry.origin,
    `\`${entry.raw}\` contains \`${char}\`, which lxops reserves in \`${what}\` entries (\`|\`, \`;\`, \`,\` and \`:\`) and refuses to read: rename the file or its folder without it.`,
  );
}

function droppedEntry(entry: PathEntry, what: string, key: string): Diagnostic {
  const name = key === '' ? 'the empty property name `()`' : `property \`${key}\``;
  return diagnostic(
    'conditional-dropped',
    entry.origin,
    `\`${entry.raw}\` is left out: ${name} is not set (lxops substitutes \`${what}\` entries with -P and global properties only, and drops an entry whose property is undefined or empty). Set it with -P ${key || 'KEY'}=VALUE or in the global properties to use this entry.`,
  );
}

/** Whether an entry of this file is conditional (lxops substitutes it), so it is checked per root. */
export function isConditional(model: ConfigFileModel, entry: PathEntry): boolean {
  return model.format === 'lxops' && (entry.raw.includes('(') || RESERVED.test(entry.raw));
}
