// Prints the import cycles between the folders of core/src (e.g. check ↔ validate), from the
// relative imports of the .ts files. Exit code 1 when there is one. Usage: node scripts/import-cycles.mjs
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..', 'core/src');

function tsFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? tsFiles(path) : entry.name.endsWith('.ts') ? [path] : [];
  });
}

const folderOf = (file) => relative(root, dirname(file)).split('/')[0] || '.';
const edges = new Map();
for (const file of tsFiles(root)) {
  const text = readFileSync(file, 'utf8');
  for (const match of text.matchAll(/^(?:import|export)[^'"]*from '(\.[^']+)'/gm)) {
    const target = resolve(dirname(file), match[1]);
    if (!target.startsWith(root)) continue;
    const from = folderOf(file);
    const to = folderOf(`${target}.ts`);
    if (from === to) continue;
    if (!edges.has(from)) edges.set(from, new Map());
    edges.get(from).set(to, `${relative(root, file)} → ${match[1]}`);
  }
}

const cycles = [];
for (const [from, targets] of edges)
  for (const [to, why] of targets) {
    const back = edges.get(to)?.get(from);
    if (back && from < to) cycles.push(`${from} ↔ ${to}\n  ${why}\n  ${back}`);
  }
console.log(cycles.length ? cycles.join('\n') : 'no two-folder import cycles in core/src');
process.exitCode = cycles.length ? 1 : 0;
