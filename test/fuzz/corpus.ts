import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
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

/** Real-looking workspaces: the shipped examples, the LSP test workspace, each broken-fixture case. */
export function loadCorpus(): Workspace[] {
  const out: Workspace[] = [{ name: 'examples', files: readTree(join(ROOT, 'examples')) }];
  out.push({ name: 'lsp-fixture', files: { ...LSP_FILES } });
  const broken = join(ROOT, 'test/fixtures/broken');
  for (const name of readdirSync(broken).sort()) {
    if (!statSync(join(broken, name)).isDirectory()) continue;
    const files = readTree(join(broken, name));
    if (Object.keys(files).length > 0) out.push({ name: `broken/${name}`, files });
  }
  return out;
}
