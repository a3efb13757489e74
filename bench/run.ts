import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchCheck } from './checkBench';
import { benchEngine } from './engineBench';
import { benchExplorer } from './explorerBench';
import { benchExtension } from './extensionBench';
import { benchFleet } from './fleetBench';
import { benchLsp } from './lspBench';
import { benchSsh } from './sshBench';

const SUITES: Record<string, (work: string) => unknown> = {
  check: benchCheck,
  lsp: benchLsp,
  engine: benchEngine,
  extension: benchExtension,
  ssh: benchSsh,
  explorer: benchExplorer,
  fleet: benchFleet,
};

/** `npm run bench [-- check lsp engine extension]`: every figure is a ratio against a reference measured in the same run. */
async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'lxdops-bench-'));
  const chosen = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(SUITES);
  const unknown = chosen.filter((s) => !SUITES[s]);
  if (unknown.length)
    throw new Error(`unknown suite ${unknown.join(', ')} (suites: ${Object.keys(SUITES).join(', ')})`);
  console.log(`node ${process.version}, ${new Date().toISOString()}`);
  for (const s of chosen) await SUITES[s]!(work);
}

void main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
