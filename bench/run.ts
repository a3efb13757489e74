import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { benchCheck } from './checkBench';

/** `npm run bench`: every figure is a ratio against a reference measured in the same run. */
function main(): void {
  const work = join(__dirname, '.work');
  mkdirSync(work, { recursive: true });
  console.log(`node ${process.version}, ${new Date().toISOString()}`);
  benchCheck(work);
}

main();
