import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ConfigWorkspace } from '../../core/src/config/configWorkspace';
import { MemoryFileSystem } from '../../core/src/fs/fileSystem';
import { convertTree } from '../../core/src/migrate/convertTree';
import { FILES as LSP_FILES } from '../lsp/fixtureWorkspace';

/** A workspace to mutate: file paths (relative, `/`-separated) → text. */
export interface Workspace {
  name: string;
  files: Record<string, string>;
}

const ROOT = join(__dirname, '../..');

function readTree(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (at: string) => {
    for (const name of readdirSync(at).sort()) {
      const path = join(at, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.(ya?ml|cfg)$/.test(name)) files[relative(dir, path)] = readFileSync(path, 'utf8');
    }
  };
  walk(dir);
  return files;
}

/** The workspace with its `#lxdops` files converted to `#lxops-v1` (what `lxdops config convert` writes). */
function asLxops(w: Workspace): Workspace {
  const at = (f: string) => `/ws/${f}`;
  const fs = new MemoryFileSystem(Object.fromEntries(Object.entries(w.files).map(([f, t]) => [at(f), t])));
  const names = Object.keys(w.files);
  const converted = convertTree(names.map(at), new ConfigWorkspace(fs)).files;
  const output = new Map(converted.map((c) => [c.file, c.output]));
  return {
    name: `${w.name} as #lxops-v1`,
    files: Object.fromEntries(names.map((f) => [f, output.get(at(f)) ?? w.files[f]!])),
  };
}

/**
 * Real-looking workspaces: the shipped examples, the LSP test workspace, each broken-fixture
 * case, and the first two converted to `#lxops-v1`.
 */
export function loadCorpus(): Workspace[] {
  const examples = { name: 'examples', files: readTree(join(ROOT, 'examples')) };
  const lsp = { name: 'lsp-fixture', files: { ...LSP_FILES } };
  const out: Workspace[] = [examples, lsp, asLxops(examples), asLxops(lsp)];
  const broken = join(ROOT, 'test/fixtures/broken');
  for (const name of readdirSync(broken).sort()) {
    if (!statSync(join(broken, name)).isDirectory()) continue;
    const files = readTree(join(broken, name));
    if (Object.keys(files).length > 0) out.push({ name: `broken/${name}`, files });
  }
  return out;
}
