import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { FreshRun } from '../../../client/src/model/freshRun';

/** A run whose completions the test releases one by one. */
function gatedRun() {
  const gates: (() => void)[] = [];
  let started = 0;
  let running = 0;
  let overlap = false;
  const run = new FreshRun(async () => {
    started++;
    running++;
    if (running > 1) overlap = true;
    await new Promise<void>((resolve) => gates.push(resolve));
    running--;
  });
  const settle = () => new Promise<void>((resolve) => setImmediate(resolve));
  return { run, gates, started: () => started, overlap: () => overlap, settle };
}

describe('FreshRun: every caller waits for a run that started after its request', () => {
  test('a request during a run gets one more run after it; runs never overlap', async () => {
    const g = gatedRun();
    let firstDone = false;
    let secondDone = false;
    void g.run.request().then(() => (firstDone = true));
    await g.settle();
    void g.run.request().then(() => (secondDone = true));
    void g.run.request();
    await g.settle();
    assert.equal(g.started(), 1);
    g.gates.shift()!();
    await g.settle();
    assert.equal(firstDone, true);
    assert.equal(secondDone, false, 'the second request started during the first run: it waits for another');
    assert.equal(g.started(), 2, 'the two requests during the first run share one run');
    g.gates.shift()!();
    await g.settle();
    assert.equal(secondDone, true);
    assert.equal(g.overlap(), false);
  });
  test('a failing run still answers the request (it rejects) and the next request runs again', async () => {
    let calls = 0;
    const run = new FreshRun(async () => {
      calls++;
      if (calls === 1) throw new Error('boom');
    });
    await assert.rejects(run.request(), /boom/);
    await run.request();
    assert.equal(calls, 2);
  });
});
