// The live status of clones during Upgrade Fleet (client/src/model/fleetLive.ts): what each clone
// node says and the progress notification's counts.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { countsText, liveOf, liveText, upgradeCounts } from '../../../client/src/model/fleetLive';

describe('Fleet live status', () => {
  test('each status as the clone node shows it', () => {
    assert.equal(liveText({ status: 'queued' }), 'queued');
    assert.equal(
      liveText({ status: 'running', step: 3, steps: 9, message: 'start container' }),
      'step 3/9: start container',
    );
    assert.equal(liveText({ status: 'running', step: 3, steps: 9 }), 'step 3/9');
    assert.equal(liveText({ status: 'running' }), 'running');
    assert.equal(liveText({ status: 'health-check' }), 'health check');
    assert.equal(liveText({ status: 'done' }), 'done');
    assert.equal(
      liveText({ status: 'reverted', message: 'health command exited 1' }),
      'reverted: health command exited 1',
    );
    assert.equal(liveText({ status: 'failed' }), 'failed');
  });

  test('an event keeps only what it carries', () => {
    assert.deepEqual(liveOf({ id: 'x', instance: 'a', host: 'local', status: 'queued' }), {
      status: 'queued',
    });
    assert.deepEqual(
      liveOf({ id: 'x', instance: 'a', host: 'local', status: 'running', step: 1, steps: 4 }),
      {
        status: 'running',
        step: 1,
        steps: 4,
      },
    );
  });

  test('counts: finished are done, reverted, failed and skipped; health checks count as running', () => {
    const counts = upgradeCounts([
      { status: 'done' },
      { status: 'reverted' },
      { status: 'health-check' },
      { status: 'running' },
      { status: 'queued' },
    ]);
    assert.equal(countsText(counts, 6), '2/6 finished · 2 running · 1 queued · 1 reverted');
    assert.equal(countsText(upgradeCounts([]), 3), '0/3 finished');
    assert.equal(countsText(upgradeCounts([{ status: 'failed' }]), 1), '1/1 finished · 1 failed');
  });
});
