import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { checkFiles } from '../core/src/check/checkFiles';
import { ConfigWorkspace } from '../core/src/config/configWorkspace';
import { DiskFileSystem } from '../core/src/fs/diskFileSystem';
import { MemoryFileSystem } from '../core/src/fs/fileSystem';
import { generateWorkspace } from './generateWorkspace';
import { fmt, median, timeRuns } from './stats';

/**
 * `lxdops check` on a generated fleet, against the bare `yaml` parse of the same texts in the same
 * run. Both sides work from memory, so the ratio compares work, not disk reads; a cold disk run is
 * printed beside it.
 */
export function benchCheck(workDir: string, roots = 1000, rounds = 7): { ratio: number } {
  const files = generateWorkspace(join(workDir, 'fleet'), roots);
  const paths = [...files.keys()];
  const texts = [...files.values()];

  const check = () => checkFiles(paths, new ConfigWorkspace(new MemoryFileSystem(Object.fromEntries(files))));
  const first = check();
  if (first.diagnostics.length !== 0)
    throw new Error(`the generated workspace should check clean: ${JSON.stringify(first.diagnostics[0])}`);
  if (first.roots.length !== roots) throw new Error(`expected ${roots} roots, got ${first.roots.length}`);

  const yamlRuns = timeRuns(() => {
    for (const t of texts) parseDocument(t, { version: '1.1' });
  }, rounds);
  const checkRuns = timeRuns(check, rounds);
  const coldRuns = timeRuns(() => checkFiles(paths, new ConfigWorkspace(new DiskFileSystem())), 3, 0);

  const y = median(yamlRuns);
  const c = median(checkRuns);
  const ratio = c / y;
  console.log(
    `check: ${paths.length} files (${roots} root configs, 3 include levels, 20 cloud-config files)`,
  );
  console.log(`  yaml parseDocument alone   ${fmt(y)}  (median of ${rounds})`);
  console.log(`  lxdops check (in memory)   ${fmt(c)}  = ${Math.round((paths.length / c) * 1000)} files/s`);
  console.log(
    `  lxdops check (from disk)   ${fmt(median(coldRuns))}  = ${Math.round((paths.length / median(coldRuns)) * 1000)} files/s`,
  );
  console.log(`  ratio check / yaml parse   ${ratio.toFixed(2)}  (goal ≤ 3)`);
  return { ratio };
}
