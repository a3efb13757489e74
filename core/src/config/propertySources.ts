import { basename } from 'node:path';
import type { Property } from './properties';
import { patternRefs } from './substitute';

const SOURCE: Record<Property['source'], string> = {
  'command-line': 'set with -P on the command line',
  config: 'set in the config',
  'built-in': 'built in',
  global: 'set in the global properties file',
};

function describe(p: Property): string {
  const where = p.origin && p.source !== 'built-in' ? ` (${basename(p.origin.file)})` : '';
  return `\`${p.key}\` = \`${p.value}\` ${SOURCE[p.source]}${where}`;
}

/** "property `y` = `-rf` set with -P on the command line, ...": where the values of a pattern's `(key)`s come from. */
export function propertySources(pattern: string, lookup: (key: string) => Property | undefined): string {
  const all = [...new Set(patternRefs(pattern).map((r) => r.key))].flatMap((k) => lookup(k) ?? []);
  // the built-ins (`instance`, `project`) matter only when nothing else went into the value
  const set = all.filter((p) => p.source !== 'built-in');
  const used = set.length ? set : all;
  if (!used.length) return '';
  return `; ${used.length === 1 ? 'property' : 'properties'} ${used.map(describe).join(', ')}`;
}
