import type { ConfigFileModel, PathEntry } from '../config/model';
import { lineNumber } from './lines';
import type { MigrationNote } from './types';

const BUILTINS = new Set(['instance', 'project', 'project/', 'project_instance']);
const PATTERN = /\([^()]*\)/;
const RESERVED = /[|;,:]/;

function pathNotes(text: string, key: string, entries: readonly PathEntry[]): MigrationNote[] {
  const out: MigrationNote[] = [];
  for (const e of entries) {
    const base = { file: e.origin.file, line: lineNumber(text, e.origin.start) };
    if (PATTERN.test(e.raw))
      out.push({
        ...base,
        code: 'conditional-path',
        message: `\`${key}\` entry \`${e.raw}\` is a literal path in lxdops; lxops substitutes its (property) from -P and the global properties only (not the config's), and drops the entry when the property is undefined or empty`,
      });
    if (RESERVED.test(e.raw))
      out.push({
        ...base,
        code: 'reserved-path-character',
        message: `\`${key}\` entry \`${e.raw}\` has one of | ; , : which lxops reserves for conditions: it fails to read it; rename the file`,
      });
  }
  return out;
}

/** Notes on what reads the same text differently in lxops: paths with properties, built-in names. */
export function semanticNotes(text: string, model: ConfigFileModel): MigrationNote[] {
  const out = [
    ...pathNotes(text, 'include', model.include),
    ...pathNotes(text, 'cloud-config-files', model.cloudConfigFiles),
  ];
  for (const p of model.properties)
    if (BUILTINS.has(p.key))
      out.push({
        code: 'builtin-property-precedence',
        file: model.file,
        line: lineNumber(text, p.keyOrigin.start),
        message: `property \`${p.key}\` overrides the built-in one in lxdops; in lxops the built-in wins and this value is not used`,
      });
  return out;
}
