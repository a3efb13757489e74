// A process that races for one lock (not a test file): started by fileLockStore.test.ts, it says
// "ready", waits until the go file exists, takes the lock, prints whether it won, and keeps any lock
// it won until its stdin closes (so that a loser cannot take it over as stale meanwhile).
import { existsSync } from 'node:fs';
import { FileLockStore } from '../../../core/src/host/fileLockStore';

const [dir, instance, go] = process.argv.slice(2) as [string, string, string];
const tick = new Int32Array(new SharedArrayBuffer(4));

async function main(): Promise<void> {
  const store = new FileLockStore(dir);
  process.stdout.write('ready\n');
  // Bounded: a test that failed before its go must not leave this process spinning.
  for (let spins = 0; !existsSync(go); spins++) {
    if (spins > 60_000) process.exit(3);
    Atomics.wait(tick, 0, 0, 1);
  }
  const r = await store.take(
    { host: 'local', project: 'default', instance },
    { command: 'launch', instance },
  );
  process.stdout.write(`${r.ok ? 'won' : `lost ${r.why}`}\n`);
  process.stdin.resume();
  process.stdin.on('end', () => process.exit(0));
}

void main();
