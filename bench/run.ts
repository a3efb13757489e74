import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchCheck } from './checkBench';
import { benchLsp } from './lspBench';

/** `npm run bench`: every figure is a ratio against a reference measured in the same run. */
async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'lxdops-bench-'));
  console.log(`node ${process.version}, ${new Date().toISOString()}`);
  benchCheck(work);
  await benchLsp(work);
}

void main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
