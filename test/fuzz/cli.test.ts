// A few fuzzer mutants through the built CLI (dist/cli.js check), one process each: exit 0 or 1
// with JSON on stdout, never exit 2, a signal or a stack trace, within the bound plus start-up.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { loadCorpus } from './corpus';
import { mutantOf } from './mutants';
import { FUZZ, indexes } from './settings';

const CLI = join(__dirname, '../../dist/cli.js');
const corpus = loadCorpus();

test(`dist/cli.js check: ${FUZZ.only ?? FUZZ.cliCount} mutants, exit 0 or 1 with JSON, no stack trace`, () => {
  assert.ok(existsSync(CLI), 'dist/cli.js is missing: npm run build first');
  const failures: string[] = [];
  for (const index of indexes(FUZZ.cliCount)) {
    const m = mutantOf(corpus, FUZZ.seed ^ 0xc11, index);
    const dir = mkdtempSync(join(tmpdir(), 'lxdops-fuzz-'));
    for (const [rel, text] of Object.entries(m.files)) {
      mkdirSync(dirname(join(dir, rel)), { recursive: true });
      writeFileSync(join(dir, rel), text, 'latin1');
    }
    const r = spawnSync(process.execPath, [CLI, 'check', '--format', 'json', dir], {
      encoding: 'utf8',
      timeout: FUZZ.boundMs + 5000,
      env: { ...process.env, XDG_CONFIG_HOME: join(dir, 'no-config-home') },
    });
    rmSync(dir, { recursive: true, force: true });
    const where = `mutant #${index} of seed ${FUZZ.seed} (${m.workspace}/${m.file}: ${m.applied.join(', ')})`;
    if (r.status !== 0 && r.status !== 1)
      failures.push(`${where}: exit ${r.status} ${r.signal ?? ''} ${r.stderr.slice(0, 500)}`);
    else if (/\n\s+at /.test(r.stderr))
      failures.push(`${where}: a stack trace on stderr: ${r.stderr.slice(0, 500)}`);
    else {
      try {
        JSON.parse(r.stdout);
      } catch {
        failures.push(`${where}: stdout is not JSON: ${r.stdout.slice(0, 200)}`);
      }
    }
  }
  assert.deepEqual(failures, []);
});
