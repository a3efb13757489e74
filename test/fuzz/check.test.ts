// The seeded mutation fuzzer against `checkFiles` (the in-process core): every mutant is checked in
// a worker thread, so that a hang can be stopped and reported; a throw, a broken result (unknown
// code, span outside its file) or a check slower than the bound fails, with seed and minimised input.
import assert from 'node:assert/strict';
import { availableParallelism } from 'node:os';
import { after, before, test } from 'node:test';
import { CheckPool, type Outcome } from './checkPool';
import { loadCorpus } from './corpus';
import { minimise } from './minimise';
import { type Mutant, mutantOf, report, rooted } from './mutants';
import { FUZZ, indexes } from './settings';

const corpus = loadCorpus();
let pool: CheckPool;

before(() => {
  pool = new CheckPool(Math.max(1, Math.min(2, availableParallelism())), FUZZ.boundMs);
});
after(() => pool.close());

const failed = (o: Outcome) => o.kind !== 'ok' || o.ms > FUZZ.boundMs;

async function minimised(m: Mutant, first: Outcome): Promise<string> {
  const attempts = first.kind === 'hang' ? 20 : 150;
  return minimise(
    m.files[m.file]!,
    async (text) => {
      const o = await pool.check(rooted({ ...m.files, [m.file]: text }));
      return o.kind === first.kind && failed(o);
    },
    attempts,
  );
}

test(`checkFiles: ${FUZZ.only ?? FUZZ.count} mutants of real workspaces, no crash, none over ${FUZZ.boundMs} ms`, async () => {
  const failures: { mutant: Mutant; outcome: Outcome }[] = [];
  const times: number[] = [];
  const list = indexes(FUZZ.count);
  const inFlight = new Set<Promise<void>>();
  for (const index of list) {
    const mutant = mutantOf(corpus, FUZZ.seed, index);
    const job = pool.check(rooted(mutant.files)).then((outcome) => {
      times.push(outcome.ms);
      if (failed(outcome)) failures.push({ mutant, outcome });
    });
    inFlight.add(job);
    void job.then(() => inFlight.delete(job));
    if (inFlight.size >= pool.size * 2) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  times.sort((a, b) => a - b);
  const p = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(1);
  console.log(
    `fuzz check: seed ${FUZZ.seed}, ${times.length} mutants, ${failures.length} failures; ms p50 ${p(0.5)} p99 ${p(0.99)} max ${p(1)}`,
  );
  const reports: string[] = [];
  for (const { mutant, outcome } of failures.slice(0, 3)) {
    const kind = outcome.kind === 'ok' ? `slow (${outcome.ms.toFixed(0)} ms)` : outcome.kind;
    reports.push(report(mutant, FUZZ.seed, kind, outcome.detail ?? '', await minimised(mutant, outcome)));
  }
  assert.equal(failures.length, 0, `${failures.length} failing mutants:\n${reports.join('\n\n')}`);
});
